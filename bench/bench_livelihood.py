"""The livelihood projects (issue 15) on the large demo: the public pages at the scale of ten years of
projects (55 a year, Yangzhou 2024), the dashboard section, the ledger, the documents; and a 1,000-deputy
plenary ballot of 10 approvals of 12 candidates cast through the engine's service, closed and checked:
every ballot counted once. Run through bench/run.py:

    DATABASE_URL=... python manage.py seed_demo --scale large --flush
    DATABASE_URL=... REDIS_URL=... python bench/run.py livelihood

Targets: public pages p95 < 50 ms with their queries pinned; a ballot cast p95 < 200 ms (the HTTP figure of
the same ballot at 1,000 deputies is bench_voting's).
Everything the ballot part builds is deleted at the end.
"""

import datetime
import os
import random
import time

from django.urls import reverse
from django.utils import timezone

PAGE_MS, CAST_MS = 50, 200
VOTERS = int(os.environ.get("BENCH_LIVELIHOOD_VOTERS", "1000"))


def _pages(report):
    from supervision.livelihood.models import ChosenProject, ProjectProposal, Solicitation

    year = timezone.localdate().year
    oldest = Solicitation.objects.filter(result_taken_at__isnull=False).order_by("year").first()
    project = ChosenProject.objects.filter(candidate__solicitation__year=year).order_by("rank").first()
    proposal = ProjectProposal.objects.filter(solicitation__year=year + 1).order_by("id").first()
    # The progress pages and the announcement (page and PDF) are kept in the shared cache until the data
    # changes: read as the public reads them, they make no query.
    pages = [
        {"name": "livelihood: public index", "url": reverse("livelihood:index"), "max_queries": 2},
        {"name": "livelihood: progress, this year (kept)", "url": reverse("livelihood:progress", args=[year]),
         "max_queries": 0},
        {"name": f"livelihood: progress, {oldest.year} (55, kept)",
         "url": reverse("livelihood:progress", args=[oldest.year]), "max_queries": 0},
        {"name": "livelihood: project page (kept)", "url": reverse("livelihood:project", args=[project.pk]),
         "max_queries": 0},
        {"name": "livelihood: result announcement (kept)", "url": reverse("livelihood:result", args=[year]),
         "max_queries": 0},
        {"name": "livelihood: result announcement PDF (kept)", "url": reverse("livelihood:result_pdf", args=[year]),
         "max_queries": 0},
        {"name": "livelihood: track a proposal", "url": reverse("livelihood:track") + f"?code={proposal.tracking_code}",
         "max_queries": 3},
    ]
    for page in pages:
        page["limit_ms"] = PAGE_MS
    report.time_urls_in_turns(pages)

    # The same pages just after a change (a report, a milestone, a result): each GET renders them afresh,
    # and the first reader after a change still gets the page within the public pages' limit.
    from supervision.livelihood import selectors

    for name, url, max_queries in [
            (f"livelihood: progress, {oldest.year} (55, changed)",
             reverse("livelihood:progress", args=[oldest.year]), 2),
            ("livelihood: project page (changed)", reverse("livelihood:project", args=[project.pk]), 6),
            ("livelihood: result announcement (changed)", reverse("livelihood:result", args=[year]), 8)]:
        report.time_url(name, url, runs=30, before_each=selectors.result_changed, max_queries=max_queries,
                        limit_ms=PAGE_MS)

    from supervision.livelihood import documents, ledgers, sections

    report.time_call("livelihood: dashboard section (this year)", lambda: sections.year_section(year), runs=20,
                     limit_ms=PAGE_MS)
    this = Solicitation.objects.get(year=year)
    report.time_call("livelihood: result announcement PDF", lambda: documents.render_result(this), runs=3)
    report.time_call("livelihood: progress ledger, every year (Excel)", lambda: ledgers.workbook_bytes(
        ledgers.progress_ledger(ChosenProject.objects.all())), runs=3)


def _ballot(report):
    """1,000 deputies approve 10 of 12 each, through meetings.services.poll_cast; then close and count."""
    from django.contrib.auth.hashers import make_password

    from congress_portal.accounts.models import Role, User
    from congress_portal.audit.models import AuditLog
    from congress_portal.meetings import services as votes
    from congress_portal.meetings.models import (AgendaItem, Attendance, Ballot, Participation, Poll,
                                                 PollResult, RollEntry)
    from congress_portal.organization.models import HandlingUnit, Session, Term
    from deputies.models import Deputy
    from supervision.livelihood import services
    from supervision.livelihood.models import CandidateProject, ChosenProject, Solicitation

    term = Term.objects.create(number=98, name="基准测试届（民生实事）", start_date=datetime.date(2026, 1, 1))
    session = Session.objects.create(term=term, number=1, name="第一次会议", start_date=datetime.date(2026, 1, 10),
                                     end_date=datetime.date(2026, 1, 13))
    deputies = Deputy.objects.bulk_create([Deputy(name=f"民生基准代表{i:04d}", level=Deputy.Level.DISTRICT, term=term)
                                           for i in range(VOTERS)])
    password = make_password("Bench@2026")
    users = User.objects.bulk_create([User(username=f"bench-lv-{i:04d}", real_name=d.name, role=Role.DEPUTY, deputy=d,
                                           password=password) for i, d in enumerate(deputies)])
    staff = User.objects.create(username="bench-lv-staff", real_name="基准工作人员", role=Role.STAFF, is_staff=True,
                                password=password)
    unit = HandlingUnit.objects.order_by("id").first()
    s = Solicitation.objects.create(year=2999, opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 3, 1),
                                    places=10)
    try:
        for i in range(12):
            services.candidate_create(solicitation=s, actor=staff, title=f"基准候选项目{i + 1:02d}", description="基准",
                                      budget=100 + i, unit=unit, expected_completion=datetime.date(2999, 12, 31))
        services.candidate_list_approve(solicitation=s, actor=staff)
        poll = services.ballot_create(solicitation=s, session=session, actor=staff)
        Attendance.objects.bulk_create([Attendance(session=session, user=u, status="present", method="staff",
                                                   recorded_by=staff) for u in users])
        started = time.perf_counter()
        votes.poll_open(poll=poll, actor=staff)
        open_ms = (time.perf_counter() - started) * 1000
        options = list(poll.options.values_list("pk", flat=True))
        rng = random.Random(15)
        expected = dict.fromkeys(options, 0)
        times = []
        for u in users:
            chosen = rng.sample(options, 10)
            for pk in chosen:
                expected[pk] += 1
            t0 = time.perf_counter()
            votes.poll_cast(poll=poll, voter=u, option_ids=chosen)
            times.append((time.perf_counter() - t0) * 1000)
        report._record(f"livelihood: cast 10 of 12 ({VOTERS} deputies, service)", times, [], CAST_MS, None)
        try:  # the N+1-th approval is refused and leaves nothing behind
            votes.poll_cast(poll=poll, voter=users[0], option_ids=options[:11])
            report._record("livelihood: 11 OF 10 REFUSED (FAILED)", [1e9], [], 0, None)
        except votes.VoteError:
            pass
        t0 = time.perf_counter()
        votes.poll_close(poll=poll, actor=staff)
        close_ms = (time.perf_counter() - t0) * 1000
        report._record(f"livelihood: open ({VOTERS} on the roll) and close", [open_ms, close_ms], [], None, None)
        result = PollResult.objects.get(poll=poll)
        counts = {int(k): v for k, v in result.counts.items()}
        once = (result.phone_ballots == VOTERS == Participation.objects.filter(poll=poll).count()
                == Ballot.objects.filter(poll=poll).count() and counts == expected)
        print(f"   ballot: {VOTERS} cast, counted {result.phone_ballots}, per-candidate counts "
              f"{'equal' if counts == expected else 'DIFFER from'} the ballots cast", flush=True)
        if not once:
            report._record("livelihood: EVERY BALLOT COUNTED ONCE (FAILED)", [1e9], [], 0, None)
    finally:
        polls = Poll.objects.filter(session=session)
        AuditLog.objects.filter(actor=staff).delete()
        for model in (Participation, Ballot, RollEntry):
            model.objects.filter(poll__in=polls).delete()
        Solicitation.objects.filter(pk=s.pk).update(poll=None)
        ChosenProject.objects.filter(candidate__solicitation=s).delete()
        CandidateProject.objects.filter(solicitation=s).delete()
        PollResult.objects.filter(poll__in=polls).delete()
        polls.delete()
        AgendaItem.objects.filter(session=session).delete()
        s.delete()
        Attendance.objects.filter(session=session).delete()
        User.objects.filter(pk__in=[u.pk for u in users] + [staff.pk]).delete()
        Deputy.objects.filter(term=term).delete()
        session.delete()
        term.delete()


def run(report):
    _pages(report)
    _ballot(report)
