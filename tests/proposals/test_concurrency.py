"""Real PostgreSQL locks: numbers unique and gapless under concurrent registration; of two staff
acting on one suggestion at once, one wins and the other is told what happened."""

import pytest

from proposals import services
from proposals.models import Status, Suggestion
from tests import factories
from tests.concurrency import require_postgres, run_concurrently

pytestmark = pytest.mark.django_db(transaction=True)


def test_numbers_unique_and_gapless_under_concurrent_registration(build, cast):
    require_postgres()
    subs = [build.to(Status.SUBMITTED, cosigner=False) for _ in range(12)]
    staff = [cast["staff"]] + [factories.StaffFactory() for _ in range(3)]

    def register(s, actor):
        return lambda: services.suggestion_register(suggestion=s, actor=actor, lawful=True, single_matter=True,
                                                    feasible=True).number

    results = run_concurrently([register(s, staff[i % 4]) for i, s in enumerate(subs)])
    assert all(kind == "ok" for kind, _ in results), results
    numbers = sorted(value for _, value in results)
    suffixes = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert suffixes == list(range(1, 13))
    assert len(set(numbers)) == 12


def test_two_staff_at_once_one_wins(build, cast):
    require_postgres()
    s = build.to(Status.SUBMITTED, cosigner=False)
    other = factories.StaffFactory(username="staff2", real_name="赵敏")
    version = s.version
    results = run_concurrently([
        lambda: services.suggestion_register(suggestion=s, actor=cast["staff"], lawful=True, single_matter=True,
                                             feasible=True, version=version),
        lambda: services.suggestion_return(suggestion=s, actor=other, reasons="请修改", version=version),
    ])
    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, services.WorkflowError)
    s = Suggestion.objects.get(pk=s.pk)
    winner = "王静" if s.status == Status.REGISTERED else "赵敏"
    assert winner in str(error)
    assert s.version == version + 1


def test_letter_numbers_unique_and_gapless_under_concurrent_assignment(build, cast, unit):
    """Issue 18.2: the assignment notices' 文号 come from a locked series, like the registration numbers."""
    require_postgres()
    from django.utils import timezone

    from proposals.models import Assignment

    registered = [build.to(Status.REGISTERED, cosigner=False) for _ in range(10)]
    staff = [cast["staff"]] + [factories.StaffFactory() for _ in range(3)]

    def assign(s, actor):
        return lambda: services.suggestion_assign(suggestion=s, actor=actor, lead_unit=unit).pk

    results = run_concurrently([assign(s, staff[i % 4]) for i, s in enumerate(registered)])
    assert all(kind == "ok" for kind, _ in results), results
    numbers = list(Assignment.objects.filter(suggestion__in=registered).values_list("notice_number", flat=True))
    year = timezone.localdate().year
    assert sorted(numbers, key=lambda n: int(n.rsplit("〕", 1)[1][:-1])) == [
        f"武昌人大代交〔{year}〕{n}号" for n in range(1, 11)]
