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


def test_certificates_issued_at_once_take_consecutive_numbers(staff_user):
    """Six staff issue six certificates at the same instant: 1..6, none repeated, none skipped; two staff
    issuing one nominee's certificate at once make one certificate and use one number."""
    require_postgres()
    from appointments.models import Certificate, CertificateCounter
    from tests.meetings.helpers import option
    from congress_portal.meetings import services as votes

    from .helpers import nominee_data

    term, users = committee(9)
    m = meeting(term)
    sign_in(m, users[:6], staff_user)
    motion = register(staff_user, m, *[nominee_data(f"人选{i}", f"区教育局副局长{i}") for i in range(7)])
    nominees = []
    for nominee in motion.nominees.all():
        nominee = services.nominee_open_vote(nominee=ready_for_vote(staff_user, nominee), actor=staff_user)
        for u in users[:5]:
            votes.poll_cast(poll=nominee.poll, voter=u, option_ids=[option(nominee.poll, "for", str(nominee))])
        votes.poll_close(poll=nominee.poll, actor=staff_user)
        nominees.append(services.nominee_record_outcome(nominee=nominee, actor=staff_user))
    assert {n.state for n in nominees} == {State.PASSED}
    last = nominees.pop()
    results = run_concurrently([
        (lambda n=n: services.certificate_issue(nominee=n, actor=staff_user)) for n in nominees])
    assert [kind for kind, _ in results] == ["ok"] * 6, results
    serials = sorted(Certificate.objects.values_list("serial", flat=True))
    assert serials == [1, 2, 3, 4, 5, 6]
    assert CertificateCounter.objects.get().last == 6
    # the same nominee twice at once: one certificate (number 7), one refusal in Chinese, no number used
    results = run_concurrently([lambda: services.certificate_issue(nominee=last, actor=staff_user)] * 2)
    assert sorted(kind for kind, _ in results) == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, AppointmentError) and "已签发" in str(error)
    assert Certificate.objects.get(nominee=last).serial == 7
    assert CertificateCounter.objects.get().last == 7
