"""Demo: deliberation opinions on the Wuchang 2024 plan's reports, with issues in every rectification state,
a special inquiry with follow-ups and commitments, and a satisfaction vote that fails and then passes.

Everything goes through the services and the meetings engine (real polls, ballots and results), so the
demo shows what the pages will show for real data."""

import datetime

from congress_portal.accounts.models import User
from congress_portal.meetings import services as votes
from congress_portal.meetings.models import PollOption, StandingCommitteeMeeting
from congress_portal.organization.models import HandlingUnit
from supervision import services as item_services
from supervision.demo import PROPERTY_REPORT
from supervision.models import Kind, Stage, SupervisionItem

from . import services
from .models import Opinion, Rectification

ORDER = 70  # after the meetings (50) and appointments (60)


def _item(ctx, title, kind, committee, units, stage, leader=None, meeting=None):
    item, _created = SupervisionItem.objects.get_or_create(
        year=ctx.today.year, title=title,
        defaults={"kind": kind, "committee": committee, "stage": stage, "leader": leader, "meeting": meeting})
    item.target_units.add(*units)
    return item


def _unit(name):
    return HandlingUnit.objects.get(name=name)


def _officer(unit):
    return User.objects.filter(unit=unit, is_active=True).order_by("id").first()


def _vote(ctx, rect, staff, meeting, voters, picks):
    """A satisfaction vote on `rect` at `meeting`, cast on phones by `voters` with `picks` (codes), closed and
    its verdict taken back."""
    vote = services.vote_open_on_rectification(rectification=rect, actor=staff, meeting=meeting)
    return _cast_and_take(vote, staff, voters, picks)


def _cast_and_take(vote, staff, voters, picks):
    poll = votes.poll_open(poll=vote.poll, actor=staff)
    options = {o.code: o.pk for o in poll.options.all()}
    for user, code in zip(voters, picks):
        votes.poll_cast(poll=poll, voter=user, option_ids=[options[code]])
    votes.poll_close(poll=poll, actor=staff)
    votes.poll_publish(poll=poll, actor=staff)
    return services.vote_take(vote=vote, actor=staff)


def _report_and_accept(rect, officer, staff, text, accept=True):
    services.rectification_submit(rectification=rect, actor=officer, text=text,
                                  measures="一、成立整改工作专班，明确责任领导和责任科室；二、建立问题台账，倒排工期、挂图作战；"
                                           "三、每月向区人大城建环保工委报送进展。")
    if accept:
        services.rectification_accept(rectification=rect, actor=staff)
    rect.refresh_from_db()
    return rect


def seed(ctx):
    today = ctx.today
    committees = {c.short_name: c for c in ctx.shared["committees"]}
    staff = User.objects.get(username="staff")
    term = ctx.shared["term"]
    members = list(term.members_in_office().order_by("sort_order", "id"))
    leader = members[1]
    past = StandingCommitteeMeeting.objects.get(term=term, number=23)
    current = StandingCommitteeMeeting.objects.get(term=term, number=24)
    present = list(User.objects.filter(committee_member__in=members, attendances__meeting=past,
                                       attendances__status="present").order_by("committee_member__sort_order"))
    housing, city = _unit("区住房和城市更新局"), _unit("区城市管理执法局")
    emergency, ecology = _unit("区应急管理局"), _unit("市生态环境局武昌区分局")

    # 1. A report deliberated 100 days ago: one issue reported and waiting for acceptance, one overdue.
    shelters = _item(ctx, "听取和审议武昌区应急避难场所建设工作情况的报告", Kind.WORK_REPORT, committees["社会建设工委"],
                     [emergency, housing], Stage.DELIBERATION, leader=leader, meeting=past)
    op1 = services.opinion_create(
        item=shelters, actor=staff, number=f"武人常审〔{today.year}〕5号",
        title="关于武昌区应急避难场所建设工作情况报告的审议意见",
        text="区人大常委会第二十三次会议听取和审议了区人民政府关于应急避难场所建设工作情况的报告。\n"
             "常委会组成人员认为，区人民政府高度重视应急避难场所建设，规划布局逐步完善。同时也存在场所分布不均衡、"
             "标识指引不规范、日常管护不到位等问题。\n现将审议意见及问题清单交办如下，请认真研究处理。")
    services.issue_add(opinion=op1, actor=staff, unit=emergency,
                       text="部分街道应急避难场所覆盖不足，老城区人均避难面积低于标准。")
    services.issue_add(opinion=op1, actor=staff, unit=housing,
                       text="老旧小区改造中未同步设置应急疏散通道和标识，部分通道被占用。")
    services.opinion_issue(opinion=op1, actor=staff, issued_on=today - datetime.timedelta(days=100))
    services.opinion_publish(opinion=op1, actor=staff)
    r_emergency, r_housing = [i.rectification for i in op1.issues.order_by("order")]
    services.progress_report(rectification=r_emergency, actor=_officer(emergency),
                             text="已完成全区避难场所普查，新增规划场所6处。")
    _report_and_accept(r_emergency, _officer(emergency), staff, "新建成3处、改造提升5处，标识全部更新。", accept=False)
    services.progress_report(rectification=r_housing, actor=_officer(housing),
                             text="已排查老旧小区42个，清理占用通道17处，其余正在推进。")

    # 2. A report deliberated 20 days ago: issues rectifying, accepted (waiting for a vote) and closed.
    law = _item(ctx, "听取和审议区人民政府关于法治政府建设情况的报告", Kind.WORK_REPORT, committees["法工委"],
                [city, housing], Stage.DELIBERATION, leader=leader, meeting=past)
    op2 = services.opinion_create(
        item=law, actor=staff, number=f"武人常审〔{today.year}〕7号", title="关于法治政府建设情况报告的审议意见",
        text="常委会组成人员认为，区人民政府法治政府建设取得积极成效，但行政执法规范化水平仍需提升。\n"
             "请针对问题清单逐项整改，并按期书面报告整改情况。")
    for text, unit in (("行政执法“三项制度”落实不到位，执法全过程记录不完整。", city),
                       ("重大行政决策合法性审查流于形式。", housing),
                       ("执法人员培训考核机制不健全。", city)):
        services.issue_add(opinion=op2, actor=staff, text=text, unit=unit)
    services.opinion_issue(opinion=op2, actor=staff, issued_on=today - datetime.timedelta(days=20))
    r_a, r_b, r_c = [i.rectification for i in op2.issues.order_by("order")]
    services.progress_report(rectification=r_a, actor=_officer(city), text="已为一线执法人员配备执法记录仪120台。")
    _report_and_accept(r_b, _officer(housing), staff, "已建立合法性审查清单，全部重大决策经法律顾问审查。")
    _report_and_accept(r_c, _officer(city), staff, "制定执法人员年度培训计划，已组织两轮考试。")
    services.rectification_close(rectification=r_c, actor=staff)

    # 3. The environment report: a vote that fails, a second round, a vote that passes; another issue
    # escalated after two failed votes; a third put to a vote at today's meeting.
    env = _item(ctx, "听取和审议年度环境状况和环境保护目标完成情况报告", Kind.WORK_REPORT, committees["城建环保工委"],
                [ecology, city, housing], Stage.DELIBERATION, leader=members[2], meeting=past)
    op3 = services.opinion_create(
        item=env, actor=staff, number=f"武人常审〔{today.year}〕2号",
        title="关于年度环境状况和环境保护目标完成情况报告的审议意见",
        text="常委会组成人员认为，全区生态环境质量持续改善，但长江岸线、湖泊水质和扬尘治理仍有短板。\n"
             "请对照问题清单抓好整改，整改情况将提请常委会会议进行满意度测评。")
    for text, unit in (("沙湖水质改善不稳定，部分排口雨污混流。", ecology),
                       ("建筑工地扬尘治理“六个百分之百”落实不到位。", city),
                       ("老旧小区雨污分流改造进度滞后。", housing)):
        services.issue_add(opinion=op3, actor=staff, text=text, unit=unit)
    services.opinion_issue(opinion=op3, actor=staff, issued_on=today - datetime.timedelta(days=200))
    services.opinion_publish(opinion=op3, actor=staff)
    r_lake, r_dust, r_pipes = [i.rectification for i in op3.issues.order_by("order")]
    n = len(present)
    failing = ["satisfied"] * 6 + ["basic"] * 4 + ["unsatisfied"] * (n - 12) + ["abstain"] * 2
    passing = ["satisfied"] * 16 + ["basic"] * 4 + ["unsatisfied"] * (n - 21) + ["abstain"]
    _report_and_accept(r_lake, _officer(ecology), staff, "完成排口溯源整治23处，沙湖水质达到IV类。")
    _vote(ctx, r_lake, staff, past, present, failing)  # 不满意: a second round
    r_lake.refresh_from_db()
    services.progress_report(rectification=r_lake, actor=_officer(ecology), text="第二轮：新建截污管网3.2公里。")
    _report_and_accept(r_lake, _officer(ecology), staff, "第二轮整改完成，沙湖连续6个月稳定达到IV类。")
    _vote(ctx, r_lake, staff, past, present, passing)  # 满意: closed
    _report_and_accept(r_dust, _officer(city), staff, "建立工地扬尘在线监测平台。")
    _vote(ctx, r_dust, staff, past, present, failing)
    r_dust.refresh_from_db()
    _report_and_accept(r_dust, _officer(city), staff, "第二轮：对12个工地立案处罚。")
    _vote(ctx, r_dust, staff, past, present, failing)  # a second 不满意: to the chairs' meeting
    _report_and_accept(r_pipes, _officer(housing), staff, "完成雨污分流改造小区18个。")
    services.vote_open_on_rectification(rectification=r_pipes, actor=staff, meeting=current)  # a draft poll

    # 4. A special inquiry with follow-ups and commitments (kept, due, overdue).
    flood = _item(ctx, "关于城市内涝治理工作的专题询问", Kind.INQUIRY, committees["城建环保工委"], [city, housing],
                  Stage.RECTIFICATION, leader=leader, meeting=past)
    inquiry = services.inquiry_create(item=flood, actor=staff, title="城市内涝治理专题询问", held_on=past.date,
                                      meeting=past)
    askers = members[6:10]
    q1 = services.question_add(inquiry=inquiry, actor=staff, asker=askers[0], unit=housing, official="区住更局局长",
                               text="去年汛期全区出现渍水点31处，今年汛期前能完成多少处改造？",
                               answer="今年计划完成20处，汛期前完成12处，其余年底前完成。")
    services.question_add(inquiry=inquiry, actor=staff, asker=askers[0], unit=housing, official="区住更局局长",
                          text="改造资金缺口如何解决？", answer="申请市级专项资金并纳入区年度预算。", parent=q1)
    q2 = services.question_add(inquiry=inquiry, actor=staff, asker=askers[1], unit=city, official="区城管执法局局长",
                               text="排水设施日常养护责任如何落实？", answer="实行网格化养护，每个排水户明确责任人。")
    services.question_add(inquiry=inquiry, actor=staff, asker=askers[2], unit=city, official="区城管执法局局长",
                          text="网格化养护如何考核？", parent=q2)
    for content, unit, due, question, done in (
            ("汛期前完成12处渍水点改造", housing, past.date + datetime.timedelta(days=20), q1, True),
            ("年底前完成其余8处渍水点改造", housing, today + datetime.timedelta(days=60), q1, False),
            ("一个月内建立排水设施养护考核办法", city, past.date + datetime.timedelta(days=25), q2, False)):
        c = services.commitment_add(inquiry=inquiry, actor=staff, unit=unit, content=content, due_date=due,
                                    responsible="局长", question=question)
        if done:
            services.commitment_fulfil(commitment=c, actor=_officer(unit), evidence="已完成，区人大城建环保工委现场核查。")

    # 5. A report the members found unsatisfactory (DOMAIN §4): the property-services report of the plan,
    # deliberated at last month's meeting; its vote fails, so an opinion after the vote asks each reporting
    # body for a second round of rectification (a second 不满意 would go to the chairs' meeting). The housing
    # bureau has reported progress on it since; the market regulator not yet.
    estates = SupervisionItem.objects.get(year=today.year, title=PROPERTY_REPORT)
    estates = item_services.item_deliberate(item=estates, actor=staff)
    report_vote = services.vote_open_on_report(item=estates, actor=staff, meeting=past)
    _cast_and_take(report_vote, staff, present, failing)
    second = Opinion.objects.get(after_vote=report_vote)
    services.opinion_publish(opinion=second, actor=staff)
    r_estates = Rectification.objects.get(issue__opinion=second, unit=housing)
    services.progress_report(rectification=r_estates, actor=_officer(housing),
                             text="第二轮：已约谈物业服务评价靠后的企业15家，建立物业服务“红黑榜”，"
                                  "老旧小区物业覆盖率由68%提高到81%。")
    ctx.log("  deliberation: 4 opinions (one after a failed report vote), 10 rectifications in every state, "
            "1 inquiry, 6 satisfaction votes")
