"""Demo: the chapters' texts of this year's and last year's work report, in the words of the seed reports
(Wuchang district's 2024 work points, /work/shared/seeds/000), each saved through the service (one version)."""

from . import services

ORDER = 95

TEXTS = {
    "direction": [
        "<p>常委会坚持以习近平新时代中国特色社会主义思想为指导，把全过程人民民主贯穿于人大各项工作之中。"
        "严格执行请示报告制度，重要会议、重要工作、重大事项等及时向区委请示报告，把党的领导贯穿人大工作全过程各方面。</p>",
        "<p>坚持党管干部原则与人大依法任免相统一，完善任免程序，严格资格审查，认真组织任前法律知识考试、"
        "拟任职发言、颁发任命书、宪法宣誓等各项工作。</p>",
    ],
    "legislation": [
        "<p>持续深化法治政府建设监督工作，听取和审议区人民政府关于法治政府建设情况的报告。"
        "切实加强规范性文件备案审查，做到<strong>有件必备、有备必审、有错必纠</strong>。</p>",
        "<p>对新实施的《武汉市地质灾害防治和地质环境保护条例》开展执法检查；重点推进省、市人大常委会基层立法联系点工作，"
        "广泛征集群众对法律法规草案的意见建议。</p>",
    ],
    "supervision": [
        "<p>紧扣全区经济社会发展重点领域、关键环节，强化对国民经济和社会发展计划、预算执行、政府债务管理和审计查出问题整改情况的监督。</p>",
        "<ul><li>听取和审议年度环境状况和环境保护目标完成情况报告，督促环境问题有效解决；</li>"
        "<li>审议公、检、法、司办案质量检查情况的报告，推动办案质量提升；</li>"
        "<li>开展专题询问，对问题清单逐项交办、跟踪整改。</li></ul>",
    ],
    "deputies": [
        "<p>常态长效推进“代表三进·共同缔造”活动，坚持“代表统一活动日”制度，组织四级人大代表联动开展特色活动，"
        "及时有效解决群众急难愁盼问题。</p>",
        "<p>按照“内容高质量、办理高质量”要求加强阅看服务，健全主任会议成员领衔督办、主任接待日现场督办、"
        "专工委对口督办、承诺事项跟踪督办机制，代表建议办理的数字见下。</p>",
    ],
    "livelihood": [
        "<p>对大会确定的民生实事项目办理情况进行跟踪督办，构建“群众提、代表定、政府办、人大评”的闭环监督体系，"
        "确保项目落地落实。</p>",
    ],
    "appointments": [
        "<p>依法任免国家机关工作人员，组织任前法律知识考试和宪法宣誓，持续推进任后履职监督。</p>",
    ],
    "self_building": [
        "<p>深化清廉机关建设，锻造忠诚干净担当的高素质人大干部队伍；充分发挥专家咨询库、专业代表组作用，"
        "为常委会依法履职提供坚实智力支撑。</p>",
    ],
    "next_year": [
        "<p>明年，常委会将继续坚持党的全面领导，聚焦全区中心工作依法履职，持续提升代表建议办理质量，"
        "推动民生实事项目票决制走深走实，为建设现代化强区作出新的贡献。</p>",
    ],
}


def seed(ctx):
    from congress_portal.accounts.models import Role, User

    author = User.objects.filter(role=Role.STAFF).order_by("pk").first()
    for year in (ctx.today.year - 1, ctx.today.year):
        for chapter, paragraphs in TEXTS.items():
            services.narrative_save(year=year, chapter=chapter, html="".join(paragraphs), actor=author)
    ctx.log(f"  annual report: texts of {len(TEXTS)} chapters for {ctx.today.year - 1} and {ctx.today.year}")
