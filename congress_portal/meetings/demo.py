"""Demo: accounts for every standing committee member, a meeting held last month with a published
satisfaction vote, and today's meeting with its agenda and a draft vote for staff to run."""

import datetime
import random

from congress_portal.accounts.models import Role, User

from .models import AgendaItem, Attendance, Ballot, Participation, Poll, PollOption, PollResult, RollEntry
from .models import StandingCommitteeMeeting

ORDER = 50

TODAY_AGENDA = [
    "听取和审议区人民政府关于老旧小区改造工作情况的报告",
    "对区人民政府老旧小区改造工作情况进行满意度测评",
    "审议人事任免事项",
]
PAST_AGENDA = [
    "听取和审议区人民政府关于义务教育优质均衡发展工作情况的报告",
    "对区人民政府义务教育优质均衡发展工作情况进行满意度测评",
]


def _satisfaction_poll(meeting, item, title):
    poll = Poll.objects.create(meeting=meeting, agenda_item=item, title=title, kind=Poll.Kind.SATISFACTION,
                               rule=Poll.Rule.ZHENHAI)
    labels = dict(PollOption.Code.choices)
    PollOption.objects.bulk_create([
        PollOption(poll=poll, code=code, label=str(labels[code]), order=i)
        for i, code in enumerate(["satisfied", "basic", "unsatisfied", "abstain"])])
    return poll


def seed(ctx):
    term = ctx.shared["term"]
    members = list(term.members_in_office().order_by("sort_order", "id"))
    with_account = set(User.objects.filter(committee_member__in=members).values_list("committee_member_id", flat=True))
    new = [User(username=f"member{i:02d}", real_name=m.name, role=Role.LEADER, committee_member=m,
                password=ctx.password_hash)
           for i, m in enumerate((m for m in members if m.pk not in with_account), start=1)]
    User.objects.bulk_create(new)
    users = list(User.objects.filter(committee_member__in=members).order_by("committee_member__sort_order"))
    staff = User.objects.get(username="staff")

    past = StandingCommitteeMeeting.objects.create(term=term, number=23, date=ctx.today - datetime.timedelta(days=30),
                                                   place="区人大常委会机关第一会议室")
    items = AgendaItem.objects.bulk_create([AgendaItem(meeting=past, order=i + 1, title=t)
                                            for i, t in enumerate(PAST_AGENDA)])
    rng = random.Random(2026)
    statuses = ["present"] * (len(users) - 3) + ["leave", "leave", "absent"]
    Attendance.objects.bulk_create([
        Attendance(meeting=past, user=u, status=s, reason="因公出差" if s == "leave" else "", recorded_by=staff,
                   method="phone" if s == "present" and i % 3 else "staff")
        for i, (u, s) in enumerate(zip(users, statuses, strict=True))])
    present = [u for u, s in zip(users, statuses, strict=True) if s == "present"]
    poll = _satisfaction_poll(past, items[1], "对区人民政府义务教育优质均衡发展工作情况的满意度测评")
    RollEntry.objects.bulk_create([RollEntry(poll=poll, user=u) for u in present])
    options = {o.code: o.pk for o in poll.options.all()}
    picks = ["satisfied"] * 15 + ["basic"] * 5 + ["unsatisfied"] * 1 + ["abstain"] * (len(present) - 21)
    rng.shuffle(picks)
    Participation.objects.bulk_create([Participation(poll=poll, user=u, channel="phone") for u in present])
    Ballot.objects.bulk_create([Ballot(poll=poll, choices=[options[p]]) for p in picks])
    counts = {str(options[code]): picks.count(code) for code in options}
    base = len(members)
    from . import rules

    verdict = rules.zhenhai(picks.count("satisfied"), picks.count("basic"), base)
    PollResult.objects.create(poll=poll, counts=counts, phone_ballots=len(picks), base=base,
                              outcome={"verdict": verdict})
    opened = datetime.datetime.combine(past.date, datetime.time(10, 30)).astimezone()
    Poll.objects.filter(pk=poll.pk).update(state=Poll.State.PUBLISHED, base=base, present=len(present),
                                           opened_at=opened, closed_at=opened + datetime.timedelta(minutes=10),
                                           published_at=opened + datetime.timedelta(minutes=15))

    today = StandingCommitteeMeeting.objects.create(term=term, number=24, date=ctx.today,
                                                    place="区人大常委会机关第一会议室")
    items = AgendaItem.objects.bulk_create([AgendaItem(meeting=today, order=i + 1, title=t)
                                            for i, t in enumerate(TODAY_AGENDA)])
    _satisfaction_poll(today, items[1], "对区人民政府老旧小区改造工作情况的满意度测评")
    ctx.log(f"  meetings: {len(new)} member accounts (member01 …), meetings {past.number} and {today.number}")
