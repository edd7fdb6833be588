"""Issue 12.4: a deputy's unsubmitted draft and its attachments are the deputy's own (and the invited
co-signers') until submitted: no staff or leader page, list, admin, download, count or ledger shows them."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from proposals import services
from proposals.models import Status
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
TITLE = "关于规范夜间施工噪声管理的建议"


@pytest.fixture
def draft(build, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    s = build.draft(title=TITLE)
    services.cosigner_invite(suggestion=s, actor=cast["deputy"], deputies=[cast["other_deputy"].deputy])
    attachment = services.attachment_add(suggestion=s, actor=cast["deputy"],
                                         upload=SimpleUploadedFile("现场.pdf", b"%PDF-1.7\n..."))
    return s, attachment


def _pages(s, attachment):
    return [reverse("proposals:detail", args=[s.pk]), reverse("proposals:attachment_download", args=[attachment.pk])]


@pytest.mark.parametrize("role", ["staff", "leader"])
def test_staff_and_leaders_get_404_on_a_draft_and_its_attachment(client, cast, draft, role):
    s, attachment = draft
    client_for(client, cast[role])
    for url in _pages(s, attachment):
        assert client.get(url).status_code == 404, url


def test_the_deputy_and_the_invited_cosigner_read_the_draft(client, cast, draft):
    s, attachment = draft
    for role in ("deputy", "other_deputy"):
        client_for(client, cast[role])
        for url in _pages(s, attachment):
            assert client.get(url).status_code == 200, (role, url)


def test_the_admin_neither_lists_nor_opens_nor_searches_a_draft(client, cast, draft):
    s, _attachment = draft
    staff = cast["staff"]
    staff.user_permissions.add(Permission.objects.get(codename="view_auditlog"))
    client_for(client, staff)
    listing = client.get(reverse("admin:proposals_suggestion_changelist")).content.decode()
    assert TITLE not in listing and "status__exact=draft" not in listing and "status__exact=submitted" in listing
    assert TITLE not in client.get(reverse("admin:proposals_suggestion_changelist"), {"q": "夜间施工"}).content.decode()
    assert TITLE not in client.get(reverse("admin:proposals_suggestion_changelist"),
                                   {"status__exact": Status.DRAFT}).content.decode()
    response = client.get(reverse("admin:proposals_suggestion_change", args=[s.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:proposals_suggestion_move", args=[s.pk, "prereview"])).status_code == 404
    trail = client.get(reverse("admin:audit_auditlog_changelist")).content.decode()
    assert TITLE not in trail and "夜间施工" not in trail


def test_counts_and_ledgers_leave_drafts_out(client, cast, draft):
    client_for(client, cast["leader"])
    dashboard = client.get(reverse("dashboard:index"))
    assert dashboard.status_code == 200
    assert dict((value, n) for value, _label, n in dashboard.context["f"].states)[Status.DRAFT] == 0
    book = load_workbook(io.BytesIO(client.get(reverse("reports:suggestions_ledger")).content))
    cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert TITLE not in " ".join(cells)


def test_once_submitted_staff_see_it(client, cast, draft):
    s, attachment = draft
    services.suggestion_submit(suggestion=s, actor=cast["deputy"])
    client_for(client, cast["staff"])
    for url in _pages(s, attachment):
        assert client.get(url).status_code == 200, url
    assert TITLE in client.get(reverse("admin:proposals_suggestion_changelist")).content.decode()


def test_the_notifications_admin_does_not_show_what_a_draft_is_called(client, cast, draft):
    from congress_portal.notifications import services as notifications
    from congress_portal.notifications.models import Notification

    notifications.relay_waiting()
    notifications.deliver_pending()
    invitation = Notification.objects.filter(recipient=cast["other_deputy"], kind="cosign_invited").first()
    assert invitation is not None and TITLE in str(invitation.context)
    staff = cast["staff"]
    staff.user_permissions.add(Permission.objects.get(codename="view_notification"))
    client_for(client, staff)
    response = client.get(reverse("admin:notifications_notification_change", args=[invitation.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert cast["other_deputy"].real_name in page and TITLE not in page
