"""Demo: a past term's worth of appointments and removals (the seeds' figure: 298 in one term), the
current term's so far, and one motion in progress on today's meeting (DOMAIN §6)."""

import datetime

from django.contrib.contenttypes.models import ContentType

from congress_portal.accounts.models import User
from congress_portal.meetings.models import AgendaItem, StandingCommitteeMeeting
from congress_portal.organization.models import HandlingUnit, Term

from . import services
from .models import Kind, Motion, NominatingBody, Nominee, OathForm, Organ, State

ORDER = 60
PREVIOUS_TERM_DECISIONS = 298
PREVIOUS_TERM_MEETINGS = 30
CURRENT_TERM_MEETINGS = 22  # meetings 23 and 24 are the meetings demo's

POSTS = {
    Organ.GOVERNMENT: (NominatingBody.DISTRICT_HEAD, ["区人民政府副区长", "区发展和改革局局长", "区教育局局长",
                                                      "区财政局局长", "区民政局局长", "区卫生健康局局长",
                                                      "区住房和城市更新局局长", "区城市管理执法局局长"]),
    Organ.COURT: (NominatingBody.COURT_PRESIDENT, ["区人民法院副院长", "区人民法院审判委员会委员",
                                                    "区人民法院民事审判庭庭长", "区人民法院审判员"]),
    Organ.PROCURATORATE: (NominatingBody.CHIEF_PROCURATOR, ["区人民检察院副检察长", "区人民检察院检察委员会委员",
                                                            "区人民检察院检察员"]),
    Organ.STANDING_COMMITTEE: (NominatingBody.CHAIRS_MEETING, ["区人大常委会办公室主任", "区人大常委会代表工作室主任",
                                                               "区人大常委会财政经济工作室主任"]),
}
KINDS = [Kind.APPOINT] * 6 + [Kind.REMOVE] * 3 + [Kind.DECIDE, Kind.RESIGNATION]


def _meetings(term, first_number, count, start, end):
    step = (end - start) / count
    return StandingCommitteeMeeting.objects.bulk_create([
        StandingCommitteeMeeting(term=term, number=first_number + i, date=start + step * (i + 0.5),
                                 place="区人大常委会机关第一会议室") for i in range(count)])


def _history(ctx, meetings, decisions, staff):
    """`decisions` passed appointments and removals spread over `meetings`, one motion per organ per meeting."""
    rng = ctx.rng
    organs = list(POSTS)
    plan = [(meetings[i % len(meetings)], rng.choice(organs)) for i in range(decisions)]
    motions = {}
    for meeting, organ in plan:
        if (meeting.pk, organ) not in motions:
            body = POSTS[organ][0]
            motions[meeting.pk, organ] = Motion(
                title=f"{NominatingBody(body).label}关于提请任免职务的议案", nominating_body=body, meeting=meeting,
                submitted_on=meeting.date - datetime.timedelta(days=rng.randint(10, 20)), registered_by=staff)
    Motion.objects.bulk_create(list(motions.values()))
    content_type = ContentType.objects.get_for_model(Motion)
    items = AgendaItem.objects.bulk_create([
        AgendaItem(meeting=m.meeting, order=10 + i, title=m.title, content_type=content_type, object_id=str(m.pk))
        for i, m in enumerate(motions.values())])
    for motion, item in zip(motions.values(), items, strict=True):
        motion.agenda_item = item
    Motion.objects.bulk_update(list(motions.values()), ["agenda_item"])
    Nominee.objects.bulk_create([
        Nominee(motion=motions[meeting.pk, organ], person_name=ctx.person_name(), post=rng.choice(POSTS[organ][1]),
                organ=organ, kind=rng.choice(KINDS), reasons="工作需要", state=State.PASSED,
                votes_for=rng.randint(20, 27), decided_on=meeting.date, exam_required=False)
        for meeting, organ in plan])


def _after_the_vote(ctx, term, staff):
    """The last meeting's appointments: certificates, a collective oath taken, and appraisals (one held),
    through the services."""
    last = Nominee.objects.filter(motion__meeting__term=term, state=State.PASSED, kind__in=services.APPOINTING_KINDS)
    latest = last.order_by("-decided_on").values_list("decided_on", flat=True).first()
    if latest is None:
        return
    appointed = list(last.filter(decided_on=latest).order_by("pk"))
    for nominee in appointed:
        services.certificate_issue(nominee=nominee, actor=staff, issued_on=latest)
    if len(appointed) >= 2:
        oath = services.oath_schedule(
            actor=staff, form=OathForm.COLLECTIVE, date=latest, place="区人大常委会机关第一会议室",
            administered_by=getattr(services.chair_of(term), "name", "常委会主任"), witnesses="全体常委会组成人员", nominees=appointed)
        services.oath_record_taken(oath=oath, actor=staff)
    appraised = list(last.exclude(decided_on=latest).order_by("decided_on", "pk")[:3])
    year = ctx.today.year
    for i, nominee in enumerate(appraised):
        day = ctx.today + datetime.timedelta(days=20 * i - 30)  # one held, one past due, one ahead
        day = min(max(day, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))
        appraisal = services.appraisal_schedule(nominee=nominee, actor=staff, year=year, scheduled_on=day)
        if i == 0:
            services.appraisal_record(appraisal=appraisal, actor=staff, held_on=appraisal.scheduled_on,
                                      result="competent", report="述职报告：任职以来依法履职，完成年度目标任务。",
                                      opinion="称职；建议进一步加强调查研究。")


def seed(ctx):
    term = ctx.shared["term"]
    previous = Term.objects.get(number=term.number - 1)
    staff = User.objects.get(username="staff")
    today = StandingCommitteeMeeting.objects.get(term=term, number=24)

    old = _meetings(previous, 1, PREVIOUS_TERM_MEETINGS, previous.start_date, previous.end_date)
    _history(ctx, old, PREVIOUS_TERM_DECISIONS, staff)
    current = _meetings(term, 1, CURRENT_TERM_MEETINGS, term.start_date, ctx.today - datetime.timedelta(days=45))
    current_decisions = 120
    _history(ctx, current, current_decisions, staff)

    _after_the_vote(ctx, term, staff)

    # In progress, through the services: reviewed and examined, one stopped by the exam, one registered.
    item = today.agenda_items.filter(title__contains="人事任免", content_type__isnull=True).first()
    office = HandlingUnit.objects.filter(name="区人民政府办公室").first()
    names = [ctx.person_name() for _ in range(3)]
    motion = services.motion_register(
        actor=staff, title="区人民政府区长关于提请任免职务的议案", nominating_body=NominatingBody.DISTRICT_HEAD,
        meeting=today, submitted_on=ctx.today - datetime.timedelta(days=12), agenda_item=item, nominees=[
            {"person_name": names[0], "post": "区人民政府副区长", "organ": Organ.GOVERNMENT, "kind": Kind.APPOINT,
             "reasons": "工作需要", "resume": "1978年生，研究生学历，曾任区发展和改革局局长",
             "id_number": "420106197803150017", "phone": "13807100001", "unit": office},
            {"person_name": names[1], "post": "区教育局局长", "organ": Organ.GOVERNMENT, "kind": Kind.APPOINT,
             "reasons": "工作需要", "resume": "1981年生，大学学历，曾任区教育局副局长", "unit": office},
            {"person_name": names[2], "post": "区民政局局长", "organ": Organ.GOVERNMENT, "kind": Kind.REMOVE,
             "reasons": "工作变动", "exam_required": False, "unit": office}])
    first, second, _third = motion.nominees.all()
    exam_day = ctx.today - datetime.timedelta(days=5)
    for nominee, score in ((first, 86), (second, 52)):
        services.nominee_review(nominee=nominee, actor=staff, checklist={i: True for i in services.review_checklist()})
        services.nominee_exam(nominee=nominee, actor=staff, date=exam_day, score=score)
    services.nominee_send_to_vote(nominee=first, actor=staff)
    services.statement_record(nominee=first, actor=staff, made_on=ctx.today - datetime.timedelta(days=2),
                              met_members_on=ctx.today - datetime.timedelta(days=3),
                              summary="拟任职发言：坚持依法行政，自觉接受区人大常委会监督，恪尽职守、廉洁奉公。")
    ctx.log(f"  appointments: {PREVIOUS_TERM_DECISIONS} decisions in {previous.name}, {current_decisions} so far "
            f"in {term.name}; a motion of 3 nominees in progress on meeting {today.number}")
