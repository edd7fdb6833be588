"""Staff record receptions and activities in the administration; opinions there are read-only."""

import datetime

import pytest
from django.urls import reverse

from deputies.models import Activity, Attendance, Opinion, Reception, canonical_tracking_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_staff(staff_user):
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.set(Permission.objects.filter(content_type__app_label="deputies"))
    return staff_user


def test_reception_with_opinions_feeds_the_pool(client, admin_staff, deputy_user):
    deputy = deputy_user.deputy
    client.force_login(admin_staff)
    response = client.post(reverse("admin:deputies_reception_add"), {
        "station": deputy.station.pk, "date": "2026-03-04", "deputies": [deputy.pk], "visitors": 9, "notes": "",
        "opinions-TOTAL_FORMS": 1, "opinions-INITIAL_FORMS": 0, "opinions-MIN_NUM_FORMS": 0,
        "opinions-MAX_NUM_FORMS": 1000,
        "opinions-0-deputy": deputy.pk, "opinions-0-text": "楼道堆物需要清理", "opinions-0-citizen_name": "李大爷",
        "opinions-0-citizen_phone": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    reception = Reception.objects.get()
    opinion = Opinion.objects.get()
    assert opinion.reception == reception and opinion.source == Opinion.Source.RECEPTION
    assert opinion.station == deputy.station and opinion.street == deputy.station.street
    assert canonical_tracking_code(opinion.tracking_code) == opinion.tracking_code  # 80 bits, issue 18.15


def test_staff_record_attendance_in_the_activity_admin(client, admin_staff, deputy_user):
    client.force_login(admin_staff)
    response = client.post(reverse("admin:deputies_activity_add"), {
        "kind": Activity.Kind.REPORT_BACK, "title": "向选民述职", "date": "2026-06-20", "location": "", "description": "",
        "appraisal": "满意", "satisfied_votes": 50, "total_votes": 60,
        "attendances-TOTAL_FORMS": 1, "attendances-INITIAL_FORMS": 0, "attendances-MIN_NUM_FORMS": 0,
        "attendances-MAX_NUM_FORMS": 1000, "attendances-0-deputy": deputy_user.deputy.pk, "attendances-0-attended": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Attendance.objects.get().attended


def test_opinions_are_read_only_in_the_admin(client, admin_staff, deputy_user):
    from deputies import services

    opinion = services.opinion_submit(text="意见", deputy=deputy_user.deputy)
    client.force_login(admin_staff)
    assert client.get(reverse("admin:deputies_opinion_changelist")).status_code == 200
    assert client.get(reverse("admin:deputies_opinion_add")).status_code == 403
    assert Reception.objects.count() == 0 and datetime.date.today()
    assert client.post(reverse("admin:deputies_opinion_change", args=[opinion.pk]), {"text": "改"}).status_code == 403


def test_deputy_admin_links_to_the_performance_file(client, admin_staff, deputy_user):
    client.force_login(admin_staff)
    page = client.get(reverse("admin:deputies_deputy_change", args=[deputy_user.deputy.pk])).content.decode()
    assert reverse("deputies:performance_booklet", args=[deputy_user.deputy.pk, datetime.date.today().year]) in page
    assert "履职档案" in page
