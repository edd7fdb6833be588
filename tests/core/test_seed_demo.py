import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from congress_portal.core import schedule

from congress_portal.accounts.models import Role, User
from congress_portal.organization.models import HandlingUnit, Term
from deputies.models import Deputy, LiaisonStation


@pytest.mark.django_db
def test_small_demo_builds_a_district():
    call_command("seed_demo", "--scale", "small", "--today", "2026-11-23")
    term = Term.current()
    assert term.name == "第十六届"
    assert term.members_in_office().count() == 25 and term.majority_of_all_members() == 13
    assert Deputy.objects.count() == 300
    assert set(Deputy.objects.values_list("level", flat=True)) == {"national", "provincial", "city", "district"}
    assert LiaisonStation.objects.count() == 15
    assert HandlingUnit.objects.count() == 40
    for username, role in [("staff", Role.STAFF), ("leader", Role.LEADER), ("deputy", Role.DEPUTY),
                           ("unit", Role.UNIT_OFFICER)]:
        user = User.objects.get(username=username)
        assert user.role == role and user.check_password("Demo@2026")
    # Loading twice is refused politely, and nothing doubles.
    call_command("seed_demo")
    assert Deputy.objects.count() == 300


# --flush truncates tables: on PostgreSQL that needs committed data (no pending constraint triggers).
@pytest.mark.django_db(transaction=True)
def test_demo_is_deterministic():
    call_command("seed_demo", "--today", "2026-11-23")
    first = list(Deputy.objects.order_by("id").values_list("name", "id_number")[:20])
    call_command("seed_demo", "--flush", "--today", "2026-11-23")
    second = list(Deputy.objects.order_by("id").values_list("name", "id_number")[:20])
    assert first == second
    # The flush emptied django-celery-beat's tables too: the portal's periodic tasks are back (issue 19.4).
    assert set(PeriodicTask.objects.values_list("name", flat=True)) >= {job.name for job in schedule.jobs()}
    assert len(schedule.jobs()) == len({job.name for job in schedule.jobs()}) >= 5  # notifications' four, the dashboard's refresh
