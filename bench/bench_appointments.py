"""Issue 16's pages at large scale: the list of appointments and removals (staff and leaders), the public
announcement, one meeting's announcement PDF, a certificate PDF, the ledger and the dashboard section.

    DATABASE_URL=... python manage.py seed_demo --scale large --flush
    DATABASE_URL=... python bench/run.py appointments

The demo holds a term's worth (298 + 120); a county with a long history holds far more, so `ensure()`
adds 30,000 passed decisions on 300 extra meetings of the previous term (motions titled "BENCH-"), once.
Targets: pages p95 < 50 ms with at most 12 queries; a PDF < 1 s.
"""

import datetime
import random

from django.db import connection, transaction
from django.urls import reverse

PAGE_MS, PDF_MS, PAGE_QUERIES = 50, 1000, 12
BENCH_MEETINGS, PER_MEETING = 300, 100


def ensure(seed=16):
    """Add the bench decisions when they are missing; returns (decisions in the database, created now)."""
    from django.contrib.contenttypes.models import ContentType

    from appointments.models import Kind, Motion, NominatingBody, Nominee, Organ, State
    from congress_portal.accounts.models import Role, User
    from congress_portal.meetings.models import AgendaItem, StandingCommitteeMeeting
    from congress_portal.organization.models import Term

    if Motion.objects.filter(title__startswith="BENCH-").exists():
        return Nominee.objects.filter(state=State.PASSED).count(), 0
    current = Term.current()
    previous = Term.objects.filter(number=current.number - 1).first() if current else None
    staff = User.objects.filter(role=Role.STAFF).first()
    if previous is None or staff is None:
        raise SystemExit("load the demo first: manage.py seed_demo --scale large --flush")
    rng = random.Random(seed)
    start, end = previous.start_date, previous.end_date
    step = (end - start) / BENCH_MEETINGS
    bodies = {Organ.GOVERNMENT: NominatingBody.DISTRICT_HEAD, Organ.COURT: NominatingBody.COURT_PRESIDENT,
              Organ.PROCURATORATE: NominatingBody.CHIEF_PROCURATOR,
              Organ.STANDING_COMMITTEE: NominatingBody.CHAIRS_MEETING}
    posts = ["区教育局局长", "区财政局局长", "区人民法院审判员", "区人民检察院检察员", "区人大常委会办公室副主任"]
    surnames, given = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
    with transaction.atomic():
        meetings = StandingCommitteeMeeting.objects.bulk_create([
            StandingCommitteeMeeting(term=previous, number=101 + i, date=start + step * (i + 0.5),
                                     place="区人大常委会机关第一会议室") for i in range(BENCH_MEETINGS)])
        motions = Motion.objects.bulk_create([
            Motion(title=f"BENCH-{m.number} {body.label}关于提请任免职务的议案", nominating_body=body, meeting=m,
                   submitted_on=m.date - datetime.timedelta(days=12), registered_by=staff)
            for m in meetings for body in bodies.values()])
        content_type = ContentType.objects.get_for_model(Motion)
        items = AgendaItem.objects.bulk_create([
            AgendaItem(meeting=mo.meeting, order=10 + i % 4, title=mo.title[:200], content_type=content_type,
                       object_id=str(mo.pk)) for i, mo in enumerate(motions)])
        for motion, item in zip(motions, items, strict=True):
            motion.agenda_item = item
        Motion.objects.bulk_update(motions, ["agenda_item"], batch_size=2000)
        by_meeting = {}
        for motion in motions:
            by_meeting.setdefault(motion.meeting_id, {})[motion.nominating_body] = motion
        organs = list(bodies)
        rows = []
        for m in meetings:
            for _i in range(PER_MEETING):
                organ = rng.choice(organs)
                rows.append(Nominee(
                    motion=by_meeting[m.pk][bodies[organ]], person_name=rng.choice(surnames) + rng.choice(given)
                    + rng.choice(given), post=rng.choice(posts), organ=organ,
                    kind=rng.choice([Kind.APPOINT] * 6 + [Kind.REMOVE] * 3 + [Kind.DECIDE, Kind.RESIGNATION]),
                    reasons="工作需要", state=State.PASSED, votes_for=rng.randint(15, 27), decided_on=m.date,
                    exam_required=False, id_number=f"42010619{rng.randint(60, 99)}0101{rng.randint(1000, 9999)}"))
        Nominee.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:  # fresh statistics, or the planner takes 30,000 rows for one
        cursor.execute("ANALYZE")
    return Nominee.objects.filter(state=State.PASSED).count(), len(rows)


def run(report):
    from appointments import services
    from appointments.dashboard import year_section
    from appointments.models import Certificate, Nominee, State
    from congress_portal.accounts.models import User
    from congress_portal.organization.models import Term
    from django.utils import timezone

    total, created = ensure()
    print(f"   {total:,} decisions in the database ({created:,} generated now)", flush=True)
    previous = Term.objects.get(number=Term.current().number - 1)
    year = Nominee.objects.filter(motion__meeting__term=previous).values_list("decided_on__year", flat=True).first()
    busy = (Nominee.objects.filter(motion__title__startswith="BENCH-").values_list("motion__meeting_id", flat=True)
            .first())
    certificate = Certificate.objects.order_by("-pk").first()
    if certificate is None:
        nominee = Nominee.objects.filter(state=State.PASSED, kind="appoint").order_by("-decided_on").first()
        certificate = services.certificate_issue(nominee=nominee, actor=User.objects.get(username="staff"))
    listing = reverse("appointments:list")
    pages = [
        ("staff: list (current term)", "staff", listing),
        ("leader: list (previous term, 30k+)", "leader", f"{listing}?term={previous.pk}"),
        ("leader: list (all terms, page 300)", "leader", f"{listing}?term=&page=300"),
        ("leader: list (year + organ)", "leader", f"{listing}?term=&year={year}&organ=court"),
        ("leader: a person's history", "leader", f"{listing}?term=&name=王伟"),
        ("public: announcement", None, reverse("appointments:announcement")),
        ("public: announcement, page 400", None, reverse("appointments:announcement") + "?page=400"),
        ("staff: admin nominees list", "staff", reverse("admin:appointments_nominee_changelist")),
        ("staff: admin nominees search", "staff", reverse("admin:appointments_nominee_changelist") + "?q=王伟"),
    ]
    report.time_urls_in_turns(
        [{"name": f"appointments: {name}", "url": url, "user": user, "limit_ms": PAGE_MS,
          "max_queries": PAGE_QUERIES} for name, user, url in pages], runs=60, turns=12)
    report.time_call("appointments: dashboard section (this year)", lambda: year_section(timezone.localdate().year),
                     runs=30, warmup=2, limit_ms=PAGE_MS)
    from appointments import selectors
    from appointments.documents import render_announcement
    from congress_portal.meetings.models import StandingCommitteeMeeting

    # A demo meeting (about ten decisions, as the seeds' 298 over 30 meetings) against the 1 s target; the
    # bench's 100-decision meetings for information (a public PDF is cached once rendered).
    demo_meeting = (Nominee.objects.filter(state=State.PASSED).exclude(motion__title__startswith="BENCH-")
                    .values_list("motion__meeting_id", flat=True).order_by("-decided_on").first())
    for pk, label, limit in ((demo_meeting, "a demo meeting", PDF_MS), (busy, "100 decisions", None)):
        meeting = StandingCommitteeMeeting.objects.select_related("term").get(pk=pk)
        rows = list(selectors.announced(meeting=meeting))
        report.time_call(f"appointments: announcement PDF rendered ({label}, {len(rows)} rows)",
                         lambda rows=rows, meeting=meeting: render_announcement(rows, str(meeting)),
                         runs=5, warmup=1, limit_ms=limit)
    report.time_url("appointments: announcement PDF page (cached)",
                    reverse("appointments:announcement_pdf", args=[busy]), runs=30, warmup=1, limit_ms=PAGE_MS,
                    max_queries=PAGE_QUERIES)
    report.time_url("appointments: certificate PDF", reverse("appointments:certificate_pdf", args=[certificate.pk]),
                    user="staff", runs=5, warmup=1, limit_ms=PDF_MS)
    # No time target for Excel (openpyxl costs about 1 ms a row, like the suggestions' ledgers); queries fixed.
    report.time_url("appointments: ledger (a year, one organ, Excel)",
                    f"{listing}?term=&year={year}&organ=court&format=xlsx", user="leader", runs=3, warmup=1,
                    max_queries=6)
