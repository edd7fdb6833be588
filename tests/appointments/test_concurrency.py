"""Real PostgreSQL locks: two staff opening one nominee's vote at once leave one poll, the other is refused."""

import pytest

from appointments import services
from appointments.models import State
from appointments.services import AppointmentError
from congress_portal.meetings.models import Poll

from tests.concurrency import require_postgres, run_concurrently
from tests.meetings.helpers import sign_in

from .helpers import committee, meeting, ready_for_vote, register

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_two_staff_opening_one_vote_make_one_poll(staff_user):
    require_postgres()
    term, users = committee(9)
    m = meeting(term)
    sign_in(m, users[:6], staff_user)
    nominee = ready_for_vote(staff_user, register(staff_user, m).nominees.get())
    results = run_concurrently([lambda: services.nominee_open_vote(nominee=nominee, actor=staff_user)] * 2)
    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, AppointmentError)
    nominee.refresh_from_db()
    assert nominee.state == State.VOTING and Poll.objects.count() == 1 and nominee.poll.state == Poll.State.OPEN
