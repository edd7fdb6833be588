"""Demo: three years of livelihood projects (民生实事项目), from the seeds' themes (Wuchang's 老旧小区改造,
加装电梯, 幸福食堂, 供水, 武珞路三巷路面修复 ...; Yangzhou's 55 projects at the large scale):

- last year's projects, voted at last year's session and evaluated by the deputies at this year's (one
  不满意, carried into this year's supervision);
- this year's, voted at this year's session with a tie at the cut decided by a run-off, in progress with
  milestones, quarterly reports, inspections;
- next year's solicitation, open now, with proposals received, a few screened and a few declined.

The votes go through the meetings engine's services (open on the roll of those present, paper totals that
reconcile, close, run-off); the ballots themselves are bulk-written, as the meetings demo writes them.
At the large scale ten earlier years of 55 projects each feed the public pages' benchmark.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from congress_portal.accounts.models import Role, User
from congress_portal.meetings import services as votes
from congress_portal.meetings.models import Attendance, Ballot, Participation, Poll, RollEntry
from congress_portal.organization.models import Committee, HandlingUnit, Session

from . import services
from .models import (CandidateProject, ChosenProject, Inspection, Milestone, ProgressReport, ProjectProposal,
                     Solicitation)

ORDER = 70

# (title, description, budget in 10,000 yuan, unit)
PROJECTS = [
    ("老旧小区改造提升", "完成积玉桥、杨园等街道32个老旧小区改造，同步实施雨污分流、屋面防水和外立面整治。", "8600", "区住房和城市更新局"),
    ("既有住宅加装电梯", "新增既有住宅加装电梯120部，为符合条件的加装项目给予财政补贴。", "2400", "区住房和城市更新局"),
    ("幸福食堂扩面提质", "新建和改造社区幸福食堂20个，为辖区老年人提供助餐服务。", "1200", "区民政局"),
    ("二次供水设施改造", "改造老旧二次供水泵房45座，解决高层住户供水困难问题。", "3100", "区水务和湖泊局"),
    ("背街小巷路面修复", "修复武珞路三巷等背街小巷路面和排水管网40条。", "1800", "区城市管理执法局"),
    ("口袋公园建设", "利用边角地新建口袋公园15个，增加群众家门口的休闲空间。", "1500", "区园林和林业局"),
    ("中小学课后服务提升", "全区公办中小学全面开展课后服务，新增托管学位3000个。", "900", "区教育局"),
    ("社区卫生服务中心标准化建设", "完成5家社区卫生服务中心标准化改造，增设康复和中医诊室。", "2600", "区卫生健康局"),
    ("公共停车泊位增设", "新增公共停车泊位2000个，缓解老旧社区停车难。", "2100", "区交通运输局"),
    ("社区嵌入式养老服务", "新建社区嵌入式养老服务中心8个，提供日间照料和上门服务。", "1600", "区民政局"),
    ("菜市场标准化改造", "完成12个农贸市场标准化改造，规范经营秩序。", "1300", "区商务局"),
    ("健康食堂和健康餐厅建设", "在商务楼宇和机关单位建设健康食堂、健康餐厅30家。", "400", "区卫生健康局"),
    ("全民健身设施补短板", "新建和更新社区健身路径60处、多功能运动场6个。", "700", "区文化和旅游局"),
    ("积水点整治", "整治城市易涝积水点18处，完善排水管网。", "2900", "区水务和湖泊局"),
    ("新就业形态劳动者驿站", "建设户外劳动者驿站50个，提供休息、饮水、充电服务。", "300", "区人力资源和社会保障局"),
]

PROPOSALS = [
    "我们小区是八十年代的老房子，楼道破旧、下水道经常堵，希望纳入老旧小区改造。",
    "六楼的老人上下楼太难了，希望政府继续支持加装电梯，补贴再提高一些。",
    "社区里独居老人多，希望在中华路街再开一家幸福食堂，中午能吃上热饭。",
    "高层住户夏天水压不够，希望改造二次供水泵房。",
    "武珞路三巷路面坑洼，下雨积水，希望尽快修复。",
    "希望在首义路街建一个口袋公园，让老人孩子有地方活动。",
    "孩子放学早、家长下班晚，希望学校课后服务延长到六点。",
    "社区医院没有康复科，希望增设康复诊室。",
    "小区周边停车难，晚上车都停到人行道上，希望增加停车位。",
    "希望为外卖员、快递员建一些能歇脚喝水的驿站。",
    "徐家棚街的菜市场又脏又乱，希望改造。",
    "雨天积水严重的路口，希望彻底整治。",
    "希望增加社区篮球场和健身器材。",
    "老旧小区的消防通道被占用，希望整治并增设消防设施。",
    "希望在地铁站口增设非机动车停放点。",
    "希望在社区增设儿童托育点，解决双职工家庭带娃难。",
]

DECLINE_REASONS = [
    "该事项已列入区“十四五”城市更新专项规划，由区住房和城市更新局按计划实施，不再重复列入民生实事项目。",
    "该事项属于市级事权，已转交市有关部门研究办理。",
]


def _unit(name):
    return HandlingUnit.objects.get(name=name)


def _attendance(session, voters, staff, rng):
    """Who came to the session: all but a few (on leave or absent), recorded once per session."""
    if Attendance.objects.filter(session=session).exists():
        return list(Attendance.objects.filter(session=session, status="present").values_list("user_id", flat=True))
    present = []
    rows = []
    for uid in sorted(voters):
        status = "present" if rng.random() > 0.06 else rng.choice(["leave", "absent"])
        rows.append(Attendance(session=session, user_id=uid, status=status, method="staff", recorded_by=staff,
                               reason="因病请假" if status == "leave" else ""))
        if status == "present":
            present.append(uid)
    Attendance.objects.bulk_create(rows)
    return present


def _ballots(poll, voters, targets):
    """Phone ballots giving each option exactly its target approvals: each option's approvals go round the
    voters from where the previous one stopped, so that no ballot approves more than the places."""
    n = len(voters)
    assert sum(targets.values()) <= n * poll.places and max(targets.values()) <= n
    choices = {uid: [] for uid in voters}
    offset = 0
    for option_id, target in targets.items():
        for k in range(target):
            choices[voters[(offset + k) % n]].append(option_id)
        offset = (offset + target) % n
    Participation.objects.bulk_create([Participation(poll=poll, user_id=uid, channel="phone") for uid in voters])
    Ballot.objects.bulk_create([Ballot(poll=poll, choices=sorted(c)) for c in choices.values()])


def _vote(poll, staff, present, targets, *, paper=0, paper_counts=None):
    """Open on the roll, `paper` deputies vote on paper (their counted totals reconcile), the rest on phones."""
    votes.poll_open(poll=poll, actor=staff)
    roll = list(RollEntry.objects.filter(poll=poll).order_by("user_id").values_list("user_id", flat=True))
    phone, on_paper = roll[paper:], roll[:paper]
    _ballots(poll, phone, targets)
    if paper:
        votes.poll_mark_paper_voters(poll=poll, voters=list(User.objects.filter(pk__in=on_paper)), actor=staff)
        votes.poll_enter_paper_tally(poll=poll, actor=staff, issued=paper, valid=paper, invalid=0, not_returned=0,
                                     counts=paper_counts or {})
    votes.poll_close(poll=poll, actor=staff)
    return poll


def _targets(poll, n_voters, profile):
    options = list(poll.options.order_by("order", "id"))
    return {o.pk: min(n_voters, round(n_voters * share)) for o, share in zip(options, profile, strict=True)}


def _dated(poll, day, minutes=0):
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 30))) + datetime.timedelta(
        minutes=minutes)
    Poll.objects.filter(pk=poll.pk).update(opened_at=at, closed_at=at + datetime.timedelta(minutes=15),
                                           published_at=at + datetime.timedelta(minutes=30))
    return at


def _year(ctx, *, year, session, staff, n_candidates, places, profile, rng, tie=False):
    """A year voted at `session`: solicitation in the previous autumn, candidates, approval, the vote."""
    s = Solicitation.objects.create(year=year, opens_on=datetime.date(year - 1, 8, 1),
                                    closes_on=datetime.date(year - 1, 9, 15), places=places, session=session)
    proposals = ProjectProposal.objects.bulk_create([
        ProjectProposal(solicitation=s, text=text, proposer_name=ctx.person_name()[0] + rng.choice("先生女士"),
                        status=ProjectProposal.Status.ADOPTED) for text in PROPOSALS])
    for i, (title, description, budget, unit) in enumerate(PROJECTS[:n_candidates]):
        services.candidate_create(solicitation=s, actor=staff, title=title, description=description,
                                  budget=Decimal(budget), unit=_unit(unit),
                                  expected_completion=datetime.date(year, 12, 31),
                                  proposals=[proposals[i]] if i < len(proposals) else [])
    services.candidate_list_approve(solicitation=s, actor=staff)
    poll = services.ballot_create(solicitation=s, session=session, actor=staff)
    voters = votes.forum_voters(session)
    present = _attendance(session, voters, staff, rng)
    n_phone = len(present) - 6
    targets = _targets(poll, n_phone, profile)
    options = list(poll.options.order_by("order", "id"))
    paper_counts = {o.pk: 5 for o in options[:places]}
    if tie:
        # The 10th and 11th candidates end level after the paper part: a run-off among them.
        a, b = options[places - 1].pk, options[places].pk
        targets[b] = targets[a]
        paper_counts[a] = paper_counts[b] = 3
        paper_counts.pop(options[places - 2].pk, None)
    _vote(poll, staff, present, targets, paper=6, paper_counts=paper_counts)
    when = _dated(poll, session.start_date + datetime.timedelta(days=2))
    poll.refresh_from_db()
    if poll.result.outcome.get("tied"):
        runoff = votes.poll_create_runoff(poll=poll, actor=staff)
        r_options = list(runoff.options.order_by("order", "id"))
        _vote(runoff, staff, present, {o.pk: (len(present) * (2 - i)) // 3 for i, o in enumerate(r_options)})
        _dated(runoff, session.start_date + datetime.timedelta(days=2), minutes=40)
        votes.poll_publish(poll=runoff, actor=staff)
    votes.poll_publish(poll=poll, actor=staff)
    services.result_take(solicitation=s, actor=staff)
    Solicitation.objects.filter(pk=s.pk).update(
        approved_at=when - datetime.timedelta(days=20), result_taken_at=when + datetime.timedelta(hours=2))
    return Solicitation.objects.get(pk=s.pk)


REPORTS = [
    (ProgressReport.Period.PLAN, 5, "制定实施方案，明确责任科室和时间节点，完成项目立项和资金申报。"),
    (ProgressReport.Period.QUARTER, 30, "完成设计和招标，部分点位已进场施工。"),
    (ProgressReport.Period.MIDYEAR, 55, "主体工程过半，已完成年度计划的一半以上，群众反映良好。"),
    (ProgressReport.Period.QUARTER, 80, "大部分点位完工，正在组织分项验收。"),
    (ProgressReport.Period.RESULT, 100, "全面完成年度目标任务，已通过竣工验收并投入使用。"),
]


def _carry_out(ctx, solicitation, *, reports, rng, deputies, staff, inspections=True):
    """Milestones, the unit's reports up to `reports` of the five, budget spent, an inspection or two."""
    projects = list(ChosenProject.objects.filter(candidate__solicitation=solicitation)
                    .select_related("candidate").order_by("rank"))
    year = solicitation.year
    milestone_rows, report_rows, changes = [], [], []
    officer_of = dict(User.objects.filter(role=Role.UNIT_OFFICER).values_list("unit_id", "pk").order_by("-pk"))
    for p in projects:
        budget = p.candidate.budget
        plan = [("完成实施方案", datetime.date(year, 3, 31)), ("完成招标和设计", datetime.date(year, 5, 31)),
                ("主体工程完工", datetime.date(year, 9, 30)), ("竣工验收", datetime.date(year, 12, 15))]
        # Some projects run late: fewer reports, lower progress.
        done_reports = max(1, reports - (1 if p.rank % 4 == 0 else 0))
        last = 0
        for i, (period, progress, text) in enumerate(REPORTS[:done_reports]):
            progress = min(100, progress - (10 if p.rank % 4 == 0 and i else 0))
            last = progress
            report_rows.append((ProgressReport(project=p, period=period, progress=progress, text=text,
                                               reported_by_id=officer_of.get(p.candidate.unit_id, staff.pk),
                                               budget_spent=(budget * progress / 100).quantize(Decimal("0.01"))),
                                datetime.date(year, (1, 4, 7, 10, 12)[i], 20 if i else 25)))
        reached = {0: 0, 1: 1, 2: 1, 3: 2, 4: 3}.get(done_reports - 1, 4) if last < 100 else 4
        milestone_rows += [Milestone(project=p, title=t, planned_on=d, done_on=d if i < reached else None)
                           for i, (t, d) in enumerate(plan)]
        p.progress, p.budget_spent = last, (budget * last / 100).quantize(Decimal("0.01"))
        latest_day = report_rows[-1][1]
        p.next_report_due = None if last == 100 else latest_day + datetime.timedelta(days=91)
        changes.append(p)
    Milestone.objects.bulk_create(milestone_rows)
    created = ProgressReport.objects.bulk_create([r for r, _day in report_rows])
    for report, (_r, day) in zip(created, report_rows, strict=True):
        report.reported_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(15, 0)))
    ProgressReport.objects.bulk_update(created, ["reported_at"])
    ChosenProject.objects.bulk_update(changes, ["progress", "budget_spent", "next_report_due"])
    if inspections and deputies:
        for p in projects[:3]:
            day = datetime.date(year, 6, 20) if datetime.date(year, 6, 20) <= ctx.today else ctx.today
            inspection = Inspection.objects.create(
                project=p, date=day, recorded_by=staff,
                findings=f"代表一行实地察看了{p.candidate.title}施工现场，听取了实施单位的情况汇报。建议加快进度，"
                         "同步做好安全文明施工和群众解释工作。")
            inspection.deputies.set(rng.sample(deputies, 4))
    return projects


def _evaluate(solicitation, session, staff, present, unsatisfied_rank):
    """The deputies' year-end satisfaction vote on each project, one 不满意."""
    polls = services.evaluation_create(solicitation=solicitation, forum=session, actor=staff)
    n = len(present)
    for poll in polls:
        project = ChosenProject.objects.get(evaluation_poll=poll)
        options = {o.code: o.pk for o in poll.options.all()}
        if project.rank == unsatisfied_rank:
            targets = {options["satisfied"]: n // 5, options["basic"]: n // 5, options["unsatisfied"]: n // 2}
        else:
            targets = {options["satisfied"]: (n * 7) // 10, options["basic"]: n // 5, options["unsatisfied"]: 2}
        targets[options["abstain"]] = n - sum(targets.values())
        votes.poll_open(poll=poll, actor=staff)
        roll = list(RollEntry.objects.filter(poll=poll).order_by("user_id").values_list("user_id", flat=True))
        Participation.objects.bulk_create([Participation(poll=poll, user_id=uid, channel="phone") for uid in roll])
        picks = [option_id for option_id, count in targets.items() for _ in range(count)][:len(roll)]
        Ballot.objects.bulk_create([Ballot(poll=poll, choices=[pk]) for pk in picks])
        votes.poll_close(poll=poll, actor=staff)
        _dated(poll, session.start_date + datetime.timedelta(days=2), minutes=60)
    services.evaluation_publish(solicitation=solicitation, actor=staff)


def _history(ctx, first_year, last_year, staff, units):
    """Large scale: earlier years of 55 projects each (Yangzhou 2024), carried out and evaluated, written in
    bulk (no votes): they feed the public pages and the dashboard at the scale of ten years."""
    for year in range(first_year, last_year + 1):
        s = Solicitation.objects.create(year=year, opens_on=datetime.date(year - 1, 8, 1),
                                        closes_on=datetime.date(year - 1, 9, 15), places=55)
        candidates = CandidateProject.objects.bulk_create([
            CandidateProject(solicitation=s, title=f"{PROJECTS[i % len(PROJECTS)][0]}（第{i // len(PROJECTS) + 1}批）",
                             description=PROJECTS[i % len(PROJECTS)][1], budget=Decimal(PROJECTS[i % len(PROJECTS)][2]),
                             unit=units[i % len(units)], expected_completion=datetime.date(year, 12, 31), order=i + 1)
            for i in range(60)])
        chosen = ChosenProject.objects.bulk_create([
            ChosenProject(candidate=c, rank=i + 1, approvals=200 - i, progress=100, budget_spent=c.budget,
                          evaluation="satisfied" if i % 11 else "basic") for i, c in enumerate(candidates[:55])])
        reports = ProgressReport.objects.bulk_create([
            ProgressReport(project=p, period=period, progress=progress, text=text, reported_by=staff)
            for p in chosen for period, progress, text in REPORTS[::2]])
        for r in reports:
            r.reported_at = timezone.make_aware(datetime.datetime(year, 12, 20, 15, 0))
        ProgressReport.objects.bulk_update(reports, ["reported_at"], batch_size=2000)
        at = timezone.make_aware(datetime.datetime(year, 1, 12, 12, 0))
        Solicitation.objects.filter(pk=s.pk).update(approved_at=at, result_taken_at=at)
        ChosenProject.objects.filter(candidate__solicitation=s).update(evaluated_at=at.replace(year=year + 1))


def seed(ctx):
    import random

    rng = random.Random(20265)
    staff = User.objects.get(username="staff")
    term = ctx.shared["term"]
    sessions = {s.start_date.year: s for s in Session.objects.filter(term=term)}
    this_year = ctx.today.year
    last_session, this_session = sessions.get(this_year - 1), sessions.get(this_year)
    if last_session is None or this_session is None:
        ctx.log("  livelihood: no sessions last year and this year; skipped")
        return
    deputies = [d for d in ctx.shared.get("deputies", []) if d.term_id == term.pk]
    if ctx.large:
        units = list(HandlingUnit.objects.filter(kind="government").order_by("id"))
        _history(ctx, this_year - 11, this_year - 2, staff, units)

    # Last year's: 15 candidates for 10 places, carried out, evaluated at this year's session.
    last = _year(ctx, year=this_year - 1, session=last_session, staff=staff, n_candidates=15, places=10, rng=rng,
                 profile=[.93, .9, .88, .86, .84, .8, .78, .75, .72, .7, .45, .4, .35, .3, .25])
    _carry_out(ctx, last, reports=5, rng=rng, deputies=deputies, staff=staff)
    ChosenProject.objects.filter(candidate__solicitation=last, progress__lt=100).update(next_report_due=None)

    # This year's: 12 for 10 with a tie at the cut, decided by a run-off; in progress.
    this = _year(ctx, year=this_year, session=this_session, staff=staff, n_candidates=12, places=10, rng=rng,
                 profile=[.95, .92, .9, .88, .85, .82, .8, .78, .76, .7, .7, .5], tie=True)
    present = list(Attendance.objects.filter(session=this_session, status="present").values_list("user_id", flat=True))
    _evaluate(last, this_session, staff, present, unsatisfied_rank=8)
    # Its 不满意 project goes into this year's supervision (the plan is published: an item of the year).
    services.carry_over_to_supervision(
        project=ChosenProject.objects.get(candidate__solicitation=last, evaluation="unsatisfied"), actor=staff,
        committee=Committee.objects.get(short_name="教科文卫工委"))  # a health project
    months_in = max(1, min(4, (ctx.today.month - 1) // 3 + 1))
    _carry_out(ctx, this, reports=months_in, rng=rng, deputies=deputies, staff=staff)
    # One project's quarterly report is overdue: the sweep reminds its unit and staff.
    ChosenProject.objects.filter(candidate__solicitation=this, rank=4).update(
        next_report_due=ctx.today - datetime.timedelta(days=9))

    # Next year's solicitation, open now (at least the 30 days the setting asks).
    nxt = Solicitation.objects.create(year=this_year + 1, opens_on=ctx.today - datetime.timedelta(days=20),
                                      closes_on=ctx.today + datetime.timedelta(days=15), places=10,
                                      session=None)
    proposals = [services.proposal_submit(solicitation=nxt, text=text,
                                          proposer_name=ctx.person_name()[0] + rng.choice(["先生", "女士"]),
                                          today=ctx.today) for text in PROPOSALS]
    for i, (title, description, budget, unit) in enumerate(PROJECTS[:4]):
        services.candidate_create(solicitation=nxt, actor=staff, title=title, description=description,
                                  budget=Decimal(budget), unit=_unit(unit),
                                  expected_completion=datetime.date(this_year + 1, 12, 31), proposals=[proposals[i]])
    for proposal, reason in zip(proposals[-2:], DECLINE_REASONS, strict=True):
        services.proposal_decline(proposal=proposal, actor=staff, reason=reason)
    from django.db import transaction

    from . import selectors

    transaction.on_commit(selectors.result_changed)  # pages kept from an earlier demo are not shown
    ctx.log(f"  livelihood: {this_year - 1} evaluated, {this_year} in progress (run-off at the cut), "
            f"{this_year + 1} open for proposals ({len(proposals)} received)")
