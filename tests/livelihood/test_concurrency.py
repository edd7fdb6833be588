"""Real PostgreSQL locks: two staff screening the same candidate at once, two progress reports racing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from supervision.livelihood import services
from supervision.livelihood.models import CandidateProject, ChosenProject
from tests.concurrency import require_postgres, run_concurrently

from .helpers import add_candidates, closed_solicitation, open_solicitation

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_the_same_candidate_screened_twice_at_once_is_created_once(staff_user, unit):
    require_postgres()
    s = open_solicitation(timezone.localdate())

    def screen():
        return services.candidate_create(solicitation=s, actor=staff_user, title="社区食堂", description="建食堂",
                                         budget=Decimal(100), unit=unit,
                                         expected_completion=datetime.date(2027, 12, 31))

    results = run_concurrently([screen, screen, screen])
    assert sorted(kind for kind, _value in results) == ["error", "error", "ok"]
    assert all(isinstance(value, ValidationError) for kind, value in results if kind == "error")
    assert CandidateProject.objects.count() == 1 and CandidateProject.objects.get().order == 1


def test_racing_progress_reports_never_move_the_bar_back(staff_user, unit_officer):
    require_postgres()
    s = closed_solicitation(timezone.localdate(), places=1)
    candidate = add_candidates(s, staff_user, unit_officer.unit, ["甲"])[0]
    project = ChosenProject.objects.create(candidate=candidate, rank=1, approvals=10)
    reports = [lambda p=p: services.progress_report(project=project, actor=unit_officer, progress=p, text=f"{p}%")
               for p in (30, 60, 45, 80, 50)]
    results = run_concurrently(reports)
    project.refresh_from_db()
    accepted = sorted(r.progress for kind, r in results if kind == "ok")
    assert project.progress == 80 and accepted[-1] == 80
    # Each accepted report was at least the one before it, in the order the lock let them in.
    in_order = list(project.reports.order_by("reported_at", "id").values_list("progress", flat=True))
    assert in_order == sorted(in_order) and len(in_order) == len(accepted)


def test_two_staff_carrying_the_same_project_over_at_once_make_one_item(staff_user, unit):
    require_postgres()
    from supervision.models import SupervisionItem
    from tests.supervision.helpers import committee

    s = closed_solicitation(timezone.localdate(), places=1)
    candidate = add_candidates(s, staff_user, unit, ["甲"])[0]
    project = ChosenProject.objects.create(candidate=candidate, rank=1, approvals=10, evaluation="unsatisfied",
                                           carry_over=True, evaluated_at=timezone.now())
    owner = committee()

    def carry():
        return services.carry_over_to_supervision(project=project, actor=staff_user, committee=owner)

    results = run_concurrently([carry, carry, carry])
    assert [kind for kind, _value in results] == ["ok"] * 3
    assert sorted(created for _kind, (_item, created) in results) == [False, False, True]
    assert SupervisionItem.objects.count() == 1
    assert {item.pk for _kind, (item, _created) in results} == {SupervisionItem.objects.get().pk}
