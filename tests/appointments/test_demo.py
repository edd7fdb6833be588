"""The demo: a past term's 298 decisions (the seeds' figure), the current term's so far, and a motion in
progress on today's meeting, made through the services; demo staff reach it all."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from appointments.models import Appraisal, Certificate, Motion, Nominee, State
from appointments.selectors import counts_per_year, decided
from congress_portal.accounts.models import User
from congress_portal.organization.models import Term


@pytest.mark.django_db
def test_demo_has_a_term_of_appointments_and_one_motion_in_progress(client):
    call_command("seed_demo", "--scale", "small", "--today", "2026-11-23")
    previous = Term.objects.get(number=15)
    assert decided(term=previous).count() == 298
    assert sum(total for _y, _k, total in counts_per_year(decided(term=previous))) == 298
    motion = Motion.objects.get(meeting__term=Term.current(), meeting__number=24)
    assert motion.agenda_item.title == "审议人事任免事项" and motion.agenda_item.about == motion
    assert sorted(motion.nominees.values_list("state", flat=True)) == sorted(
        [State.TO_VOTE, State.EXAM_FAILED, State.REGISTERED])
    assert not Nominee.objects.filter(state=State.PASSED, decided_on__isnull=True).exists()
    first = motion.nominees.get(state=State.TO_VOTE)
    assert first.statement.agenda_item.meeting == motion.meeting
    # After the vote: the last meeting's appointments have numbered certificates and took the oath together.
    certificates = list(Certificate.objects.order_by("serial"))
    assert certificates and [c.serial for c in certificates] == list(range(1, len(certificates) + 1))
    assert all(hasattr(c.nominee, "oath_taker") for c in certificates) or len(certificates) == 1
    assert Appraisal.objects.filter(held_on__isnull=False).count() == 1
    client.force_login(User.objects.get(username="staff"))
    assert client.get(reverse("admin:appointments_nominee_changelist")).status_code == 200
    assert client.get(reverse("admin:appointments_motion_add")).status_code == 200
    assert client.get(reverse("appointments:list")).status_code == 200
    for name in ("certificate", "oath", "appraisal", "statement", "appointmentsettings"):
        assert client.get(reverse(f"admin:appointments_{name}_changelist"), follow=True).status_code == 200, name
    assert client.get(reverse("appointments:certificate_pdf", args=[certificates[0].pk])).status_code == 200
