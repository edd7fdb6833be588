"""Demo: street and professional groups, 15 liaison stations, deputies of the four levels."""

from congress_portal.accounts.models import Role, User
from congress_portal.core.demo import WUCHANG_STREETS, id_number

from .models import Deputy, DeputyGroup, LiaisonStation

ORDER = 20

PROFESSIONS = ["财政经济", "城建环保", "法治", "教科文卫", "社会建设"]
OCCUPATIONS = [
    "{street}道{community}社区党委书记", "武汉大学教授", "湖北省中医院主任医师", "区实验小学校长", "武昌区律师协会执业律师",
    "武汉长江新城建设集团工程师", "个体工商户", "武昌区退役军人服务站站长", "区中医医院护士长", "某物业公司项目经理",
    "武昌古城文化旅游公司总经理", "{street}道办事处主任", "中南财经政法大学副教授", "区第一人民医院院长", "外卖骑手",
]
COMMUNITIES = "和平 临江 新河 积玉 杨园 四美 友谊 粮道 昙华林 黄鹤 首义 白沙 紫阳 南湖 水果湖 东湖".split()
PARTIES = ["中共党员"] * 6 + ["群众"] * 2 + ["民盟盟员", "九三学社社员", "无党派人士"]


def seed(ctx):
    term = ctx.shared["term"]
    groups = DeputyGroup.objects.bulk_create(
        [DeputyGroup(name=f"{s}代表小组", kind=DeputyGroup.Kind.STREET, street=s, sort_order=i)
         for i, s in enumerate(WUCHANG_STREETS)]
        + [DeputyGroup(name=f"{p}专业代表小组", kind=DeputyGroup.Kind.PROFESSIONAL, sort_order=i)
           for i, p in enumerate(PROFESSIONS)]
    )
    street_groups = groups[: len(WUCHANG_STREETS)]
    professional = groups[len(WUCHANG_STREETS):]
    stations = LiaisonStation.objects.bulk_create(
        [LiaisonStation(name=f"{s}社区代表中心联络站", kind=LiaisonStation.Kind.COMMUNITY, street=s,
                        address=f"武昌区{s}{ctx.rng.choice(COMMUNITIES)}路{ctx.rng.randint(1, 300)}号",
                        phone=f"027-8{ctx.rng.randint(1000000, 9999999)}",
                        reception_schedule="每周三上午 9:00-11:30")
         for s in WUCHANG_STREETS]
        + [LiaisonStation(name="武昌滨江商务区楼宇代表联络点", kind=LiaisonStation.Kind.BUILDING, street="积玉桥街",
                          address="武昌区和平大道 840 号", reception_schedule="每月第二个周四下午")]
    )
    total = 1000 if ctx.large else 300
    levels = ([Deputy.Level.NATIONAL] * 3 + [Deputy.Level.PROVINCIAL] * 7 + [Deputy.Level.CITY] * 17
              + [Deputy.Level.DISTRICT] * 73)
    deputies = []
    seen_ids = set()
    for i in range(total):
        g = i % len(street_groups)
        street = WUCHANG_STREETS[g]
        level = levels[i % len(levels)] if i >= 2 else Deputy.Level.DISTRICT
        number = id_number(ctx.rng)
        while number in seen_ids:
            number = id_number(ctx.rng)
        seen_ids.add(number)
        status = Deputy.Status.SERVING
        if i > 10 and ctx.rng.random() < 0.02:
            status = ctx.rng.choice([Deputy.Status.RESIGNED, Deputy.Status.TERMINATED])
        deputies.append(Deputy(
            name=ctx.person_name(), gender=ctx.rng.choice("MMF"), id_number=number,
            mobile=f"13{ctx.rng.randint(100000000, 999999999)}", level=level,
            term=term if level == Deputy.Level.DISTRICT else None,
            group=street_groups[g], professional_group=professional[i % len(professional)] if i % 3 == 0 else None,
            constituency=f"第{i % 90 + 1}选区", station=stations[g] if i % 13 else stations[-1],
            occupation=ctx.rng.choice(OCCUPATIONS).format(street=street, community=ctx.rng.choice(COMMUNITIES)),
            party=ctx.rng.choice(PARTIES), status=status,
        ))
    deputies = Deputy.objects.bulk_create(deputies)
    named = {0: "deputy", 1: "deputy2"}
    users = [
        User(username=named.get(i, f"d{i + 1:04d}"), real_name=d.name, mobile=d.mobile, role=Role.DEPUTY, deputy=d,
             password=ctx.password_hash)
        for i, d in enumerate(deputies) if d.status == Deputy.Status.SERVING
    ]
    User.objects.bulk_create(users)
    ctx.shared.update(deputies=deputies, stations=stations, groups=street_groups)
    ctx.log(f"  {len(deputies)} deputies, {len(stations)} stations, {len(users)} deputy accounts")
    from .demo_work import seed_work

    seed_work(ctx, deputies, stations)
