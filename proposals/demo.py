"""Demo: deputies' suggestions of the current term in every state, anchored on ctx.today.

Rows are written in bulk (the services would be far too slow for the large scale), but each one
is what the services would have produced: numbers in registration order with the counters at the
last number used, deadlines from the deadline settings, one reply per answering unit and round,
evaluations by the deputy, commitments, supervision acts, and (small scale) audit rows for the
main moves. There is always something due around the anchor day: replies due in 15/7/3/1 days,
today and overdue, ratings due, commitments due and overdue.
"""

import contextlib
import datetime
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType

from congress_portal.accounts.models import Role, User
from congress_portal.audit.models import AuditLog
from congress_portal.core import workdays
from congress_portal.core.deadlines import add_months
from congress_portal.organization.models import Session

from .models import (
    Assignment, Category, Commitment, CommitmentProgress, Contact, CoSigner, CoUnitOpinion, Evaluation,
    ExtensionRequest, KeySupervision, LetterCounter, NumberCounter, PreReview, QualityScore, Rating, ReassignRequest,
    Reply, Status, Suggestion, SupervisionAct,
)
from .numbering import number_unnumbered_letters

ORDER = 40
TZ = ZoneInfo("Asia/Shanghai")
S = Status
BATCH = 2000

ROADS = ["武珞路", "中山路", "和平大道", "友谊大道", "中北路", "八一路", "民主路", "解放路", "徐东大街", "武青三干道",
         "张之洞路", "首义路", "白沙洲大道", "积玉桥路", "临江大道", "中南路", "丁字桥路", "楚河汉街"]
COMMUNITIES = ["和平", "临江", "新河", "四美", "友谊", "昙华林", "黄鹤", "首义", "白沙", "紫阳", "南湖", "水果湖",
               "长春", "沙湖", "徐东", "积玉", "粮道", "宝通", "中华路", "杨园"]
STREETS = ["积玉桥街", "杨园街", "徐家棚街", "粮道街", "中华路街", "黄鹤楼街", "紫阳街", "白沙洲街", "首义路街", "中南路街"]

# (category, lead unit, co-units, title, background, proposal, what a commitment promises)
TOPICS = [
    (Category.URBAN, "区住房和城市更新局", ["{street}道办事处", "区城乡建设局"],
     "关于加快{street}{community}社区老旧小区改造的建议",
     "{community}社区多为上世纪八九十年代建成的老旧小区，管网老化、外墙脱落、路面破损，雨天积水严重，居民反映强烈。",
     "一是将该片区纳入年度老旧小区改造计划；二是同步实施雨污分流和强弱电入地；三是改造前充分征求居民意见。",
     "完成{community}社区{n}栋住宅管网及外立面改造"),
    (Category.URBAN, "区住房和城市更新局", ["区城乡建设局"],
     "关于支持{community}社区既有住宅加装电梯的建议",
     "{community}社区60岁以上老人占比超过三成，多层住宅无电梯，老人上下楼困难，加装电梯意愿强但协调难、审批慢。",
     "一是简化加装电梯审批流程；二是加大财政补贴力度；三是由社区搭建协商平台，化解低层住户顾虑。",
     "{community}社区新开工加装电梯{n}部"),
    (Category.SOCIAL, "区住房和城市更新局", ["{street}道办事处"],
     "关于规范{community}社区物业服务管理的建议",
     "部分小区物业服务不到位，收费不透明，维修资金使用难，业主与物业矛盾突出。",
     "一是推进“红色物业”全覆盖；二是建立物业服务质量评价和退出机制；三是公开维修资金使用情况。",
     "完成{community}社区物业服务质量评价并公示结果"),
    (Category.URBAN, "区城市管理执法局", ["市公安局武昌区分局", "区交通运输局"],
     "关于缓解{road}沿线停车难问题的建议",
     "{road}沿线医院、学校、商圈集中，停车泊位严重不足，车辆乱停乱放，高峰时段交通拥堵。",
     "一是挖潜设置夜间共享停车位；二是利用边角地建设立体停车场；三是加强违停治理和智慧停车引导。",
     "在{road}沿线新增停车泊位{n}个"),
    (Category.CULTURE, "区教育局", ["市自然资源和城乡建设局武昌分局"],
     "关于增加{street}片区小学学位供给的建议",
     "随着片区新建住宅陆续交付，适龄儿童快速增加，片区小学大班额问题突出，学位十分紧张。",
     "一是加快片区配套学校建设；二是挖潜现有学校增加班额；三是科学调整学区划分。",
     "{street}片区新增小学学位{n}个"),
    (Category.SOCIAL, "区民政局", ["区卫生健康局"],
     "关于在{community}社区建设嵌入式养老服务设施的建议",
     "{community}社区老龄化程度高，独居、空巢老人多，社区养老服务设施缺乏，日间照料和助餐需求大。",
     "一是利用社区闲置用房建设嵌入式养老服务站；二是引入专业机构运营；三是完善医养结合服务。",
     "建成{community}社区嵌入式养老服务站，床位{n}张"),
    (Category.SOCIAL, "区民政局", ["{street}道办事处"],
     "关于扩大{street}社区老年助餐点覆盖面的建议",
     "现有幸福食堂数量少、分布不均，部分高龄、失能老人就餐不便。",
     "一是按照步行15分钟原则布局助餐点；二是提供送餐上门服务；三是对高龄老人给予餐费补贴。",
     "{street}新增老年助餐点{n}个"),
    (Category.URBAN, "区城市管理执法局", ["{street}道办事处"],
     "关于整治{road}周边背街小巷环境的建议",
     "{road}周边背街小巷路面破损、管线杂乱、占道经营，环境卫生较差，影响居民出行。",
     "一是将背街小巷纳入年度整治计划；二是落实门前三包和常态化保洁；三是规范管线和照明。",
     "完成{road}周边背街小巷{n}条整治"),
    (Category.FINANCE, "区商务局", ["区市场监督管理局", "{street}道办事处"],
     "关于推进{community}菜市场提档升级的建议",
     "{community}菜市场设施陈旧、排水不畅、环境脏乱，群众买菜体验差。",
     "一是实施菜市场标准化改造；二是推行智慧菜场和明码标价；三是加强食品安全检测。",
     "完成{community}菜市场提档升级改造"),
    (Category.URBAN, "区水务和湖泊局", ["区城乡建设局"],
     "关于解决{road}雨后渍水问题的建议",
     "每逢强降雨，{road}低洼路段渍水严重，车辆熄火、行人涉水，存在安全隐患。",
     "一是实施排水管网改造和扩容；二是建设调蓄设施；三是完善渍水点应急抽排预案。",
     "完成{road}低洼路段排水管网改造{n}米"),
    (Category.CULTURE, "区卫生健康局", ["区医疗保障局"],
     "关于提升{street}社区卫生服务中心服务能力的建议",
     "社区卫生服务中心医生数量不足、设备陈旧，居民常见病诊疗和慢病管理需求得不到满足。",
     "一是推动优质医疗资源下沉；二是更新诊疗设备；三是推进家庭医生签约服务提质扩面。",
     "{street}社区卫生服务中心新增全科医生{n}名"),
    (Category.FINANCE, "区人力资源和社会保障局", ["区科学技术和经济信息化局"],
     "关于加强高校毕业生就业创业服务的建议",
     "辖区高校集中，毕业生就业压力较大，就业见习岗位和创业扶持政策宣传不够。",
     "一是开发更多就业见习岗位；二是落实创业担保贷款；三是建设青年创业孵化基地。",
     "新增就业见习岗位{n}个"),
    (Category.FINANCE, "区政务服务和大数据管理局", ["区市场监督管理局"],
     "关于进一步优化中小微企业政务服务的建议",
     "部分涉企事项办理环节多、材料多，企业跑动次数多，营商环境仍有提升空间。",
     "一是推行“高效办成一件事”；二是扩大“免申即享”政策范围；三是设立企业服务专员。",
     "上线涉企“一件事”集成服务{n}项"),
    (Category.CULTURE, "区文化和旅游局", ["{street}道办事处"],
     "关于加强昙华林历史文化街区保护利用的建议",
     "昙华林历史街区部分优秀历史建筑年久失修，业态同质化，停车和噪音问题影响居民生活。",
     "一是加强历史建筑修缮；二是引导特色业态发展；三是完善街区交通组织和噪音管控。",
     "完成历史建筑修缮{n}处"),
    (Category.SOCIAL, "区应急管理局", ["{street}道办事处"],
     "关于增设{community}社区电动自行车集中充电设施的建议",
     "社区电动自行车数量多，集中充电设施少，飞线充电、楼道充电现象普遍，存在火灾隐患。",
     "一是增设集中充电桩和充电柜；二是开展楼道堆物专项整治；三是加强消防安全宣传。",
     "{community}社区新增充电端口{n}个"),
    (Category.LAW, "区司法局", ["{street}道办事处"],
     "关于加强社区矛盾纠纷多元化解的建议",
     "邻里纠纷、物业纠纷、婚姻家庭纠纷多发，社区调解力量不足，专业化水平不高。",
     "一是充实人民调解员队伍；二是推动律师进社区；三是完善诉调对接机制。",
     "建成社区调解工作室{n}个"),
    (Category.URBAN, "区园林和林业局", ["区城市管理执法局"],
     "关于在{road}沿线建设口袋公园的建议",
     "{road}沿线人口密集，绿地和休闲空间不足，居民缺少健身休憩场所。",
     "一是利用边角地建设口袋公园；二是增设健身器材和座椅；三是加强日常养护管理。",
     "在{road}沿线建成口袋公园{n}个"),
    (Category.URBAN, "区城市管理执法局", ["{street}道办事处"],
     "关于深入推进{street}生活垃圾分类的建议",
     "垃圾分类投放点设置不合理，分类收运不到位，居民分类积极性不高。",
     "一是优化投放点布局；二是落实分类收运；三是开展积分激励。",
     "{street}新建标准化垃圾分类投放点{n}个"),
]

REPLY_OPENING = ("收到您提出的建议后，我单位高度重视，主要负责同志专门研究部署，明确分管领导和责任科室，"
                 "先后{contacts}次与您沟通，并会同相关单位实地调研。现将办理情况答复如下：")
REPLY_BODY = {
    "A": "经认真研究，您建议中提出的问题已基本解决。{done}已于{year}年完成，相关情况已向您当面汇报。"
         "下一步，我们将建立长效管理机制，巩固整治成果，防止问题反弹。",
    "B": "您提出的建议切实可行，我单位已将相关工作列入{year}年工作计划，目前正在加快推进，"
         "计划于{due}前完成{done}。我们将定期向您通报进展，欢迎继续监督。",
    "C": "经调研，您建议中反映的问题客观存在。但受资金、用地和规划等条件限制，目前暂不具备全面实施的条件。"
         "我们将积极争取上级资金和政策支持，待条件成熟后优先安排实施。",
    "D": "您的建议对我们改进工作具有重要参考价值。经研究，该事项涉及上级事权，我单位已将您的意见向上级主管部门反映，"
         "并将在今后工作中予以充分考虑和吸收。",
}
RETURN_REASONS = ["建议内容涉及多个事项，不符合“一事一议”要求，请分别提出。",
                  "建议理由不够充分，请补充实地调研情况和具体诉求。"]
REFERENCE_REASONS = ["所提事项属于个人诉求，不宜作为代表建议立案，转作参阅件供有关部门参考。",
                     "所提事项属于司法机关依法独立处理的个案，转作参阅件。"]
CONTACT_CONTENT = ["就建议办理方案当面听取代表意见", "陪同代表实地查看现场情况", "电话沟通办理进展和初步意见",
                   "召开座谈会，邀请代表和居民代表参加"]
SUPERVISION_CONTENT = {
    SupervisionAct.Kind.URGE: "电话催办，要求承办单位抓紧办理并按时答复代表",
    SupervisionAct.Kind.KEY: "主任会议成员带队实地督办，听取承办单位办理情况汇报",
    SupervisionAct.Kind.RECEPTION_DAY: "主任接待日现场督办，代表与承办单位面对面沟通",
    SupervisionAct.Kind.COMMITTEE: "专工委对口督办，检查办理进度",
}
GOVERNMENT_LEADS = ["区长", "常务副区长", "分管副区长"]

SMALL_PLAN = [
    (S.DRAFT, 10), (S.SUBMITTED, 14), (S.RETURNED, 6), (S.REFERENCE, 8), (S.WITHDRAWN, 5), (S.REGISTERED, 10),
    (S.MERGED, 8), (S.ASSIGNED, 18), (S.HANDLING, 50), (S.REPLIED, 22), (S.REHANDLING, 6), (S.EVALUATED, 30),
    (S.CLOSED, 113),
]
# The current year's share of open states at the large scale (the rest of each year is closed).
LARGE_OPEN = [
    (S.DRAFT, 60), (S.SUBMITTED, 150), (S.RETURNED, 40), (S.REGISTERED, 120), (S.ASSIGNED, 300),
    (S.HANDLING, 1800), (S.REPLIED, 500), (S.REHANDLING, 80), (S.EVALUATED, 600),
]
# Days from the anchor day to the reply deadline: the reminders' 15/7/3/1 days, today, overdue.
DUE_OFFSETS = [15, 7, 3, 1, 0, -1, -4, -12, -30]
UNIT_ACCOUNT = "区住房和城市更新局"


def _at(day, hour=10, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


@contextlib.contextmanager
def keep_timestamps(*fields):
    """Let bulk_create write historic values into auto_now_add fields (restored afterwards)."""
    saved = [(f, f.auto_now_add) for f in fields]
    for f, _flag in saved:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, flag in saved:
            f.auto_now_add = flag


def _field(model, name):
    return model._meta.get_field(name)


class Calendar:
    """Working-day arithmetic without a cache round-trip per call (the large scale calls it 100,000 times)."""

    def __init__(self):
        self.exceptions = workdays._exceptions()

    def add(self, start, n):
        day, left = start, n
        while left:
            day += datetime.timedelta(days=1)
            if workdays.is_working_day(day, self.exceptions):
                left -= 1
        return day


class Builder:
    def __init__(self, ctx):
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.cal = Calendar()
        self.term = ctx.shared["term"]
        self.previous_term = ctx.shared.get("previous_term")
        units = ctx.shared["units"]
        self.units_by_name = {u.name: u for u in units}
        self.all_units = units
        deputy_users = dict(User.objects.filter(role=Role.DEPUTY).values_list("deputy_id", "id"))
        self.deputies = [d for d in ctx.shared["deputies"] if d.pk in deputy_users]
        self.deputy_user = deputy_users
        self.officer = {}
        for user_id, unit_id in User.objects.filter(role=Role.UNIT_OFFICER).order_by("id").values_list("id", "unit_id"):
            self.officer.setdefault(unit_id, user_id)
        named = dict(User.objects.filter(username__in=["staff", "leader", "leader2", "chair"])
                     .values_list("username", "id"))
        self.staff_id = named["staff"]
        self.leader_ids = [named[n] for n in ("leader", "leader2", "chair") if n in named]
        self.committees = ctx.shared.get("committees", [])
        self.sessions = {}
        for session in Session.objects.select_related("term"):
            self.sessions[(session.term_id, session.start_date.year)] = session
        self.demo_deputy = self.deputies[0]
        self.unit_account = self.units_by_name.get(UNIT_ACCOUNT)
        self.counters = defaultdict(int)
        self.stats = defaultdict(int)
        # A fresh lookup: a flush (seed_demo --flush, transactional tests) recreates content types.
        ContentType.objects.clear_cache()
        self.ct = ContentType.objects.get_for_model(Suggestion)

    # --- choosing ------------------------------------------------------------------------
    def unit(self, name, street):
        name = name.format(street=street)
        return self.units_by_name.get(name) or self.rng.choice(self.all_units[:27])

    def topic_text(self, topic_index):
        rng = self.rng
        topic = TOPICS[topic_index]
        values = {"street": rng.choice(STREETS), "community": rng.choice(COMMUNITIES), "road": rng.choice(ROADS),
                  "n": rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 20, 30, 50, 120, 200])}
        return topic, values

    # --- one suggestion ---------------------------------------------------------------------
    def plan(self, state, *, year=None, term=None, deputy=None, topic_index=None, due_offset=None,
             lead_unit=None, kind=Suggestion.Kind.SUGGESTION):
        """Everything about one suggestion in `state`, as unsaved objects hanging off a dict."""
        rng, today = self.rng, self.today
        term = term or self.term
        topic_index = rng.randrange(len(TOPICS)) if topic_index is None else topic_index
        topic, values = self.topic_text(topic_index)
        category, lead_name, co_names, title, background, proposal, promise = topic
        deputy = deputy or rng.choice(self.deputies)
        lead = lead_unit or self.unit(lead_name, values["street"])
        co_units = [self.unit(n, values["street"]) for n in co_names if rng.random() < 0.5]
        co_units = [u for i, u in enumerate(co_units) if u.pk != lead.pk and u not in co_units[:i]]
        separate = not co_units and rng.random() < 0.06
        year = year or today.year

        # Dates, anchored so that open items fall around today.
        made = reg = assigned = reply_day = evaluated_day = closed_day = None
        reply_due = None
        session = None
        rounds = 1
        late = rng.random() < 0.08 + 0.15 * ((lead.pk % 7) == 3)  # a few units are habitually late
        if state == S.HANDLING or (state == S.ASSIGNED and due_offset is not None):
            reply_due = today + datetime.timedelta(days=due_offset if due_offset is not None
                                                   else rng.randint(-25, 80))
            assigned = add_months(reply_due, -3)
        elif state == S.ASSIGNED:
            assigned = today - datetime.timedelta(days=rng.randint(0, 4))
        elif state == S.REPLIED:
            reply_day = today - datetime.timedelta(days=rng.randint(0, 28))
            assigned = reply_day - datetime.timedelta(days=rng.randint(35, 88))
        elif state == S.REHANDLING:
            rounds = 2
            evaluated_day = today - datetime.timedelta(days=rng.randint(3, 40))
            reply_day = evaluated_day - datetime.timedelta(days=rng.randint(5, 15))
            assigned = reply_day - datetime.timedelta(days=rng.randint(40, 85))
        elif state == S.EVALUATED:
            evaluated_day = today - datetime.timedelta(days=rng.randint(1, 45))
            reply_day = evaluated_day - datetime.timedelta(days=rng.randint(3, 18))
            assigned = reply_day - datetime.timedelta(days=rng.randint(30, 88))
        elif state == S.CLOSED:
            start = datetime.date(year, 1, 8)
            latest = min(datetime.date(year, 12, 20), today - datetime.timedelta(days=130))
            if latest < start:
                start, latest = latest - datetime.timedelta(days=30), latest
            made = start + datetime.timedelta(days=rng.randint(0, (latest - start).days))
        elif state in (S.SUBMITTED, S.RETURNED, S.REGISTERED, S.MERGED):
            made = today - datetime.timedelta(days=rng.randint(0, 6))
        elif state in (S.REFERENCE, S.WITHDRAWN):
            made = today - datetime.timedelta(days=rng.randint(3, 200))
        elif state == S.DRAFT:
            made = None

        if assigned is not None and made is None:
            reg = assigned - datetime.timedelta(days=rng.randint(1, 5))
            made = reg - datetime.timedelta(days=rng.randint(0, 3))
        if state == S.CLOSED:
            reg = made + datetime.timedelta(days=rng.randint(1, 4))
            assigned = reg + datetime.timedelta(days=rng.randint(1, 5))
        if state == S.REGISTERED:
            reg = min(today, made + datetime.timedelta(days=rng.randint(0, 3)))
        if made is not None and made > today:
            made = today
        # During the session's days a suggestion is a session suggestion (大会期间).
        period = Suggestion.Period.RECESS
        if made is not None:
            candidate = self.sessions.get((term.pk, made.year))
            if candidate and (state == S.CLOSED and rng.random() < 0.4):
                made = candidate.start_date + datetime.timedelta(days=rng.randint(0, 3))
                reg = candidate.end_date + datetime.timedelta(days=rng.randint(1, 6))
                assigned = reg + datetime.timedelta(days=rng.randint(3, 10))
            candidate = self.sessions.get((term.pk, made.year))
            if candidate and candidate.start_date <= made <= candidate.end_date:
                period, session = Suggestion.Period.SESSION, candidate

        if assigned is not None and reply_due is None:
            reply_due = add_months(assigned, 3)
        extended = False
        if state in (S.HANDLING, S.CLOSED, S.EVALUATED) and due_offset is None and rng.random() < 0.03:
            extended = True
            reply_due = add_months(assigned, 6)
        if state == S.CLOSED:
            if late:
                reply_day = reply_due + datetime.timedelta(days=rng.randint(1, 25))
            else:
                reply_day = assigned + datetime.timedelta(days=rng.randint(30, max(31, (reply_due - assigned).days)))
            if rng.random() < 0.04:
                rounds = 2
            evaluated_day = reply_day + datetime.timedelta(days=rng.randint(3, 18))
            if rounds == 2:
                second_reply = evaluated_day + datetime.timedelta(days=rng.randint(10, 28))
                evaluated_day = second_reply + datetime.timedelta(days=rng.randint(3, 12))
            closed_day = evaluated_day + datetime.timedelta(days=rng.randint(1, 10))
            if closed_day >= today:
                closed_day = today - datetime.timedelta(days=1)
                evaluated_day = min(evaluated_day, closed_day)
        if state == S.REPLIED and late:
            reply_due = min(reply_due, reply_day - datetime.timedelta(days=rng.randint(1, 10)))
            assigned = add_months(reply_due, -3)

        s = Suggestion(
            kind=kind, status=state, term=term, session=session, period=period,
            title=title.format(**values), background=background.format(**values),
            proposal=proposal.format(**values), category=category, lead_deputy=deputy,
            created_by_id=self.deputy_user[deputy.pk],
            submitted_at=_at(made, 9) if made and state != S.DRAFT else None,
            registered_at=_at(reg, 15) if reg else None,
            assigned_at=_at(assigned, 16) if assigned else None,
            reply_due=reply_due if assigned else None,
            round=rounds, extended=extended,
            handling_mode=Suggestion.HandlingMode.SEPARATE if separate else Suggestion.HandlingMode.LEAD_CO,
            version=1,
        )
        s.created_at = s.updated_at = _at(made or today - datetime.timedelta(days=rng.randint(0, 10)), 8)
        if state == S.RETURNED:
            s.return_reason = rng.choice(RETURN_REASONS)
        if state == S.REFERENCE:
            s.return_reason = rng.choice(REFERENCE_REASONS)
        if state == S.WITHDRAWN:
            s.registered_at = None
        p = {"s": s, "state": state, "lead": lead, "co": co_units, "separate": separate, "values": values,
             "promise": promise, "made": made, "reg": reg, "assigned": assigned, "reply_day": reply_day,
             "evaluated_day": evaluated_day, "closed_day": closed_day, "rounds": rounds, "late": late}
        return p

    # --- children -----------------------------------------------------------------------------
    def children(self, p, out):
        """Append the rows that hang off one saved suggestion to the lists in `out`."""
        rng, today, s, state = self.rng, self.today, p["s"], p["state"]
        deputy_user = self.deputy_user[s.lead_deputy_id]
        if rng.random() < 0.2 and state != S.DRAFT:
            for other in rng.sample(self.deputies, rng.randint(1, 3)):
                if other.pk != s.lead_deputy_id:
                    out["cosigners"].append(CoSigner(suggestion=s, deputy=other, state=CoSigner.State.CONFIRMED,
                                                     invited_at=s.created_at, responded_at=s.created_at))
        if state in (S.SUBMITTED, S.DRAFT):
            return
        decision = {S.RETURNED: PreReview.Decision.RETURN, S.REFERENCE: PreReview.Decision.REFERENCE,
                    S.MERGED: PreReview.Decision.MERGE}.get(state, PreReview.Decision.REGISTER)
        if state != S.WITHDRAWN:
            out["prereviews"].append(PreReview(
                suggestion=s, reviewer_id=self.staff_id, lawful=True, single_matter=state != S.RETURNED,
                feasible=state != S.REFERENCE, decision=decision, reasons=s.return_reason,
                created_at=_at(p["reg"] or p["made"], 14)))
        if p["assigned"] is None:
            return
        assigned_at = s.assigned_at
        reassign_until = self.cal.add(p["assigned"], 5)
        co_due = add_months(p["assigned"], 1)
        lead_role = Assignment.Role.SEPARATE if p["separate"] else Assignment.Role.LEAD
        answering = [Assignment(suggestion=s, unit=p["lead"], role=lead_role, assigned_at=assigned_at,
                                assigned_by_id=self.staff_id, reassign_until=reassign_until)]
        if p["separate"]:
            other = rng.choice([u for u in self.all_units[:27] if u.pk != p["lead"].pk])
            answering.append(Assignment(suggestion=s, unit=other, role=Assignment.Role.SEPARATE,
                                        assigned_at=assigned_at, assigned_by_id=self.staff_id,
                                        reassign_until=reassign_until))
        co = [Assignment(suggestion=s, unit=u, role=Assignment.Role.CO, assigned_at=assigned_at,
                         assigned_by_id=self.staff_id, reassign_until=reassign_until, co_opinion_due=co_due)
              for u in p["co"]]
        accepted = state != S.ASSIGNED
        for a in answering + co:
            if accepted:
                a.accepted_at = assigned_at + datetime.timedelta(days=rng.randint(1, 3))
            out["assignments"].append(a)
        p["answering"], p["co_assignments"] = answering, co
        if not accepted:
            return
        for a in co:
            if state != S.HANDLING or rng.random() < 0.5:
                out["opinions"].append(CoUnitOpinion(
                    assignment=a, text=f"我单位同意主办单位的办理意见，将在职责范围内积极配合做好{p['values']['community']}社区相关工作。",
                    submitted_by_id=self.officer.get(a.unit_id, self.staff_id),
                    submitted_at=assigned_at + datetime.timedelta(days=rng.randint(7, 28))))
        for a in answering:
            contact_day = min(today, p["assigned"] + datetime.timedelta(days=rng.randint(5, 20)))
            out["contacts"].append(Contact(
                suggestion=s, unit=a.unit, date=contact_day, way=rng.choice(Contact.Way.values),
                content=rng.choice(CONTACT_CONTENT), deputy_opinion="同意办理思路，希望尽快落实。",
                created_by_id=self.officer.get(a.unit_id, self.staff_id), created_at=_at(contact_day, 11)))
        if p["reply_day"] is None:
            return
        # Replies, evaluations, commitments: one round, or two when the first was rated 不满意.
        rounds = p["rounds"]
        first_class = rng.choices("ABCD", weights=[45, 30, 15, 10])[0]
        reply_days = [p["reply_day"]]
        if rounds == 2:
            if state == S.REHANDLING:
                s.reply_due = add_months(p["evaluated_day"], 1)
                if rng.random() < 0.3:
                    s.reply_due = today - datetime.timedelta(days=rng.randint(1, 6))
            else:
                reply_days.append(p["evaluated_day"] - datetime.timedelta(days=rng.randint(3, 12)))
        final_class = first_class
        final_rating = ""
        for round_no, day in enumerate(reply_days, start=1):
            result_class = first_class if round_no == 1 else rng.choice("AB")
            final_class = result_class
            for a in answering:
                reply = Reply(
                    suggestion=s, assignment=a, round=round_no, result_class=result_class,
                    text=self.reply_text(p, result_class, day), signer=self.rng.choice(["王", "李", "张", "刘", "陈"]) + "局长",
                    contact_person=a.unit.contact_person or "办公室", contact_phone=a.unit.contact_phone or "027-88888888",
                    reply_date=day, created_by_id=self.officer.get(a.unit_id, self.staff_id), created_at=_at(day, 17))
                out["replies"].append(reply)
                if result_class == "B" or (result_class == "A" and rng.random() < 0.3):
                    for _n in range(rng.randint(1, 2)):
                        out["commitments"].append(self.commitment(p, reply, a, day))
                # The deputy rates it back to back (the committee office asks, DOMAIN §2 评).
                rated = state in (S.EVALUATED, S.CLOSED, S.REHANDLING) and not (
                    state == S.REHANDLING and round_no == 2)
                if rated:
                    if rounds == 2 and round_no == 1:
                        rating = Rating.DISSATISFIED
                    else:
                        rating = rng.choices([Rating.SATISFIED, Rating.BASICALLY, Rating.DISSATISFIED],
                                             weights=[74, 23, 3 if state == S.CLOSED else 0])[0]
                    eval_day = p["evaluated_day"] if round_no == len(reply_days) else day + datetime.timedelta(days=5)
                    out["evaluations"].append(Evaluation(
                        suggestion=s, reply=reply, deputy_id=s.lead_deputy_id, round=round_no,
                        attitude=Rating.SATISFIED if rating != Rating.DISSATISFIED else Rating.BASICALLY,
                        result=rating, comment="" if rating == Rating.SATISFIED else "希望进一步加快进度。",
                        recorded_by_id=deputy_user, created_at=_at(eval_day, 10)))
                    final_rating = rating
                if state in (S.CLOSED, S.EVALUATED) and rng.random() < 0.6:
                    out["scores"].append(QualityScore(
                        reply=reply, compliance=rng.randint(75, 100), document=rng.randint(70, 100),
                        effect=rng.randint(60, 100), comment="答复规范，承诺具体。", scored_by_id=self.staff_id,
                        scored_at=_at(day + datetime.timedelta(days=7), 15)))
        s.replied_at = _at(reply_days[-1] if state != S.REHANDLING else reply_days[0], 17)
        if state == S.REPLIED:
            s.evaluation_due = self.cal.add(p["reply_day"], 15)
        if state in (S.EVALUATED, S.CLOSED, S.REHANDLING, S.REPLIED):
            s.final_result_class = final_class
        if state in (S.EVALUATED, S.CLOSED):
            s.final_rating = final_rating
        if state == S.CLOSED:
            s.closed_at = _at(p["closed_day"], 16)
            s.reply_public = rng.random() > 0.1
            if s.reply_public:
                s.published_at = _at(p["closed_day"], 17)

    def reply_text(self, p, result_class, day):
        values = dict(p["values"])
        done = p["promise"].format(**values)
        due = day + datetime.timedelta(days=self.rng.randint(60, 240))
        body = REPLY_BODY[result_class].format(done=done, year=day.year, due=f"{due.year}年{due.month}月")
        return REPLY_OPENING.format(contacts=self.rng.randint(1, 3)) + "\n" + body

    def commitment(self, p, reply, assignment, day):
        rng, today = self.rng, self.today
        due = day + datetime.timedelta(days=rng.randint(20, 300))
        fulfilled = None
        # Old promises were mostly kept; a quarter of this year's past-due ones are still open.
        if due < today and rng.random() < (0.75 if due > today - datetime.timedelta(days=365) else 0.97):
            fulfilled = _at(due - datetime.timedelta(days=rng.randint(0, 20)), 11)
        elif due >= today and rng.random() < 0.15:
            fulfilled = _at(min(today, day + datetime.timedelta(days=rng.randint(5, 30))), 11)
        c = Commitment(reply=reply, suggestion=p["s"], unit=assignment.unit,
                       content=p["promise"].format(**dict(p["values"], n=rng.choice([2, 3, 5, 8, 10]))),
                       due_date=due, responsible=f"{assignment.unit.short_name or assignment.unit.name}分管负责同志",
                       fulfilled_at=fulfilled, confirmed_by_id=self.staff_id if fulfilled else None)
        return c

    # --- writing ------------------------------------------------------------------------------
    def number(self, plans):
        """Numbers in registration order per series; the counters end at the last number used."""
        numbered = [p for p in plans if p["s"].registered_at is not None and p["state"] not in (
            S.MERGED, S.WITHDRAWN, S.REFERENCE, S.RETURNED, S.SUBMITTED, S.DRAFT)]
        numbered.sort(key=lambda p: (p["s"].registered_at, p["s"].submitted_at))
        for p in numbered:
            s = p["s"]
            series = str(s.session.number) if s.period == Suggestion.Period.SESSION and s.session else \
                f"B-{timezone_date(s.registered_at).year}"
            key = (s.term.pk, series)
            self.counters[key] += 1
            s.number = f"{s.term.number}-{series}-{self.counters[key]:03d}"

    def write(self, plans, audit=False):
        plans = [p for p in plans if p["state"] != S.MERGED] + [p for p in plans if p["state"] == S.MERGED]
        self.number(plans)
        main = [p for p in plans if p["state"] != S.MERGED]
        targets = [p["s"] for p in main if p["state"] in (S.HANDLING, S.CLOSED, S.EVALUATED, S.REGISTERED)]
        merged = [p for p in plans if p["state"] == S.MERGED]
        for p in merged:
            p["s"].merged_into = self.rng.choice(targets)
        # The children are made first: they complete the suggestion's own fields (reply dates, ratings,
        # publication) so each suggestion is written once; foreign keys resolve when they are saved.
        out = defaultdict(list)
        for p in plans:
            self.children(p, out)
        with keep_timestamps(_field(Suggestion, "created_at")):
            Suggestion.objects.bulk_create([p["s"] for p in main], batch_size=BATCH)
            Suggestion.objects.bulk_create([p["s"] for p in merged], batch_size=BATCH)
        with keep_timestamps(_field(CoSigner, "invited_at"), _field(PreReview, "created_at"),
                             _field(Contact, "created_at"), _field(Reply, "created_at"),
                             _field(Evaluation, "created_at"), _field(QualityScore, "scored_at"),
                             _field(CoUnitOpinion, "submitted_at")):
            CoSigner.objects.bulk_create(out["cosigners"], batch_size=BATCH, ignore_conflicts=True)
            PreReview.objects.bulk_create(out["prereviews"], batch_size=BATCH)
            Assignment.objects.bulk_create(out["assignments"], batch_size=BATCH)
            CoUnitOpinion.objects.bulk_create(out["opinions"], batch_size=BATCH)
            Contact.objects.bulk_create(out["contacts"], batch_size=BATCH)
            Reply.objects.bulk_create(out["replies"], batch_size=BATCH)
            Commitment.objects.bulk_create(out["commitments"], batch_size=BATCH)
            Evaluation.objects.bulk_create(out["evaluations"], batch_size=BATCH)
            QualityScore.objects.bulk_create(out["scores"], batch_size=BATCH)
        progress = []
        for c in out["commitments"]:
            if c.fulfilled_at:
                progress.append(CommitmentProgress(commitment=c, note="已按承诺完成，经代表现场查看确认。", fulfilled=True,
                                                   reported_by_id=self.officer.get(c.unit_id, self.staff_id)))
            elif self.rng.random() < 0.4:
                progress.append(CommitmentProgress(commitment=c, note="正在按计划推进，已完成前期设计和招标。",
                                                   reported_by_id=self.officer.get(c.unit_id, self.staff_id)))
        CommitmentProgress.objects.bulk_create(progress, batch_size=BATCH)
        self.supervision(plans)
        if audit:
            self.audit(plans)
        for p in plans:
            self.stats[p["state"]] += 1
        self.stats["replies"] += len(out["replies"])
        self.stats["commitments"] += len(out["commitments"])

    def supervision(self, plans):
        rng, today = self.rng, self.today
        acts, keys = [], []
        open_states = (S.ASSIGNED, S.HANDLING, S.REHANDLING)
        for p in plans:
            s = p["s"]
            if p["assigned"] is None:
                continue
            if s.status in open_states and s.reply_due and s.reply_due < today + datetime.timedelta(days=10):
                if rng.random() < 0.6:
                    acts.append(SupervisionAct(suggestion=s, kind=SupervisionAct.Kind.URGE, actor_id=self.staff_id,
                                               date=min(today, s.reply_due - datetime.timedelta(days=3)),
                                               content=SUPERVISION_CONTENT[SupervisionAct.Kind.URGE],
                                               outcome="承办单位表示将加快办理进度"))
            if s.is_key:
                year = timezone_date(s.assigned_at).year
                keys.append(KeySupervision(suggestion=s, leader_id=p["key_leader"], year=year,
                                           government_lead=rng.choice(GOVERNMENT_LEADS) if rng.random() < 0.4 else "",
                                           chosen_by_id=self.staff_id))
                act_day = min(today, p["assigned"] + datetime.timedelta(days=rng.randint(20, 60)))
                acts.append(SupervisionAct(suggestion=s, kind=SupervisionAct.Kind.KEY, actor_id=p["key_leader"],
                                           date=act_day, content=SUPERVISION_CONTENT[SupervisionAct.Kind.KEY],
                                           outcome="明确了办理时间表和责任人"))
            elif s.status in (S.CLOSED, S.EVALUATED) and rng.random() < 0.05:
                kind = rng.choice([SupervisionAct.Kind.RECEPTION_DAY, SupervisionAct.Kind.COMMITTEE])
                acts.append(SupervisionAct(
                    suggestion=s, kind=kind, actor_id=self.leader_ids[0] if kind == SupervisionAct.Kind.RECEPTION_DAY
                    else self.staff_id, date=p["assigned"] + datetime.timedelta(days=30),
                    committee=self.committees[4] if kind == SupervisionAct.Kind.COMMITTEE and len(self.committees) > 4
                    else None, content=SUPERVISION_CONTENT[kind], outcome="推动问题加快解决"))
        KeySupervision.objects.bulk_create(keys, batch_size=BATCH)
        SupervisionAct.objects.bulk_create(acts, batch_size=BATCH)

    def audit(self, plans):
        """One audit row per main move (submit, register/return/..., assign, accept, reply, rate, close)."""
        rows = []

        def row(s, action, actor, frm, to, when, comment=""):
            rows.append(AuditLog(actor_id=actor, content_type=self.ct, object_id=str(s.pk), object_repr=str(s)[:200],
                                 action=action, from_state=frm, to_state=to, comment=comment, created_at=when))

        for p in plans:
            s, state = p["s"], p["state"]
            if s.submitted_at is None:
                continue
            deputy_user = self.deputy_user[s.lead_deputy_id]
            row(s, "submit", deputy_user, S.DRAFT, S.SUBMITTED, s.submitted_at)
            review_at = s.registered_at or s.submitted_at + datetime.timedelta(hours=6)
            if state in (S.RETURNED, S.REFERENCE, S.MERGED):
                row(s, {S.RETURNED: "return", S.REFERENCE: "to_reference", S.MERGED: "merge"}[state], self.staff_id,
                    S.SUBMITTED, state, review_at, s.return_reason)
                continue
            if state == S.WITHDRAWN:
                row(s, "withdraw", deputy_user, S.SUBMITTED, S.WITHDRAWN, review_at)
                continue
            if s.registered_at is None:
                continue
            row(s, "register", self.staff_id, S.SUBMITTED, S.REGISTERED, s.registered_at, s.number or "")
            if s.assigned_at is None:
                continue
            row(s, "assign", self.staff_id, S.REGISTERED, S.ASSIGNED, s.assigned_at)
            if state == S.ASSIGNED:
                continue
            officer = self.officer.get(p["lead"].pk)
            row(s, "accept", officer, S.ASSIGNED, S.HANDLING, s.assigned_at + datetime.timedelta(days=1))
            if s.replied_at is None:
                continue
            row(s, "reply", officer, S.HANDLING, S.REPLIED, _at(p["reply_day"], 17))
            if p["evaluated_day"] is not None:
                to = S.REHANDLING if state == S.REHANDLING or p["rounds"] == 2 else S.EVALUATED
                row(s, "evaluate", deputy_user, S.REPLIED, to, _at(p["evaluated_day"], 10))
                if p["rounds"] == 2 and state != S.REHANDLING:
                    row(s, "reply", officer, S.REHANDLING, S.REPLIED, s.replied_at)
                    row(s, "evaluate", deputy_user, S.REPLIED, S.EVALUATED, _at(p["evaluated_day"], 11))
            if s.closed_at:
                row(s, "close", self.staff_id, S.EVALUATED, S.CLOSED, s.closed_at)
                if s.published_at:
                    row(s, "publish", self.staff_id, S.CLOSED, "", s.published_at)
        with keep_timestamps(_field(AuditLog, "created_at")):
            AuditLog.objects.bulk_create(rows, batch_size=BATCH)

    def save_counters(self):
        NumberCounter.objects.bulk_create(
            [NumberCounter(term_id=term_id, series=series, last=last)
             for (term_id, series), last in sorted(self.counters.items())], batch_size=BATCH)
        # The letters' 文号, in date order from their series, as the services would have taken them.
        number_unnumbered_letters(Assignment, Reply, LetterCounter)


def timezone_date(value):
    return value.astimezone(TZ).date()


def _mark_key(builder, plans, share):
    rng = builder.rng
    for p in plans:
        if p["assigned"] is not None and p["state"] in (S.HANDLING, S.ASSIGNED, S.REHANDLING, S.REPLIED, S.CLOSED,
                                                        S.EVALUATED) and rng.random() < share:
            p["s"].is_key = True
            p["key_leader"] = rng.choice(builder.leader_ids)


def seed_small(ctx, b):
    rng = ctx.rng
    plans = []
    term = b.term
    years = list(range(term.start_date.year, ctx.today.year + 1))
    unit_topics = [i for i, t in enumerate(TOPICS) if t[1] == UNIT_ACCOUNT]
    for state, count in SMALL_PLAN:
        for i in range(count):
            kwargs = {}
            if state == S.CLOSED:
                kwargs["year"] = rng.choice(years)
            if state == S.HANDLING and i < 2 * len(DUE_OFFSETS):
                kwargs["due_offset"] = DUE_OFFSETS[i % len(DUE_OFFSETS)]
                if i < len(DUE_OFFSETS):  # the demo unit gets each reminder day once
                    kwargs["topic_index"] = unit_topics[i % len(unit_topics)]
                    kwargs["lead_unit"] = b.unit_account
            if state in (S.ASSIGNED, S.REHANDLING, S.REPLIED) and i < 3:
                kwargs["topic_index"] = unit_topics[i % len(unit_topics)]
                kwargs["lead_unit"] = b.unit_account
            plans.append(b.plan(state, **kwargs))
    # The demo deputy (account `deputy`) has one of nearly everything to do or to read.
    for state in (S.DRAFT, S.RETURNED, S.REPLIED, S.HANDLING, S.EVALUATED, S.CLOSED, S.CLOSED, S.SUBMITTED):
        plans.append(b.plan(state, deputy=b.demo_deputy, year=ctx.today.year - 1 if state == S.CLOSED else None))
    # Motions (议案): one awaiting the presidium, one handled as a suggestion.
    motion = b.plan(S.SUBMITTED, kind=Suggestion.Kind.MOTION)
    converted = b.plan(S.HANDLING)
    converted["s"].converted_from_motion = True
    plans += [motion, converted]
    _mark_key(b, plans, 0.06)
    # The demo leader leads the key supervision of a few open ones, one of them overdue.
    for p in [p for p in plans if p["state"] == S.HANDLING][:4]:
        p["s"].is_key, p["key_leader"] = True, b.leader_ids[0]
    b.write(plans, audit=True)

    # Ten co-signers on the motion; an invitation waiting for the demo deputy.
    others = [d for d in b.deputies[2:14]]
    CoSigner.objects.bulk_create(
        [CoSigner(suggestion=motion["s"], deputy=d, state=CoSigner.State.CONFIRMED) for d in others[:10]]
        + [CoSigner(suggestion=next(p["s"] for p in plans if p["state"] == S.DRAFT
                                    and p["s"].lead_deputy_id != b.demo_deputy.pk),
                    deputy=b.demo_deputy, state=CoSigner.State.INVITED)], ignore_conflicts=True)
    # Requests waiting for staff: re-assignment and extension.
    assigned = [p for p in plans if p["state"] == S.ASSIGNED and p.get("answering")]
    for p in assigned[-2:]:
        a = p["answering"][0]
        ReassignRequest.objects.create(assignment=a, reasons="该事项主要涉及道路管养，不属于我单位职责，建议调整至区城乡建设局办理。",
                                       requested_by_id=b.officer.get(a.unit_id, b.staff_id))
    handling = [p for p in plans if p["state"] == S.HANDLING and p.get("answering") and not p["s"].extended]
    for p in handling[-2:]:
        a = p["answering"][0]
        ExtensionRequest.objects.create(suggestion=p["s"], assignment=a, reasons="涉及多部门协调和资金安排，需延期办理。",
                                        requested_due=add_months(p["assigned"], 6),
                                        requested_by_id=b.officer.get(a.unit_id, b.staff_id))
    # The demo unit's commitments: due in days, and one overdue.
    unit_replies = list(Reply.objects.filter(assignment__unit=b.unit_account).order_by("id")[:4])
    for reply, offset in zip(unit_replies, [3, 7, 14, -5]):
        Commitment.objects.create(reply=reply, suggestion_id=reply.suggestion_id, unit=b.unit_account,
                                  content="完成小区雨污分流改造并恢复路面", responsible="区住更局城市更新科",
                                  due_date=ctx.today + datetime.timedelta(days=offset))


def seed_large(ctx, b):
    rng = ctx.rng
    today = ctx.today
    previous = b.previous_term
    first_year = previous.start_date.year if previous else b.term.start_date.year
    years = list(range(first_year, today.year + 1))
    per_year = 50000 // len(years)
    for year in years:
        term = b.term if year >= b.term.start_date.year else previous
        plans = []
        count = per_year
        if year == today.year:
            for state, n in LARGE_OPEN:
                for i in range(n):
                    kwargs = {}
                    if state == S.HANDLING and i < 60:
                        kwargs["due_offset"] = DUE_OFFSETS[i % len(DUE_OFFSETS)]
                        if i < len(DUE_OFFSETS):
                            kwargs["lead_unit"] = b.unit_account
                    plans.append(b.plan(state, term=term, **kwargs))
            count -= len(plans)
        for _i in range(count):
            roll = rng.random()
            state = S.CLOSED
            if roll < 0.03:
                state = S.REFERENCE
            elif roll < 0.05:
                state = S.MERGED
            elif roll < 0.06:
                state = S.WITHDRAWN
            plan = b.plan(state, year=year, term=term)
            if state in (S.REFERENCE, S.WITHDRAWN, S.MERGED) and year < today.year:
                day = datetime.date(year, rng.randint(2, 11), rng.randint(1, 28))
                plan["made"] = day
                plan["s"].submitted_at = _at(day, 9)
                plan["s"].created_at = _at(day, 8)
            plans.append(plan)
        _mark_key(b, plans, 0.02)
        b.write(plans, audit=False)
        ctx.log(f"    {year}: {len(plans)} suggestions")


def seed(ctx):
    b = Builder(ctx)
    if ctx.large:
        seed_large(ctx, b)
    else:
        seed_small(ctx, b)
    b.save_counters()
    from django.db import connection

    if connection.vendor == "postgresql":
        # Fresh statistics, so the planner uses the indexes on tables that grew from empty in one go.
        with connection.cursor() as cursor:
            for model in (Suggestion, Assignment, Reply, Commitment, Evaluation, QualityScore, CoSigner):
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
            # Check the deferred foreign keys now (and leave no pending trigger events behind, which
            # would stop a later TRUNCATE, e.g. `seed_demo --flush`, in the same transaction).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    total = sum(v for k, v in b.stats.items() if k not in ("replies", "commitments"))
    ctx.log(f"  {total} suggestions, {b.stats['replies']} replies, {b.stats['commitments']} commitments; "
            + ", ".join(f"{k}={v}" for k, v in sorted(b.stats.items()) if k not in ("replies", "commitments")))
