"""Demo: the 武昌区 term and sessions, committees, members, handling units, staff and leaders."""

import datetime

from congress_portal.accounts.models import Role, User

from .models import Committee, CommitteeMember, HandlingUnit, Session, Term

ORDER = 10

# What both offices read in the administration: the register of the term, deputies and units, the
# working calendar, the audit trail and the notifications sent. Suggestions and their moves are
# granted by role, not by these permissions (proposals/admin.py).
_READ = [
    "organization.view_term", "organization.view_session", "organization.view_committee",
    "organization.view_committeemember", "organization.view_handlingunit",
    "deputies.view_deputy", "deputies.view_deputygroup", "deputies.view_liaisonstation", "deputies.view_reception",
    "deputies.view_activity", "deputies.view_attendance", "deputies.view_opinion",
    "core.view_calendarday", "core.view_deadlinesetting", "audit.view_auditlog",
    "notifications.view_delivery", "notifications.view_notification", "notifications.view_outboxevent",
]
# What each office keeps, as a real standing committee grants it (issue 12): the deputies' affairs
# committee (代表工委) keeps the deputies' register, groups, stations, receptions and activities, the
# handling units, the reply deadlines, the accounts of deputies and unit officers, and the livelihood
# projects' vote; the general office (办公室) keeps the term, its sessions, the committees and their members,
# the working calendar, and the meetings with their agendas and polls.
# Neither is granted anything of auth (groups, permissions), sessions, the lockout records or the
# periodic tasks: those stay with the superuser, as do the accounts of staff and leaders.
OFFICE_PERMISSIONS = {
    "deputies_affairs": _READ + [
        "accounts.view_user", "accounts.add_user", "accounts.change_user",
        *(f"deputies.{verb}_{model}" for verb in ("add", "change") for model in
          ("deputy", "deputygroup", "liaisonstation", "reception", "activity", "attendance")),
        "organization.add_handlingunit", "organization.change_handlingunit", "core.change_deadlinesetting",
        # appointments and removals (issue 16), the personnel side of 人事代表工委: motions, reviews and exams
        # are registered; nominees are moved on by the actions of their table
        *(f"appointments.{verb}_{model}" for verb in ("view", "add") for model in
          ("motion", "nominee", "qualificationreview", "lawexam", "statement", "oath", "appraisal")),
        # after the vote: certificates are issued by an action of the nominees' table (read here), an oath
        # is recorded as taken and an appraisal as held by changing it; the settings row is edited
        "appointments.view_certificate", "appointments.change_oath", "appointments.change_appraisal",
        "appointments.view_appointmentsettings", "appointments.change_appointmentsettings",
        # The livelihood projects' solicitation, candidates and ballot (民生实事项目票决).
        *(f"livelihood.view_{model}" for model in
          ("solicitation", "projectproposal", "candidateproject", "chosenproject", "progressreport", "milestone",
           "inspection", "projectphoto")),
        "livelihood.add_solicitation", "livelihood.change_solicitation",
        "livelihood.add_candidateproject", "livelihood.change_candidateproject",
        # The supervision plan and its items (年度监督计划, 监督事项): stages move by the items' actions.
        *(f"supervision.{verb}_{model}" for verb in ("view", "add", "change") for model in
          ("supervisionplan", "supervisionitem", "itemdocument", "inspectiongroup", "visit", "finding",
           "appraisal", "filingreview")),
        *(f"supervision.delete_{model}" for model in
          ("itemdocument", "inspectiongroup", "visit", "finding", "appraisal")),
        "supervision.view_topicproposal",
        # declining a proposal with its reason; the projects' milestones and the deputies' inspections
        "livelihood.change_projectproposal",
        *(f"livelihood.{verb}_{model}" for verb in ("add", "change") for model in ("milestone", "inspection")),
    ],
    "general_office": _READ + [
        *(f"organization.{verb}_{model}" for verb in ("add", "change") for model in
          ("term", "session", "committee", "committeemember")),
        "core.add_calendarday", "core.change_calendarday",
        # Meetings, their agendas and documents, and the polls declared on them (会议与表决).
        *(f"meetings.{verb}_{model}" for verb in ("view", "add", "change") for model in
          ("standingcommitteemeeting", "agendaitem", "agendadocument", "poll", "polloption")),
        "meetings.view_votesetting", "meetings.change_votesetting",
        # The annual work report (常委会工作报告): the chapters' texts and their versions, the renders, and
        # the one letterhead (红头) of every printed document.
        "annual_report.view_narrative", "annual_report.add_narrative", "annual_report.change_narrative",
        "annual_report.view_narrativeversion", "annual_report.view_reportrender",
        "reports.view_letterhead", "reports.change_letterhead",
        # Deliberation opinions and their issue lists; rectifications, votes and inquiries are read here and
        # worked on their portal pages (审议意见与整改).
        "deliberation.view_opinion", "deliberation.add_opinion", "deliberation.change_opinion",
        *(f"deliberation.{verb}_issue" for verb in ("view", "add", "change", "delete")),
        *(f"deliberation.view_{model}" for model in
          ("rectification", "satisfactionvote", "inquiry", "question", "inquirycommitment")),
    ],
}
OFFICE_GROUP_NAMES = {"deputies_affairs": "代表工委工作人员", "general_office": "办公室工作人员"}


def grant_office_permissions(offices):
    """One group per office ({committee: OFFICE_PERMISSIONS key}) with its permissions, and each staff
    member of the office in it."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    for committee, key in offices.items():
        wanted = Q()
        for name in OFFICE_PERMISSIONS[key]:
            app_label, codename = name.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.filter(wanted))
        if len(permissions) != len(OFFICE_PERMISSIONS[key]):
            found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
            raise LookupError(f"unknown permissions: {sorted(set(OFFICE_PERMISSIONS[key]) - found)}")
        group, _created = Group.objects.get_or_create(name=OFFICE_GROUP_NAMES[key])
        group.permissions.set(permissions)
        for user in User.objects.filter(role=Role.STAFF, office=committee):
            user.groups.add(group)


COMMITTEES = [
    ("办公室", "办公室", "office", False),
    ("代表工作委员会", "代表工委", "working", True),
    ("法制工作委员会", "法工委", "working", False),
    ("财政经济工作委员会", "财经工委", "working", False),
    ("城建环保工作委员会", "城建环保工委", "working", False),
    ("社会建设工作委员会", "社会建设工委", "working", False),
    ("教育科学文化卫生工作委员会", "教科文卫工委", "working", False),
    ("监察和司法工作委员会", "监察司法工委", "working", False),
    ("人事代表选举任免联络工作委员会", "人选任联工委", "working", False),
]

UNITS = [
    ("区人民政府办公室", "区政府办", "government"), ("区发展和改革局", "区发改局", "government"),
    ("区教育局", "区教育局", "government"), ("区科学技术和经济信息化局", "区科经信局", "government"),
    ("区民政局", "区民政局", "government"), ("区司法局", "区司法局", "government"),
    ("区财政局", "区财政局", "government"), ("区人力资源和社会保障局", "区人社局", "government"),
    ("区住房和城市更新局", "区住更局", "government"), ("区城市管理执法局", "区城管执法局", "government"),
    ("区园林和林业局", "区园林局", "government"), ("区水务和湖泊局", "区水务局", "government"),
    ("区商务局", "区商务局", "government"), ("区文化和旅游局", "区文旅局", "government"),
    ("区卫生健康局", "区卫健局", "government"), ("区退役军人事务局", "区退役军人局", "government"),
    ("区应急管理局", "区应急局", "government"), ("区审计局", "区审计局", "government"),
    ("区市场监督管理局", "区市场监管局", "government"), ("区医疗保障局", "区医保局", "government"),
    ("区城乡建设局", "区建设局", "government"), ("区国有资产监督管理局", "区国资局", "government"),
    ("区政务服务和大数据管理局", "区政数局", "government"), ("区交通运输局", "区交通局", "government"),
    ("市生态环境局武昌区分局", "区生态环境分局", "government"),
    ("市自然资源和城乡建设局武昌分局", "区自然资源分局", "government"),
    ("市公安局武昌区分局", "公安武昌分局", "government"),
    ("区监察委员会", "区监委", "supervisory"), ("区人民法院", "区法院", "court"),
    ("区人民检察院", "区检察院", "procuratorate"),
] + [(f"{street}道办事处", f"{street}道", "street") for street in [
    "积玉桥街", "杨园街", "徐家棚街", "粮道街", "中华路街", "黄鹤楼街", "紫阳街", "白沙洲街", "首义路街", "中南路街",
]]

LARGE_EXTRA_UNIT_KINDS = ["区{}中心", "区{}服务站", "区{}事务所"]
LARGE_EXTRA_WORDS = "城建 环卫 社区 养老 就业 教育 卫生 交通 水务 园林 文旅 体育 档案 住房 物业 供水 排水 照明 停车 菜场".split()


def _units(ctx):
    rows = list(UNITS)
    if ctx.large:
        n = 0
        while len(rows) < 200:
            pattern = LARGE_EXTRA_UNIT_KINDS[n % 3]
            word = LARGE_EXTRA_WORDS[(n // 3) % len(LARGE_EXTRA_WORDS)]
            suffix = "" if n < 60 else f"第{n // 60 + 1}"
            rows.append((pattern.format(word + suffix), "", "other"))
            n += 1
    return rows


def seed(ctx):
    today = ctx.today
    start = datetime.date(today.year - 2, 1, 8)
    previous = Term.objects.create(number=15, name="第十五届", start_date=datetime.date(start.year - 5, 1, 8),
                                   end_date=start - datetime.timedelta(days=1))
    term = Term.objects.create(number=16, name="第十六届", start_date=start, is_current=True)
    sessions = []
    for t, years in ((previous, range(5)), (term, range(today.year - start.year + 1))):
        for i in years:
            opens = datetime.date(t.start_date.year + i, 1, 8 if i == 0 else 10)
            if opens > today + datetime.timedelta(days=60):
                continue
            sessions.append(Session(term=t, number=i + 1, name=f"第{'一二三四五六'[i]}次会议",
                                    start_date=opens, end_date=opens + datetime.timedelta(days=3)))
    Session.objects.bulk_create(sessions)

    committees = Committee.objects.bulk_create([
        Committee(name=name, short_name=short, kind=kind, handles_suggestions=handles, sort_order=i)
        for i, (name, short, kind, handles) in enumerate(COMMITTEES)
    ])
    posts = ["chair"] + ["vice_chair"] * 4 + ["secretary_general"] + ["member"] * 19
    members = CommitteeMember.objects.bulk_create([
        CommitteeMember(term=term, name=ctx.person_name(), post=post, sort_order=i, joined_on=start,
                        committee=committees[1 + i % (len(committees) - 1)] if post == "member" else None)
        for i, post in enumerate(posts)
    ])
    units = HandlingUnit.objects.bulk_create([
        HandlingUnit(code=f"U{i + 1:03d}", name=name, short_name=short, kind=kind, sort_order=i,
                     contact_person=ctx.person_name(), contact_phone=f"027-8{ctx.rng.randint(1000000, 9999999)}")
        for i, (name, short, kind) in enumerate(_units(ctx))
    ])

    users = [
        User(username="admin", real_name="系统管理员", is_staff=True, is_superuser=True),
        User(username="staff", real_name=ctx.person_name(), role=Role.STAFF, office=committees[1], is_staff=True),
        User(username="staff2", real_name=ctx.person_name(), role=Role.STAFF, office=committees[0], is_staff=True),
        User(username="leader", real_name=members[1].name, role=Role.LEADER, committee_member=members[1]),
        User(username="leader2", real_name=members[2].name, role=Role.LEADER, committee_member=members[2]),
        User(username="chair", real_name=members[0].name, role=Role.LEADER, committee_member=members[0]),
    ]
    # Two of the units carry the README's demo officers `unit` (区住房和城市更新局) and `unit2`.
    named = {8: "unit", 9: "unit2"}
    for i, unit in enumerate(units):
        users.append(User(username=named.get(i, f"u{i + 1:03d}"), real_name=ctx.person_name(),
                          mobile=f"139{ctx.rng.randint(10000000, 99999999)}", role=Role.UNIT_OFFICER, unit=unit))
    for user in users:
        user.password = ctx.password_hash
    User.objects.bulk_create(users)
    grant_office_permissions({committees[0]: "general_office", committees[1]: "deputies_affairs"})
    ctx.shared.update(term=term, previous_term=previous, committees=committees, units=units, members=members)
    ctx.log(f"  term {term}, {len(sessions)} sessions, {len(members)} members, {len(units)} units")
