"""Pages: outsiders refused (404 unseen, 403 forbidden), text shown as text, bounded queries."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proposals import services
from proposals.models import Assignment, Attachment, Commitment, Status, Suggestion
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _get(client, user, url):
    client.logout()
    return client_for(client, user).get(url)


def test_detail_visibility(client, build, cast, third_deputy_user):
    s = build.to(Status.ASSIGNED)
    url = reverse("proposals:detail", args=[s.pk])
    for role in ("staff", "leader", "deputy", "other_deputy", "unit_officer", "other_unit_officer"):
        assert _get(client, cast[role], url).status_code == 200, role
    assert _get(client, third_deputy_user, url).status_code == 404
    assert _get(client, None, url).status_code == 302


def test_deputy_never_sees_another_deputys_draft(client, build, cast):
    s = build.to(Status.DRAFT, cosigner=False)
    assert _get(client, cast["other_deputy"], reverse("proposals:detail", args=[s.pk])).status_code == 404
    assert _get(client, cast["other_deputy"], reverse("proposals:edit", args=[s.pk])).status_code == 404
    assert s.title not in _get(client, cast["other_deputy"], reverse("proposals:mine")).content.decode()
    assert _get(client, cast["unit_officer"], reverse("proposals:detail", args=[s.pk])).status_code == 404


def test_unit_never_sees_another_units_suggestion(client, build, cast, unit):
    s = build.to(Status.REGISTERED)
    services.suggestion_assign(suggestion=s, actor=cast["staff"], lead_unit=unit)
    assert _get(client, cast["other_unit_officer"], reverse("proposals:detail", args=[s.pk])).status_code == 404
    assert _get(client, cast["other_unit_officer"], reverse("proposals:reply", args=[s.pk])).status_code == 404
    page = _get(client, cast["other_unit_officer"], reverse("proposals:unit_workbench")).content.decode()
    assert s.title not in page


@pytest.mark.parametrize("name,role,state", [
    ("edit", "other_deputy", Status.DRAFT),          # a co-signer sees it but may not edit
    ("edit", "deputy", Status.SUBMITTED),             # no longer editable
    ("evaluate", "deputy", Status.HANDLING),
    ("reply", "other_unit_officer", Status.HANDLING),  # co-unit may not reply
    ("co_opinion", "unit_officer", Status.HANDLING),   # lead unit does not send a co-opinion
    ("contact", "other_unit_officer", Status.HANDLING),
    ("reassign", "unit_officer", Status.REPLIED),
    ("extension", "unit_officer", Status.REPLIED),
    ("supervise", "leader", Status.HANDLING),          # not its key leader
])
def test_visible_but_forbidden_is_403(client, build, cast, name, role, state):
    s = build.to(state)
    assert _get(client, cast[role], reverse(f"proposals:{name}", args=[s.pk])).status_code == 403


@pytest.mark.parametrize("name", ["mine", "create"])
def test_deputy_pages_refuse_other_roles(client, cast, name):
    for role in ("staff", "leader", "unit_officer"):
        assert _get(client, cast[role], reverse(f"proposals:{name}")).status_code == 403
    assert _get(client, None, reverse(f"proposals:{name}")).status_code == 302


@pytest.mark.parametrize("name,allowed", [("unit_workbench", "unit_officer"), ("key_list", "leader"),
                                          ("staff_queues", "staff")])
def test_role_pages_refuse_other_roles(client, cast, name, allowed):
    for role in ("staff", "leader", "deputy", "unit_officer"):
        expected = 200 if role == allowed else 403
        assert _get(client, cast[role], reverse(f"proposals:{name}")).status_code == expected, role


def test_act_refuses_forbidden_moves(client, build, cast):
    s = build.to(Status.ASSIGNED)
    client_for(client, cast["other_unit_officer"])
    assert client.post(reverse("proposals:act", args=[s.pk, "accept"])).status_code == 403
    assert client.post(reverse("proposals:act", args=[s.pk, "register"])).status_code == 404
    assert Suggestion.objects.get(pk=s.pk).status == Status.ASSIGNED


def test_attachment_download_is_permission_checked(client, build, cast, settings, tmp_path, third_deputy_user):
    settings.MEDIA_ROOT = tmp_path
    s = build.draft()
    a = services.attachment_add(suggestion=s, actor=cast["deputy"], upload=SimpleUploadedFile("材料.pdf", b"%PDF-1.4 x"))
    url = reverse("proposals:attachment_download", args=[a.pk])
    response = _get(client, cast["deputy"], url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert _get(client, third_deputy_user, url).status_code == 404
    assert _get(client, cast["unit_officer"], url).status_code == 404


def test_bad_upload_gets_a_chinese_message_and_nothing_is_saved(client, build, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    s = build.draft()
    client_for(client, cast["deputy"])
    response = client.post(reverse("proposals:attachment_upload", args=[s.pk]),
                           {"file": SimpleUploadedFile("cv.pdf", b"<html><script>x</script>")}, follow=True)
    assert "只接受" in response.content.decode()
    assert not Attachment.objects.exists()


def test_deputy_creates_saves_and_submits(client, cast):
    client_for(client, cast["deputy"])
    data = {"title": "关于增设路灯的建议", "category": "urban", "background": "夜间照明不足", "proposal": "增设路灯"}
    response = client.post(reverse("proposals:create"), {**data, "save": "1"})
    s = Suggestion.objects.get()
    assert response.url == reverse("proposals:edit", args=[s.pk]) and s.status == Status.DRAFT
    response = client.post(reverse("proposals:autosave", args=[s.pk]), {**data, "title": "关于增设路灯的建议（改）",
                                                                          "version": s.version})
    assert response.json()["ok"]
    stale = client.post(reverse("proposals:edit", args=[s.pk]), {**data, "version": s.version, "submit": "1"},
                        follow=True)
    assert "刷新" in stale.content.decode()
    s.refresh_from_db()
    client.post(reverse("proposals:edit", args=[s.pk]), {**data, "version": s.version, "submit": "1"})
    assert Suggestion.objects.get().status == Status.SUBMITTED


def test_html_in_every_field_is_shown_as_text(client, build, cast):
    s = services.suggestion_create(actor=cast["deputy"], title=XSS, background=XSS, proposal=XSS)
    for url in (reverse("proposals:detail", args=[s.pk]), reverse("proposals:mine"),
                reverse("proposals:edit", args=[s.pk])):
        body = _get(client, cast["deputy"], url).content.decode()
        assert "<script>alert" not in body and "&lt;script&gt;" in body
    body = _get(client, cast["staff"], reverse("admin:proposals_suggestion_changelist")).content.decode()
    assert "<script>alert" not in body


def _many(build, cast, n, state=Status.ASSIGNED):
    for _ in range(n):
        build.to(state)


@pytest.mark.parametrize("role,name", [("deputy", "mine"), ("unit_officer", "unit_workbench"),
                                       ("staff", "staff_queues")])
def test_list_query_counts_do_not_grow(client, build, cast, django_assert_max_num_queries, role, name):
    counts = []
    for n in (3, 27):
        _many(build, cast, n)
        client_for(client, cast[role])
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(f"proposals:{name}")).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(counts[0]):
        client.get(reverse(f"proposals:{name}"))


def test_key_list_and_detail_query_counts(client, build, cast, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (3, 27):
        for _ in range(n):
            s = build.to(Status.HANDLING)
            services.key_supervision_mark(suggestion=s, actor=cast["staff"], leader=cast["leader"])
        client_for(client, cast["leader"])
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("proposals:key_list"))
        counts.append(len(ctx))
    assert counts[0] == counts[1]
    detail = reverse("proposals:detail", args=[s.pk])
    client_for(client, cast["deputy"])
    with django_assert_max_num_queries(30):
        assert client.get(detail).status_code == 200


def test_workbench_cards(client, build, cast):
    s = build.to(Status.REPLIED)
    for role, text in (("deputy", s.title), ("unit_officer", "逾期"), ("staff", "待阅看"), ("leader", "重点")):
        body = _get(client, cast[role], reverse("accounts:home")).content.decode()
        assert text in body, role


def test_admin_pages_for_staff_only(client, build, cast):
    s = build.to(Status.SUBMITTED)
    urls = [reverse("admin:proposals_suggestion_changelist"), reverse("admin:proposals_suggestion_change", args=[s.pk]),
            reverse("admin:proposals_suggestion_move", args=[s.pk, "prereview"]),
            reverse("admin:proposals_suggestion_requests", args=[s.pk])]
    for url in urls:
        assert _get(client, cast["staff"], url).status_code == 200, url
        assert _get(client, cast["deputy"], url).status_code == 302, url  # admin login page


def test_admin_prereview_registers_through_the_service(client, build, cast):
    s = build.to(Status.SUBMITTED)
    client_for(client, cast["staff"])
    url = reverse("admin:proposals_suggestion_move", args=[s.pk, "prereview"])
    client.post(url, {"lawful": "on", "single_matter": "on", "feasible": "on", "version": s.version,
                      "decision": "register"})
    s.refresh_from_db()
    assert s.status == Status.REGISTERED and s.number


def test_admin_prereview_offers_similar_targets_and_merges_by_number(client, build, cast):
    target = build.to(Status.REGISTERED)
    handling = build.to(Status.HANDLING)  # similar too (same builder title), and still mergeable
    closed = build.to(Status.CLOSED)      # similar, but can no longer take a merge
    s = build.to(Status.SUBMITTED)
    client_for(client, cast["staff"])
    url = reverse("admin:proposals_suggestion_move", args=[s.pk, "prereview"])
    page = client.get(url)
    offered = {value for value, _label in page.context["form"].fields["merge_into"].widget.choices if value}
    assert {target.pk, handling.pk} <= offered and closed.pk not in offered
    post = {"version": s.version, "decision": "merge", "reasons": "同一事项"}
    # A number that cannot take a merge: a Chinese error on the field, nothing changed.
    page = client.post(url, {**post, "merge_number": closed.number})
    assert "且可并案的建议" in page.content.decode()
    page = client.post(url, {**post, "merge_into": handling.pk, "merge_number": target.number})
    assert "请只选择一件并入的建议" in page.content.decode()
    s.refresh_from_db()
    assert s.status == Status.SUBMITTED
    client.post(url, {**post, "merge_number": f" {target.number} "})
    s.refresh_from_db()
    assert s.status == Status.MERGED and s.merged_into == target


def test_admin_bulk_assign(client, build, cast, unit):
    a, b = build.to(Status.REGISTERED), build.to(Status.REGISTERED)
    client_for(client, cast["staff"])
    url = reverse("admin:proposals_suggestion_changelist")
    page = client.post(url, {"action": "assign_selected", "_selected_action": [a.pk, b.pk]})
    assert page.status_code == 200 and "lead_unit" in page.content.decode()
    client.post(url, {"action": "assign_selected", "_selected_action": [a.pk, b.pk], "apply": "1",
                      "lead_unit": unit.pk})
    assert set(Suggestion.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)) == {Status.ASSIGNED}


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_detail_query_count_is_fixed_whatever_the_history(client, build, cast):
    s = build.to(Status.CLOSED)
    client_for(client, cast["deputy"])
    url = reverse("proposals:detail", args=[s.pk])
    before = _count(client, url)
    for i in range(10):
        services.reply_score(suggestion=s, actor=cast["staff"], compliance=90, document=80, effect=70 + i)
    commitment = s.commitments.get()
    for i in range(5):
        services.commitment_report(commitment=commitment, actor=cast["unit_officer"], note=f"进展{i}")
    assert _count(client, url) == before
    assert before <= 25, before


def test_admin_changelist_and_cards_query_counts(client, build, cast, django_assert_max_num_queries):
    client_for(client, cast["staff"])
    counts = []
    for n in (3, 27):
        _many(build, cast, n, Status.SUBMITTED)
        counts.append((_count(client, reverse("admin:proposals_suggestion_changelist")),
                       _count(client, reverse("accounts:home"))))
    assert counts[0] == counts[1], counts
    for role in ("deputy", "unit_officer", "leader"):
        client.logout()
        client_for(client, cast[role])
        _count(client, reverse("accounts:home"))  # the leaders' yearly figures are then kept (cards.py)
        first = _count(client, reverse("accounts:home"))
        build.to(Status.REPLIED)
        assert _count(client, reverse("accounts:home")) == first, role


DEPUTY_URLS = ["detail", "edit", "autosave", "attachment_upload", "invite", "cosign", "evaluate"]
UNIT_URLS = ["detail", "contact", "co_opinion", "reassign", "extension", "reply"]


@pytest.mark.parametrize("name", DEPUTY_URLS + UNIT_URLS + ["supervise"])
def test_every_suggestion_page_refuses_outsiders(client, build, cast, third_deputy_user, name):
    """Not visible to this deputy or that unit: 404; a page of another role: 403; anonymous: login."""
    s = build.to(Status.HANDLING)
    url = reverse(f"proposals:{name}", args=[s.pk])
    data = {"title": "x", "text": "x", "accept": "1", "content": "x", "reasons": "x"}
    for user, pages in ((third_deputy_user, DEPUTY_URLS), (factories.UnitOfficerFactory(), UNIT_URLS)):
        client.logout()
        client_for(client, user)
        assert client.post(url, data).status_code == (404 if name in pages else 403), user
    client.logout()
    assert client.post(url, data).status_code == 302
    assert Suggestion.objects.get(pk=s.pk).version == s.version


def test_object_pages_refuse_outsiders(client, build, cast, third_deputy_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    draft = build.draft()
    attachment = services.attachment_add(suggestion=draft, actor=cast["deputy"],
                                         upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    s = build.to(Status.CLOSED)
    commitment = s.commitments.get()
    client_for(client, third_deputy_user)
    assert client.post(reverse("proposals:attachment_delete", args=[attachment.pk])).status_code == 404
    assert client.get(reverse("proposals:commitment_report", args=[commitment.pk])).status_code == 403
    client.logout()
    client_for(client, cast["other_unit_officer"])  # a co-unit sees it, but the commitment is not its own
    assert client.get(reverse("proposals:commitment_report", args=[commitment.pk])).status_code == 403
    assert client.post(reverse("proposals:attachment_delete", args=[attachment.pk])).status_code == 403
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_key_list_shows_one_year_at_a_time(client, build, cast):
    from django.utils import timezone

    from proposals.models import KeySupervision

    this_year = timezone.localdate().year
    now = build.to(Status.HANDLING)
    services.key_supervision_mark(suggestion=now, actor=cast["staff"], leader=cast["leader"])
    earlier = build.to(Status.HANDLING)
    services.key_supervision_mark(suggestion=earlier, actor=cast["staff"], leader=cast["leader"])
    KeySupervision.objects.filter(suggestion=earlier).update(year=this_year - 2)
    client_for(client, cast["leader"])
    page = client.get(reverse("proposals:key_list")).content.decode()
    now.refresh_from_db()
    earlier.refresh_from_db()
    assert now.number in page and earlier.number not in page and f"?year={this_year - 2}" in page
    page = client.get(reverse("proposals:key_list") + f"?year={this_year - 2}").content.decode()
    assert earlier.number in page and now.number not in page


def test_unit_workbench_tabs_count_and_list_their_own_items(client, build, cast):
    open_ones = [build.to(Status.HANDLING) for _ in range(2)]
    finished = [build.to(Status.CLOSED) for _ in range(3)]
    reference = build.to(Status.REFERENCE)  # never assigned: on no tab
    client_for(client, cast["unit_officer"])
    url = reverse("proposals:unit_workbench")
    pages = {tab: client.get(url, {"tab": tab}) for tab in ("open", "history", "commitments")}
    assert [name for name, _label, _n in pages["open"].context["tabs"]] == ["open", "history", "commitments"]
    counts = {name: n for name, _label, n in pages["open"].context["tabs"]}
    # The history count is derived (ever assigned less open): check it against a direct count.
    assert counts["open"] == 2 and counts["history"] == 3
    assert counts["commitments"] == Commitment.objects.filter(unit=build.unit, fulfilled_at__isnull=True).count()
    open_body, history_body = pages["open"].content.decode(), pages["history"].content.decode()
    detail = lambda s: reverse("proposals:detail", args=[s.pk])  # noqa: E731 - titles repeat, links do not
    assert all(detail(s) in open_body for s in open_ones) and not any(detail(s) in open_body for s in finished)
    assert all(detail(s) in history_body for s in finished) and not any(detail(s) in history_body for s in open_ones)
    assert detail(reference) not in open_body + history_body
    assert client.get(url, {"tab": "nonsense"}).context["tab"] == "open"


def test_unit_workbench_history_lists_each_suggestion_once_newest_assignment_first(client, build, cast, monkeypatch):
    from proposals.views import unit as unit_views

    monkeypatch.setattr(unit_views, "HISTORY_PAGE", 2)
    finished = [build.to(Status.CLOSED) for _ in range(3)]
    # The first was assigned to the unit twice (taken away, then given back) and most recently of all.
    first = Assignment.objects.filter(suggestion=finished[0], unit=build.unit).get()
    again = Assignment.objects.create(suggestion=finished[0], unit=build.unit, role=first.role,
                                      assigned_at=first.assigned_at + timedelta(days=400), active=False,
                                      reassign_until=first.reassign_until, assigned_by=first.assigned_by)
    assert again.pk > first.pk
    client_for(client, cast["unit_officer"])
    url = reverse("proposals:unit_workbench")
    pages = [client.get(url, {"tab": "history", "page": n}).context for n in (1, 2)]
    listed = [s.pk for context in pages for s in context["page"]]
    assert listed == [finished[0].pk, finished[2].pk, finished[1].pk]  # once each, newest assignment first
    assert {name: n for name, _label, n in pages[0]["tabs"]}["history"] == 3
    assert pages[1]["page"].paginator.num_pages == 2


@pytest.mark.parametrize("tab,state", [("history", Status.CLOSED), ("commitments", Status.CLOSED)])
def test_unit_workbench_tab_query_counts_do_not_grow(client, build, cast, tab, state):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (2, 12):
        _many(build, cast, n, state)
        client_for(client, cast["unit_officer"])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("proposals:unit_workbench"), {"tab": tab}).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts
    assert len(ctx) <= 9
    if tab == "commitments":
        assert Commitment.objects.filter(fulfilled_at__isnull=True).count() >= 12  # the page listed real rows


def test_detail_asks_nothing_about_handling_before_assignment(client, build, cast):
    submitted, closed = build.to(Status.SUBMITTED), build.to(Status.CLOSED)
    client_for(client, cast["deputy"])
    for s in (submitted, closed):
        _count(client, reverse("proposals:detail", args=[s.pk]))  # warm the session
    before, after = (_count(client, reverse("proposals:detail", args=[s.pk])) for s in (submitted, closed))
    # Session, user, suggestion, co-signers, attachments, the audit rows, the bell; once assigned also
    # units, contacts, replies, commitments and their progress, ratings.
    assert (before, after) == (7, 13)


# 500: a deputy's or unit's few suggestions are written into the query; 0: they are united in the database.
@pytest.mark.parametrize("inline", [500, 0])
def test_admin_search_by_title_number_deputy_and_unit(client, build, cast, unit, inline, monkeypatch):
    from proposals import admin as proposals_admin

    monkeypatch.setattr(proposals_admin, "SEARCH_INLINE_IDS", inline)
    s = build.to(Status.HANDLING)  # lead unit `unit`, lead deputy cast["deputy"]
    other = build.to(Status.SUBMITTED)  # no unit yet
    client_for(client, cast["staff"])
    url = reverse("admin:proposals_suggestion_changelist")

    def found(q):
        return {o.pk for o in client.get(url, {"q": q}).context["cl"].result_list}

    assert s.pk in found(s.title[2:6]) and other.pk in found(s.title[2:6])
    assert found(s.number) == {s.pk}
    assert s.pk in found(cast["deputy"].deputy.name) and other.pk in found(cast["deputy"].deputy.name)
    assert found(unit.name) == {s.pk}
    assert found(f"{unit.name} {s.title[2:6]}") == {s.pk}  # every word must match somewhere
    assert found("没有这样的建议") == set()


def test_lists_name_the_units_handling_now_lead_first(client, build, cast):
    s = build.to(Status.HANDLING)
    services.key_supervision_mark(suggestion=s, actor=cast["staff"], leader=cast["leader"])
    lead = Assignment.objects.get(suggestion=s, role=Assignment.Role.LEAD)
    co = Assignment.objects.get(suggestion=s, role=Assignment.Role.CO)
    gone = Assignment.objects.create(suggestion=s, unit=factories.HandlingUnitFactory(name="已改办的单位"), role=Assignment.Role.CO,
                                     assigned_at=lead.assigned_at, active=False, reassign_until=lead.reassign_until,
                                     assigned_by=lead.assigned_by)
    expected = f"{lead.unit.name}、{co.unit.name}"
    client_for(client, cast["leader"])
    page = client.get(reverse("proposals:key_list")).content.decode()
    assert expected in page and gone.unit.name not in page
    client.logout()
    client_for(client, cast["deputy"])
    page = client.get(reverse("proposals:mine")).content.decode()
    short = lambda unit: unit.short_name or unit.name  # noqa: E731
    assert f"{short(lead.unit)}、{short(co.unit)}" in page and gone.unit.name not in page


def test_unit_workbench_says_how_many_days_are_left_or_overdue(client, build, cast):
    from django.utils import timezone

    soon, late = build.to(Status.HANDLING), build.to(Status.HANDLING)
    today = timezone.localdate()
    Suggestion.objects.filter(pk=soon.pk).update(reply_due=today + timedelta(days=3))
    Suggestion.objects.filter(pk=late.pk).update(reply_due=today - timedelta(days=2))
    client_for(client, cast["unit_officer"])
    page = client.get(reverse("proposals:unit_workbench")).content.decode()
    assert "还剩 3 天" in page and "逾期 2 天" in page
    assert (today + timedelta(days=3)).isoformat() in page and (today - timedelta(days=2)).isoformat() in page
    assert page.index("逾期 2 天") < page.index("还剩 3 天")  # by deadline


def test_unit_cards_count_only_open_handling(client, build, cast):
    from proposals.providers import unit_cards

    build.to(Status.CLOSED)
    assigned = build.to(Status.ASSIGNED)
    counts = {str(card.title): card.count for card in unit_cards(cast["unit_officer"])}
    assert counts["待签收"] == 1
    Suggestion.objects.filter(pk=assigned.pk).update(status=Status.CLOSED)
    counts = {str(card.title): card.count for card in unit_cards(cast["unit_officer"])}
    assert counts["待签收"] == 0


def test_detail_reads_the_key_supervision_only_for_a_key_suggestion(client, build, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plain, key = build.to(Status.HANDLING), build.to(Status.HANDLING)
    services.key_supervision_mark(suggestion=key, actor=cast["staff"], leader=cast["leader"])
    client_for(client, cast["leader"])
    supervise = lambda s: reverse("proposals:supervise", args=[s.pk])  # noqa: E731
    client.get(reverse("proposals:detail", args=[plain.pk]))  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("proposals:detail", args=[plain.pk])).content.decode()
    assert supervise(plain) not in page
    assert not any("proposals_keysupervision" in q["sql"] for q in ctx.captured_queries)
    # the key leader is offered supervision of the key suggestion; another leader is not
    assert supervise(key) in client.get(reverse("proposals:detail", args=[key.pk])).content.decode()
    client.logout()
    client_for(client, factories.UserFactory(role="leader"))
    response = client.get(reverse("proposals:detail", args=[key.pk]))
    assert response.status_code == 200 and supervise(key) not in response.content.decode()


def test_the_admin_names_a_suggestions_number_and_kind_as_such(client, build, cast):
    # The project catalogue's plain "number" (a term's, 届次) and "kind" (a unit's, 类别) are other words.
    s = build.to(Status.HANDLING)
    client_for(client, cast["staff"])
    record = client.get(reverse("admin:proposals_suggestion_change", args=[s.pk])).content.decode()
    assert "<label>编号：</label>" in record and "<label>类型：</label>" in record and "届次/次数" not in record
    listing = client.get(reverse("admin:proposals_suggestion_changelist")).content.decode()
    assert ">编号</a>" in listing and "届次/次数" not in listing


def test_an_unregistered_suggestion_is_named_in_the_users_language(build):
    from django.utils import translation

    s = build.to(Status.DRAFT)
    with translation.override("zh-hans"):
        assert str(s) == f"（未立案） {s.title}"
    with translation.override("en"):
        assert str(s) == f"(unregistered) {s.title}"


@pytest.mark.parametrize("object_id", ["change", "999999", "12abc"])
def test_admin_record_of_no_suggestion_says_so(client, cast, object_id):
    """A mistyped or stale address: the admin's own message and the way back, not a server error."""
    response = _get(client, cast["staff"], f"/admin/proposals/suggestion/{object_id}/change/")
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    follow = client.get(response.url)
    assert "不存在" in follow.content.decode()


def test_staff_move_pages_speak_chinese(client, build, cast):
    """The move pages' button is 确认 (not the deputies' 确认参加, an activity's), and the assignment's
    two-box unit selector is translated, down to the admin script's own strings."""
    s = build.to(Status.REGISTERED)
    page = _get(client, cast["staff"], reverse("admin:proposals_suggestion_move", args=[s.pk, "assign"]))
    body = page.content.decode()
    assert 'value="确认"' in body and "确认参加" not in body
    assert 'class="selectfilter"' in body and "admin/js/SelectFilter2.js" in body
    catalog = client.get(reverse("admin:jsi18n")).content.decode()
    for text in ("全选%s", "选中左侧的%s，再点击“选择”箭头。", "可用 %s"):
        assert text.encode("unicode_escape").decode() in catalog or text in catalog, text


def test_dissatisfied_rating_asks_for_confirmation_before_sending_back(client, build, cast):
    """Issue 18.5: 不满意 sends the suggestion back for re-handling, so the page asks first and records
    nothing until the deputy confirms; a missing reason is shown by the comment field."""
    s = build.to(Status.REPLIED)
    client.force_login(cast["deputy"])
    url = reverse("proposals:evaluate", args=[s.pk])
    data = {"version": s.version, "attitude": "satisfied", "result": "dissatisfied", "comment": ""}
    page = client.post(url, data).content.decode()
    assert "请说明不满意的原因" in page and "is-invalid" in page
    assert 'id="confirm-rehandling"' not in page
    data["comment"] = "没有具体时间表。"
    page = client.post(url, data).content.decode()
    assert 'id="confirm-rehandling"' in page and "重新办理" in page
    assert Suggestion.objects.get(pk=s.pk).status == Status.REPLIED
    client.post(url, {**data, "confirmed": "1"})
    assert Suggestion.objects.get(pk=s.pk).status == Status.REHANDLING


def test_satisfied_rating_needs_no_confirmation(client, build, cast):
    s = build.to(Status.REPLIED)
    client.force_login(cast["deputy"])
    client.post(reverse("proposals:evaluate", args=[s.pk]),
                {"version": s.version, "attitude": "satisfied", "result": "basically", "comment": ""})
    assert Suggestion.objects.get(pk=s.pk).status == Status.EVALUATED


def test_unit_page_shows_the_deputys_phone_co_opinions_and_acceptance_day(client, build, cast):
    """Issue 18.13: the unit sees the lead deputy's phone (the contact the law requires), each co-unit's
    opinion and whether it has arrived, and the day it accepted (no bare "· 签收时间" label)."""
    from deputies.models import Deputy

    Deputy.objects.filter(pk=cast["deputy"].deputy_id).update(mobile="13800138000")
    s = build.to(Status.HANDLING)
    page = _get(client, cast["unit_officer"], reverse("proposals:detail", args=[s.pk])).content.decode()
    assert 'href="tel:13800138000"' in page
    assert "协办意见未收到" in page
    assert "· 签收时间" not in page and "签收" in page
    services.co_opinion_submit(suggestion=s, actor=cast["other_unit_officer"], text="建议结合老旧小区改造统筹。")
    page = _get(client, cast["unit_officer"], reverse("proposals:detail", args=[s.pk])).content.decode()
    assert "已收到协办意见" in page and "建议结合老旧小区改造统筹。" in page
    # Never on the deputies' pages.
    for role in ("deputy", "other_deputy"):
        assert "13800138000" not in _get(client, cast[role], reverse("proposals:detail", args=[s.pk])).content.decode()


def test_admin_list_title_opens_the_record_and_prereview_moves_through_the_queue(client, build, cast):
    """Issue 18.14: the title is the link (not a dash), a decision leads to the next suggestion waiting
    for pre-review, the queue's list when none is left, and 立案 is the visually primary button."""
    first, second = build.to(Status.SUBMITTED), build.to(Status.SUBMITTED)
    client_for(client, cast["staff"])
    listing = client.get(reverse("admin:proposals_suggestion_changelist") + "?status__exact=submitted").content.decode()
    change = reverse("admin:proposals_suggestion_change", args=[first.pk])
    assert re.search(rf'<a href="{change}[^"]*">{re.escape(first.title)}</a>', listing)
    url = reverse("admin:proposals_suggestion_move", args=[first.pk, "prereview"])
    page = client.get(url).content.decode()
    assert 'value="register" class="button default decision-primary"' in page
    response = client.post(url, {"lawful": "on", "single_matter": "on", "feasible": "on", "version": first.version,
                                 "decision": "register"})
    assert response.url == reverse("admin:proposals_suggestion_move", args=[second.pk, "prereview"])
    response = client.post(response.url, {"version": second.version, "decision": "return", "reasons": "请补充具体地点。"})
    assert response.url == reverse("admin:proposals_suggestion_changelist") + "?status__exact=submitted"
    assert "没有其他待阅看的建议" in client.get(response.url).content.decode()


def _png():
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_new_suggestion_carries_attachment_and_cosigners_from_its_first_save(client, cast):
    """Issue 18.4: a new suggestion's first save already takes an attachment and the co-signers; a failed
    submission saves nothing and marks the fields that failed, opening the page at the first one."""
    client_for(client, cast["deputy"])
    other = cast["other_deputy"].deputy
    page = client.get(reverse("proposals:create")).content.decode()
    assert 'name="file"' in page and 'name="deputies"' in page and 'data-filter-for="id_deputies"' in page
    assert page.count('class="asteriskField"') >= 4  # title, category, grounds, proposals marked by the field
    data = {"title": "关于增设路灯的建议", "category": "urban", "background": "", "proposal": "增设路灯",
            "deputies": [other.pk], "submit": "1"}
    response = client.post(reverse("proposals:create"), {**data, "file": SimpleUploadedFile("p.png", _png())})
    body = response.content.decode()
    assert response.status_code == 400 and not Suggestion.objects.exists()
    grounds = body.split('name="background"')[0].rsplit("<textarea", 1)[1] + body.split('name="background"')[1][:200]
    assert "autofocus" in grounds and "is-invalid" in grounds
    assert "请填写问题及理由。" in body.split('id="error_1_id_background"')[1][:200]
    response = client.post(reverse("proposals:create"), {**data, "background": "夜间照明不足",
                                                         "file": SimpleUploadedFile("p.png", _png())})
    s = Suggestion.objects.get()
    assert s.status == Status.SUBMITTED and response.url == reverse("proposals:detail", args=[s.pk])
    assert s.attachments.count() == 1 and list(s.cosigners.values_list("deputy_id", flat=True)) == [other.pk]


def test_refused_attachment_on_a_new_suggestion_keeps_nothing(client, cast):
    client_for(client, cast["deputy"])
    response = client.post(reverse("proposals:create"), {
        "title": "关于增设路灯的建议", "category": "urban", "save": "1",
        "file": SimpleUploadedFile("cv.pdf", b"<html><script>x</script>")})
    assert response.status_code == 400 and "只接受" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_cosigner_picker_searches_by_name_without_script(client, cast):
    client_for(client, cast["deputy"])
    other = cast["other_deputy"].deputy
    response = client.post(reverse("proposals:create"), {"title": "草稿", "category": "urban",
                                                         "find_cosigners": "1", "who": other.name[:1]})
    choices = [label for _v, label in response.context["cosigner_form"].fields["deputies"].choices]
    assert other.name in choices and all(other.name[:1] in label for label in choices)
    assert not Suggestion.objects.exists() and 'value="草稿"' in response.content.decode()
    s = services.suggestion_create(actor=cast["deputy"], title="草稿")
    page = client.get(reverse("proposals:edit", args=[s.pk]), {"who": "不存在的名字"})
    assert list(page.context["cosigner_form"].fields["deputies"].queryset) == []
