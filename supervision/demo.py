"""Demo: this year's supervision plan built from the Wuchang 2024 plan (seeds 000), published, with an item
of every kind in every stage (the Yangzhou 2024 appraisals of 8 department heads, 7 judges and 5
prosecutors; a law enforcement inspection with its groups, visits and findings; filing reviews on their
clocks); next year's plan collecting topics from the public (pending, accepted, declined)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from congress_portal.accounts.models import User
from congress_portal.meetings.models import AgendaItem, StandingCommitteeMeeting
from congress_portal.organization.models import Committee, HandlingUnit

from .models import (
    Appraisal, FilingReview, Finding, InspectionGroup, Kind, Stage, SupervisionItem, SupervisionPlan, TopicProposal,
    Visit,
)

ORDER = 70
K, S = Kind, Stage

PROPERTY_REPORT = "听取和审议区人民政府关于物业服务和管理工作情况的报告"

# (title, kind, committee short name, target units' short names, stage, meeting key)
# meeting keys: past (meeting 23, a month ago), today (24), soon (+15 days: its report is overdue), later (+40).
ITEMS = [
    ("听取和审议区人民政府关于法治政府建设情况的报告", K.WORK_REPORT, "法工委", ["区司法局"], S.FEEDBACK, "past"),
    ("调研社区法律顾问制度工作开展情况", K.RESEARCH, "法工委", ["区司法局"], S.CLOSED, None),
    ("对《武汉市地质灾害防治和地质环境保护条例》开展执法检查", K.LAW_INSPECTION, "城建环保工委",
     ["区自然资源分局", "区应急局"], S.REPORT, "later"),
    ("调研《中华人民共和国无障碍环境建设法》贯彻实施情况", K.RESEARCH, "社会建设工委", ["区住更局", "区民政局"],
     S.ORGANISING, None),
    ("审议公、检、法、司办案质量检查情况的报告", K.WORK_REPORT, "监察司法工委", ["区法院", "区检察院", "区司法局"],
     S.RECTIFICATION, "past"),
    ("专题听取武昌区禁毒工作情况汇报并开展专题询问", K.INQUIRY, "监察司法工委", ["公安武昌分局", "区法院", "区检察院"],
     S.DELIBERATION, "today"),
    ("听取和审议区人民政府关于环大学科技创新经济带建设进展情况的报告", K.WORK_REPORT, "财经工委",
     ["区科经信局", "区发改局"], S.ORGANISING, "soon"),
    ("审计查出问题整改落实情况的监督", K.AUDIT_RECTIFICATION, "财经工委", ["区审计局", "区财政局"], S.RECTIFICATION,
     "past"),
    ("预算执行情况的监督", K.BUDGET_RECTIFICATION, "财经工委", ["区财政局"], S.TOPIC, "later"),
    ("国民经济和社会发展计划执行情况的监督", K.PLAN_RECTIFICATION, "财经工委", ["区发改局"], S.TOPIC, None),
    ("听取和审议武昌区应急避难场所建设工作情况的报告", K.WORK_REPORT, "城建环保工委", ["区应急局", "区住更局"],
     S.TOPIC, "soon"),
    ("听取和审议年度环境状况和环境保护目标完成情况报告", K.WORK_REPORT, "城建环保工委", ["区生态环境分局"],
     S.REPORT, "today"),
    ("听取和审议武昌区社会组织参与基层社会治理工作情况的报告", K.WORK_REPORT, "社会建设工委", ["区民政局"],
     S.ORGANISING, "later"),
    ("检查武昌区创建国家级义务教育优质均衡发展区工作情况", K.WORK_REPORT, "教科文卫工委", ["区教育局"], S.CLOSED,
     "past"),
    ("调研昙华林历史文化街区非遗保护传承工作", K.RESEARCH, "教科文卫工委", ["区文旅局"], S.DELIBERATION, None),
    ("对区人民政府组成部门负责人、法官、检察官开展履职评议", K.APPRAISAL, "人选任联工委", ["区法院", "区检察院"],
     S.DELIBERATION, "past"),
    ("规范性文件备案审查", K.FILING_REVIEW, "法工委", ["区政府办"], S.ORGANISING, None),
    # Reported before last month's meeting; deliberated there and found unsatisfactory (supervision.deliberation's
    # demo: the vote, the second round). Property services are a standing concern (seed: four years of
    # follow-up supervision, two special inquiries, two satisfaction votes).
    (PROPERTY_REPORT, K.WORK_REPORT, "城建环保工委", ["区住更局", "区市场监管局"], S.REPORT, "past"),
]

# Yangzhou 2024: 8 department heads, 7 judges, 5 prosecutors appraised (DOMAIN §4).
APPRAISED = ([("区发展和改革局局长", "satisfied")] + [("区教育局局长", "satisfied"), ("区民政局局长", "satisfied"),
             ("区财政局局长", "satisfied"), ("区住房和城市更新局局长", "basically"),
             ("区城市管理执法局局长", "satisfied"), ("区卫生健康局局长", "satisfied"),
             ("区市场监督管理局局长", "basically")]
             + [("区人民法院审判员", "satisfied")] * 6 + [("区人民法院审判员", "basically")]
             + [("区人民检察院检察员", "satisfied")] * 4 + [("区人民检察院检察员", "basically")])

TOPICS = [
    ("建议监督老旧小区加装电梯工作，很多老人上下楼困难", TopicProposal.Status.RECEIVED, ""),
    ("建议对全区幸福食堂的运营和补贴情况开展调研", TopicProposal.Status.RECEIVED, ""),
    ("建议听取区政府关于学校周边交通安全整治工作的报告", TopicProposal.Status.ACCEPTED, ""),
    ("希望人大检查一下《湖北省物业服务和管理条例》在我们小区的执行情况", TopicProposal.Status.ACCEPTED, ""),
    ("我家楼下的烧烤店油烟很大，请人大管一管", TopicProposal.Status.DECLINED,
     "属于具体的个案投诉，已转区城市管理执法局依法处理；您也可以拨打12345市民服务热线反映。"),
    ("建议监督长江主轴右岸重点片区更新建设情况", TopicProposal.Status.DECLINED,
     "该事项已列入今年的监督计划（跟踪监督长江主轴右岸重点片区更新建设情况），不再重复立项。"),
]


def _meeting(term, number, date):
    meeting, _created = StandingCommitteeMeeting.objects.get_or_create(
        term=term, number=number, defaults={"date": date, "place": "区人大常委会机关第一会议室"})
    return meeting


def seed(ctx):
    term = ctx.shared["term"]
    today, year = ctx.today, ctx.today.year
    staff = User.objects.get(username="staff")
    committees = {c.short_name: c for c in Committee.objects.all()}
    units = {u.short_name: u for u in HandlingUnit.objects.exclude(short_name="")}
    meetings = {"past": _meeting(term, 23, today - datetime.timedelta(days=30)),
                "today": _meeting(term, 24, today),
                "soon": _meeting(term, 25, today + datetime.timedelta(days=15)),
                "later": _meeting(term, 26, today + datetime.timedelta(days=40))}
    approved = datetime.date(year, 2, 20) if today >= datetime.date(year, 2, 21) else today - datetime.timedelta(days=1)
    plan = SupervisionPlan.objects.create(
        year=year, title=f"武昌区人大常委会{year}年度监督工作计划",
        introduction="坚持正确监督、有效监督、依法监督，围绕全区中心工作和人民群众普遍关心的问题，"
                     "综合运用听取审议专项工作报告、执法检查、专题询问、专题调研、履职评议等方式开展监督。",
        topics_open_on=datetime.date(year - 1, 11, 1), topics_close_on=datetime.date(year - 1, 11, 30),
        approved_on=approved, approval_record=f"{term.name}人大常委会第{30 + (year % 10)}次主任会议",
        approved_by=staff, published_at=timezone.make_aware(datetime.datetime.combine(approved, datetime.time(16))))
    leaders = list(term.members_in_office().filter(post__in=["vice_chair", "chair"]).order_by("sort_order"))
    item_ct = ContentType.objects.get_for_model(SupervisionItem)
    items = []
    for i, (title, kind, owner, targets, stage, key) in enumerate(ITEMS):
        meeting = meetings.get(key)
        past_report = meeting is not None and stage not in (S.TOPIC, S.ORGANISING)
        it = SupervisionItem.objects.create(
            year=year, plan=plan, kind=kind, title=title, committee=committees[owner], stage=stage, meeting=meeting,
            leader=leaders[i % len(leaders)] if leaders else None, stage_changed_at=timezone.now(),
            description="依据年度监督工作计划开展。",
            laws="《武汉市地质灾害防治和地质环境保护条例》" if kind == K.LAW_INSPECTION else "",
            report_to_committee_on=meeting.date - datetime.timedelta(days=22) if past_report else None,
            report_to_standing_on=meeting.date - datetime.timedelta(days=12) if past_report and key == "past" else None,
            report_to_members_on=meeting.date - datetime.timedelta(days=8) if past_report and key == "past" else None)
        it.target_units.set([units[t] for t in targets])
        if meeting is not None:
            it.agenda_item = AgendaItem.objects.create(meeting=meeting, order=meeting.agenda_items.count() + 1,
                                                       title=title, content_type=item_ct, object_id=str(it.pk))
            it.save(update_fields=["agenda_item"])
        items.append(it)
    by_kind = {it.kind: it for it in items}
    inspection = by_kind[K.LAW_INSPECTION]
    InspectionGroup.objects.bulk_create([
        InspectionGroup(item=inspection, name="第一执法检查组", leader_name=leaders[0].name if leaders else "组长",
                        members="\n".join(ctx.person_name() for _ in range(4))),
        InspectionGroup(item=inspection, name="第二执法检查组", leader_name=leaders[1].name if len(leaders) > 1 else "组长",
                        members="\n".join(ctx.person_name() for _ in range(4)))])
    Visit.objects.bulk_create([
        Visit(item=inspection, date=today - datetime.timedelta(days=d), place=place, participants="执法检查组全体成员")
        for d, place in ((40, "白沙洲街地质灾害隐患点"), (33, "首义路街边坡治理工程"), (26, "区应急管理局指挥中心"))])
    Finding.objects.bulk_create([Finding(item=inspection, order=i, text=t) for i, t in enumerate([
        "部分地质灾害隐患点监测设备老化，预警信息发布不够及时。",
        "基层群测群防队伍专业能力不足，培训演练覆盖面不广。",
        "地质环境保护资金投入与治理任务不相匹配。"])])
    research = by_kind[K.RESEARCH]
    Visit.objects.create(item=research, date=today - datetime.timedelta(days=60), place="中南路街长春社区",
                         participants="法工委、部分区人大代表", notes="座谈社区法律顾问履职情况")
    appraisal = by_kind[K.APPRAISAL]
    Appraisal.objects.bulk_create([
        Appraisal(item=appraisal, subject=Appraisal.Subject.OFFICIAL, official_name=ctx.person_name(),
                  official_post=post, result=result, score=90 if result == "satisfied" else 78)
        for post, result in APPRAISED])
    filing_item = by_kind[K.FILING_REVIEW]
    gov = units["区政府办"]
    FilingReview.objects.bulk_create([
        FilingReview(item=filing_item, document_title="武昌区老旧小区改造资金管理办法", document_number=f"武政规〔{year}〕3号",
                     issuing_unit=gov, published_on=today - datetime.timedelta(days=25))])
    for n, (title, days) in enumerate((("武昌区城市道路占用挖掘管理规定", 70), ("武昌区养老服务补贴实施细则", 120)), 2):
        extra = SupervisionItem.objects.create(year=year, plan=plan, kind=K.FILING_REVIEW, title=f"备案审查：{title}",
                                               committee=committees["法工委"], stage=S.ORGANISING,
                                               stage_changed_at=timezone.now())
        extra.target_units.set([gov])
        published = today - datetime.timedelta(days=days)
        FilingReview.objects.create(
            item=extra, document_title=title, document_number=f"武政规〔{year}〕{n + 3}号", issuing_unit=gov,
            published_on=published, filed_on=published + datetime.timedelta(days=12),
            form_checked_on=published + datetime.timedelta(days=18),
            opinion_sent_on=published + datetime.timedelta(days=80) if days > 100 else None)
    # Last year's plan, closed: the dashboard's 同比.
    last = SupervisionPlan.objects.create(
        year=year - 1, title=f"武昌区人大常委会{year - 1}年度监督工作计划", topics_open_on=datetime.date(year - 2, 11, 1),
        topics_close_on=datetime.date(year - 2, 11, 30), approved_on=datetime.date(year - 1, 2, 22),
        approval_record="主任会议", approved_by=staff,
        published_at=timezone.make_aware(datetime.datetime(year - 1, 2, 25, 16)))
    for title, kind, owner, targets, _stage, _key in ITEMS[:12]:
        old = SupervisionItem.objects.create(year=year - 1, plan=last, kind=kind, title=title.replace("武昌区", "全区"),
                                             committee=committees[owner], stage=S.CLOSED,
                                             stage_changed_at=timezone.now())
        old.target_units.set([units[t] for t in targets])
    # Next year's plan, collecting topics now.
    upcoming = SupervisionPlan.objects.create(
        year=year + 1, title=f"武昌区人大常委会{year + 1}年度监督工作计划",
        topics_open_on=today - datetime.timedelta(days=10), topics_close_on=today + datetime.timedelta(days=20))
    accepted_item = SupervisionItem.objects.create(
        year=year + 1, plan=upcoming, kind=K.WORK_REPORT, title="听取和审议区人民政府关于学校周边交通安全整治工作情况的报告",
        committee=committees["社会建设工委"], stage=S.TOPIC, stage_changed_at=timezone.now())
    accepted_item.target_units.set([units["区教育局"], units["公安武昌分局"]])
    inspection_next = SupervisionItem.objects.create(
        year=year + 1, plan=upcoming, kind=K.LAW_INSPECTION, title="对《湖北省物业服务和管理条例》开展执法检查",
        committee=committees["城建环保工委"], stage=S.TOPIC, laws="《湖北省物业服务和管理条例》",
        stage_changed_at=timezone.now())
    inspection_next.target_units.set([units["区住更局"]])
    now = timezone.now()
    for i, (text, status, reason) in enumerate(TOPICS):
        TopicProposal.objects.create(
            plan=upcoming, text=text, status=status, decline_reason=reason, proposer_name=ctx.person_name()[0] + "先生",
            item=(accepted_item if i == 2 else inspection_next) if status == TopicProposal.Status.ACCEPTED else None,
            decided_at=now if status != TopicProposal.Status.RECEIVED else None,
            decided_by=staff if status != TopicProposal.Status.RECEIVED else None)
    if ctx.large:
        count = seed_large_history(ctx, list(Committee.objects.all()), list(HandlingUnit.objects.all()), staff)
        ctx.log(f"  supervision: {count} items of {LARGE_YEARS - 1} earlier years")
    ctx.log(f"  supervision: plan {year} published with {len(items) + 2} items; plan {year + 1} collecting topics "
            f"({len(TOPICS)} received)")


# The large demo (benchmarks): ten years of items. Each past year has its published plan of about forty items
# and, outside the plan, the year's filing reviews and research visits (a district files hundreds of
# normative documents a year), so that the lists and filters are measured on tens of thousands of rows.
LARGE_YEARS = 10
LARGE_PLAN_ITEMS = 40
LARGE_OTHER_ITEMS = 1500


def seed_large_history(ctx, committees, units, staff):
    year = ctx.today.year
    through = SupervisionItem.target_units.through
    rng = ctx.rng
    kinds = [k for k in Kind]
    owners = [c for c in committees if c.kind == "working"] or list(committees)
    total = 0
    for y in range(year - LARGE_YEARS, year - 1):
        plan = SupervisionPlan.objects.create(
            year=y, title=f"武昌区人大常委会{y}年度监督工作计划", topics_open_on=datetime.date(y - 1, 11, 1),
            topics_close_on=datetime.date(y - 1, 11, 30), approved_on=datetime.date(y, 2, 20),
            approval_record="主任会议", approved_by=staff,
            published_at=timezone.make_aware(datetime.datetime(y, 2, 25, 16)))
        rows = []
        for i in range(LARGE_PLAN_ITEMS + LARGE_OTHER_ITEMS):
            in_plan = i < LARGE_PLAN_ITEMS
            title, kind, _owner, _targets, _stage, _key = ITEMS[i % len(ITEMS)]
            if not in_plan:
                kind = K.FILING_REVIEW if i % 3 else K.RESEARCH
                title = f"备案审查：武昌区规范性文件第{i}号" if kind == K.FILING_REVIEW else f"专题调研第{i}项"
            rows.append(SupervisionItem(year=y, plan=plan if in_plan else None, kind=kind,
                                        title=f"{title}（{y}）", committee=owners[i % len(owners)], stage=S.CLOSED,
                                        stage_changed_at=timezone.now()))
        created = SupervisionItem.objects.bulk_create(rows, batch_size=2000)
        through.objects.bulk_create([
            through(supervisionitem_id=it.pk, handlingunit_id=units[(i * 7 + j) % len(units)].pk)
            for i, it in enumerate(created) for j in range(1 + i % 2)], batch_size=5000)
        TopicProposal.objects.bulk_create([
            TopicProposal(plan=plan, text=f"建议监督{rng.choice(['养老', '教育', '交通', '物业', '环境', '医疗'])}工作（{n}）",
                          status=TopicProposal.Status.DECLINED, decline_reason="已有相关事项")
            for n in range(60)], batch_size=1000)
        total += len(created)
    return total
