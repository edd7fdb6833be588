"""Sections shaped like the apps' (dashboard.sections), with figures from the seed reports, for the tests
and the bench. `register(sections_module)` adds them under codes no app uses."""

from congress_portal.dashboard import sections as s

UNITS = ["区发展和改革局", "区住房和城乡建设局", "区教育局", "区卫生健康局", "区民政局", "区城市管理局",
         "区交通运输局", "区生态环境分局", "区市场监督管理局", "区人力资源和社会保障局", "区财政局", "区农业农村局"]


def suggestions(year, *, units=UNITS):
    return s.Section("sample_suggestions", "代表建议办理", figures=[
        s.Figure("received", "收到代表建议", 337, previous=312, unit="件"),
        s.Figure("replied", "已答复", 337, previous=312, unit="件"),
        s.Figure("resolution", "解决采纳率", 88.7, previous=85.2, unit="%"),
        s.Figure("satisfaction", "代表满意率", 97.3, previous=96.1, unit="%"),
        s.Figure("on_time", "按时答复率", 99.1, previous=None, unit="%"),
        s.Figure("commitments", "承诺事项已兑现", 212, previous=180, unit="项"),
    ], charts=[
        s.Chart("by_class", "办理结果如何分布？", "pie", ["A 已解决", "B 正在解决", "C 以后解决", "D 留作参考"],
                [("件数", [199, 100, 28, 10])]),
        s.Chart("by_unit", "哪些承办单位办件最多？", "hbar", units, [("件数", [40 - 2 * i for i in range(len(units))])]),
        s.Chart("by_month", "每月答复多少件？", "line", [f"{m}月" for m in range(1, 13)],
                [(f"{year}年", [0, 0, 5, 30, 62, 80, 71, 45, 20, 14, 7, 3]),
                 (f"{year - 1}年", [0, 1, 8, 25, 50, 77, 70, 40, 22, 10, 6, 3])]),
    ], tables=[
        s.Table("league", "承办单位办理情况", ["承办单位", "办件", "按时答复", "解决采纳率", "满意率"],
                [[unit, 40 - 2 * i, 40 - 2 * i, f"{90 - i:.1f}%", f"{98 - i * 0.5:.1f}%"] for i, unit in enumerate(units)]),
    ])


def deputies(year):
    return s.Section("sample_deputies", "代表履职和联络站", figures=[
        s.Figure("stations", "代表联络站", 27, previous=25, unit="个"),
        s.Figure("receptions", "接待选民", 1260, previous=1130, unit="人次"),
        s.Figure("opinions", "收集群众意见", 528, previous=470, unit="条"),
        s.Figure("closed", "办结群众意见", 430, previous=401, unit="条"),
        s.Figure("activities", "代表活动", 96, previous=88, unit="次"),
    ], charts=[s.Chart("activities", "各季度代表活动", "bar", ["一季度", "二季度", "三季度", "四季度"],
                       [("活动", [18, 27, 25, 26]), ("接待", [260, 340, 320, 340])])])


def register(many_units=None):
    s.register("sample_suggestions", lambda year: suggestions(year, units=many_units or UNITS), order=10)
    s.register("sample_deputies", deputies, order=20)


def unregister():
    for code in ("sample_suggestions", "sample_deputies"):
        s._PROVIDERS.pop(code, None)
