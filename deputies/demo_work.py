"""Demo: citizens' opinions, receptions, activities with attendance (all in bulk; the large scale stays fast)."""

import datetime

from django.db import connection
from django.utils import timezone

from .models import Activity, Attendance, Deputy, Opinion, Reception

OPINION_TEXTS = [
    "小区门口的路灯坏了一个多月，晚上出行很不安全，希望尽快修复。",
    "老旧小区加装电梯推进太慢，楼里老人上下楼困难，请帮忙协调。",
    "菜市场周边早高峰占道经营严重，学生上学路上很危险。",
    "社区养老服务站的助餐点能否延长营业时间？",
    "建议在沙湖公园增加公共厕所和休息座椅。",
    "楼下餐馆油烟扰民，多次反映没有结果。",
    "公交 530 路发车间隔太长，建议加密班次。",
    "学校周边停车难，接送孩子时交通拥堵。",
    "希望社区增设电动车集中充电桩，消除楼道充电隐患。",
    "雨季小区积水严重，排水管网需要改造。",
]
ANSWERS = ["已与街道沟通，本周内安排维修，感谢您的反映。", "已转交相关部门研究，将在下月代表活动日通报进展。",
           "经联系社区，已列入今年改造计划。"]
KIND_TITLES = {
    Activity.Kind.ACTIVITY_DAY: "{m}月代表统一活动日",
    Activity.Kind.TRAINING: "履职课堂：{m}月专题学习",
    Activity.Kind.INSPECTION: "视察老旧小区改造项目（{m}月）",
    Activity.Kind.RESEARCH: "养老服务体系建设专题调研（{m}月）",
    Activity.Kind.MEETING: "列席区人大常委会第{m}次会议",
    Activity.Kind.REPORT_BACK: "代表向选民述职（{m}月）",
}


def _moment(ctx, day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(ctx.rng.randint(8, 20),
                                                                            ctx.rng.randint(0, 59))))


def seed_work(ctx, deputies, stations):
    rng, today = ctx.rng, ctx.today
    year_start = datetime.date(today.year, 1, 1)
    serving = [d for d in deputies if d.status == Deputy.Status.SERVING]
    by_station = {}
    for d in serving:
        by_station.setdefault(d.station_id, []).append(d)
    units = ctx.shared.get("units") or []
    span = max((today - year_start).days, 1)

    # Receptions: roughly weekly per station up to today.
    receptions = []
    for station in stations:
        for week in range(0, span, 7 if ctx.large else 21):
            receptions.append(Reception(station=station, date=year_start + datetime.timedelta(days=week),
                                        visitors=rng.randint(2, 25), notes="接待选民，收集意见建议。"))
    receptions = Reception.objects.bulk_create(receptions)
    links = []
    for r in receptions:
        pool = by_station.get(r.station_id) or serving[:3]
        for d in rng.sample(pool, min(len(pool), 2)):
            links.append(Reception.deputies.through(reception_id=r.pk, deputy_id=d.pk))
    Reception.deputies.through.objects.bulk_create(links)

    # Opinions: through deputies' codes, stations' codes and receptions.
    total = 4000 if ctx.large else 200
    opinions = []
    station_of = {s.pk: s for s in stations}
    for i in range(total):
        deputy = serving[i % len(serving)] if i % 3 else None
        station = station_of.get(deputy.station_id) if deputy else stations[i % len(stations)]
        created = _moment(ctx, year_start + datetime.timedelta(days=rng.randrange(span)))
        roll = rng.random()
        status, answer, answered_at, unit = Opinion.Status.RECEIVED, "", None, None
        if roll < 0.45:
            status, answer, answered_at = Opinion.Status.CLOSED, rng.choice(ANSWERS), created
        elif roll < 0.6:
            status, answer, answered_at = Opinion.Status.ANSWERED, rng.choice(ANSWERS), created
        elif roll < 0.72 and units:
            status, unit = Opinion.Status.FORWARDED, rng.choice(units)
        source = (Opinion.Source.DEPUTY_CODE if deputy else Opinion.Source.STATION_CODE)
        reception = None
        if i % 10 == 0 and receptions:
            reception = rng.choice(receptions)
            station, source = station_of[reception.station_id], Opinion.Source.RECEPTION
        opinions.append(Opinion(
            deputy=deputy, station=station, street=station.street if station else "", reception=reception,
            source=source, text=rng.choice(OPINION_TEXTS), citizen_name=ctx.person_name() if i % 2 else "",
            citizen_phone=f"139{rng.randint(10000000, 99999999)}" if i % 4 == 0 else "", status=status,
            forwarded_unit=unit, answer=answer, answered_at=answered_at, created_at=created))
    # Fresh ones for the demo accounts `deputy` and `deputy2`, so their workbench has work.
    for d in serving[:2]:
        for text in OPINION_TEXTS[:3]:
            opinions.append(Opinion(deputy=d, station=station_of.get(d.station_id), text=text,
                                    street=station_of[d.station_id].street if d.station_id else "",
                                    created_at=timezone.now() - datetime.timedelta(hours=rng.randint(1, 48))))
    Opinion.objects.bulk_create(opinions, batch_size=1000)

    # Activities: the monthly activity day (the 20th) per station, plus district-wide ones.
    activities, members = [], []
    for month in range(1, 13):
        day = datetime.date(today.year, month, 20)
        for station in stations:
            activities.append(Activity(kind=Activity.Kind.ACTIVITY_DAY, date=day, station=station,
                                       title=KIND_TITLES[Activity.Kind.ACTIVITY_DAY].format(m=month),
                                       location=station.address))
            members.append(by_station.get(station.pk, []))
        for kind, every in ((Activity.Kind.TRAINING, 3), (Activity.Kind.INSPECTION, 2), (Activity.Kind.RESEARCH, 4),
                            (Activity.Kind.MEETING, 2), (Activity.Kind.REPORT_BACK, 6)):
            if month % every == 0:
                activities.append(Activity(
                    kind=kind, date=datetime.date(today.year, month, 10 + every), title=KIND_TITLES[kind].format(m=month),
                    appraisal="选民对代表履职总体满意。" if kind == Activity.Kind.REPORT_BACK else "",
                    satisfied_votes=rng.randint(40, 60) if kind == Activity.Kind.REPORT_BACK else None,
                    total_votes=60 if kind == Activity.Kind.REPORT_BACK else None))
                share = {Activity.Kind.REPORT_BACK: 0.2, Activity.Kind.MEETING: 0.03}.get(kind, 0.3)
                members.append([d for d in serving if rng.random() < share])
    activities = Activity.objects.bulk_create(activities)
    attendances = []
    for activity, people in zip(activities, members, strict=True):
        past = activity.date <= today
        for d in people:
            attended = past and rng.random() < 0.85
            attendances.append(Attendance(activity_id=activity.pk, deputy_id=d.pk, attended=attended,
                                          confirmed_at=_moment(ctx, activity.date) if attended else None))
    Attendance.objects.bulk_create(attendances, batch_size=2000)
    if connection.vendor == "postgresql":
        # Fresh statistics after bulk loads, so the planner picks the indexes at once (not after autovacuum).
        # Checking the deferred foreign keys now leaves no pending trigger events: a later `--flush` (TRUNCATE)
        # inside the same transaction, as in the tests, would otherwise be refused.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to Django's default for later demo steps
            for model in (Deputy, Opinion, Reception, Reception.deputies.through, Activity, Attendance):
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
    ctx.log(f"  {len(opinions)} opinions, {len(receptions)} receptions, {len(activities)} activities, "
            f"{len(attendances)} attendances")
