"""Staff build meetings and declare polls in the admin; a poll is never edited after opening."""

import pytest
from django.urls import reverse

from congress_portal.meetings import services
from congress_portal.meetings.models import Poll

from .helpers import committee, meeting, open_satisfaction

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_staff(staff_user):
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.set(Permission.objects.filter(content_type__app_label="meetings"))
    return staff_user


def test_admin_pages_open_in_chinese(client, admin_staff):
    term, users = committee(5)
    m = meeting(term)
    poll = services.poll_create(forum=m, title="测评", kind=Poll.Kind.SATISFACTION, actor=admin_staff)
    client.force_login(admin_staff)
    for url in [reverse("admin:meetings_standingcommitteemeeting_changelist"),
                reverse("admin:meetings_standingcommitteemeeting_change", args=[m.pk]),
                reverse("admin:meetings_poll_changelist"), reverse("admin:meetings_poll_add"),
                reverse("admin:meetings_poll_change", args=[poll.pk]),
                reverse("admin:meetings_votesetting_changelist")]:
        response = client.get(url)
        assert response.status_code == 200, url
    html = client.get(reverse("admin:meetings_votesetting_changelist")).content.decode()
    assert "地方组织法" in html


def test_admin_declares_a_poll_with_its_options(client, admin_staff):
    term, users = committee(5)
    m = meeting(term)
    client.force_login(admin_staff)
    url = reverse("admin:meetings_poll_add")
    data = {"meeting": m.pk, "title": "民生实事项目票决", "kind": "approval", "places": 2, "subjects": "甲\n乙"}
    html = client.post(url, data).content.decode()
    assert "差额票决的候选项目须多于应选数" in html and not Poll.objects.exists()
    data["subjects"] = "甲\n乙\n丙"
    client.post(url, data)
    poll = Poll.objects.get()
    assert poll.rule == "approval_top_n" and list(poll.options.values_list("label", flat=True)) == ["甲", "乙", "丙"]


def test_opened_poll_is_read_only_in_the_admin(client, admin_staff):
    term, users = committee(5)
    m = meeting(term)
    poll = open_satisfaction(m, admin_staff, users[:3])
    client.force_login(admin_staff)
    url = reverse("admin:meetings_poll_change", args=[poll.pk])
    client.post(url, {"title": "改过的标题", "agenda_item": "", "places": ""})
    assert Poll.objects.get(pk=poll.pk).title == poll.title
    assert 'name="title"' not in client.get(url).content.decode()


def test_vote_setting_refuses_a_bad_value(client, admin_staff):
    from congress_portal.meetings.models import VoteSetting
    from congress_portal.meetings.settings import load_defaults

    load_defaults(VoteSetting)
    setting = VoteSetting.objects.get(code="plenary_quorum")
    client.force_login(admin_staff)
    url = reverse("admin:meetings_votesetting_change", args=[setting.pk])
    html = client.post(url, {"value": "3/2", "source": setting.source, "note": ""}).content.decode()
    assert "请填写 0 到 1 之间的比例" in html
    assert VoteSetting.objects.get(pk=setting.pk).value == "2/3"


def test_meeting_document_type_and_size_checked():
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile

    from congress_portal.meetings.models import AgendaDocument

    term, users = committee(3)
    m = meeting(term)
    doc = AgendaDocument(item=m.agenda_items.first(), title="脚本")
    doc.file = ContentFile(b"<script>", name="x.html")
    with pytest.raises(ValidationError) as exc:
        doc.full_clean()
    assert "file" in exc.value.message_dict
