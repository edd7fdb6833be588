"""Deliberation opinions, rectifications, inquiry commitments and the supervision dashboard at large scale:
ten years of supervision items (the generator below adds them once, on top of the demo), every list, detail
page and the dashboard. Run through bench/run.py:

    DATABASE_URL=... python manage.py seed_demo --flush
    DATABASE_URL=... python bench/run.py deliberation

Targets (issue #14): p95 under 50 ms per page, the query count fixed (pinned in
tests/deliberation/test_views.py) and at most 15.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

PAGE_MS, PAGE_QUERIES = 50, 15
YEARS = 10
ITEMS_A_YEAR = 60  # a district's year: reports, inspections, inquiries, appraisals, budget and audit work
ISSUES_AN_OPINION = 5
INQUIRIES_A_YEAR = 6
COMMITMENTS_AN_INQUIRY = 10
MARK = "【基准】"  # the generated items' titles start with it: generated once


def generate():
    """Ten years of items, each with an issued opinion of five issues and their rectifications in every
    state, a satisfaction vote on every third rectification, inquiries with commitments: bulk-created."""
    from congress_portal.meetings.models import Poll, PollResult, StandingCommitteeMeeting
    from congress_portal.organization.models import Committee, HandlingUnit
    from supervision.deliberation.models import (Inquiry, InquiryCommitment, Issue, Opinion, Rectification,
                                                 RectState, SatisfactionVote, Verdict)
    from supervision.models import Kind, Stage, SupervisionItem

    if SupervisionItem.objects.filter(title__startswith=MARK).exists():
        return
    today = timezone.localdate()
    committees = list(Committee.objects.exclude(kind="office"))
    units = list(HandlingUnit.objects.order_by("id"))
    meeting = StandingCommitteeMeeting.objects.order_by("-date").first()
    kinds, stages, states = list(Kind.values), list(Stage.values), list(RectState.values)
    verdicts = list(Verdict.values)
    with transaction.atomic():
        items = SupervisionItem.objects.bulk_create([
            SupervisionItem(year=today.year - y, kind=kinds[i % len(kinds)], committee=committees[i % len(committees)],
                            title=f"{MARK}{today.year - y}年第{i + 1}项：听取和审议区人民政府关于重点工作情况的报告",
                            stage=stages[(i + y) % len(stages)])
            for y in range(YEARS) for i in range(ITEMS_A_YEAR)])
        opinions = Opinion.objects.bulk_create([
            Opinion(item=it, title=f"关于{it.title[len(MARK):]}的审议意见", text="常委会组成人员认为……",
                    state=Opinion.State.ISSUED, issued_on=datetime.date(it.year, 3, 1) + datetime.timedelta(days=n % 200),
                    published_at=timezone.now() if n % 2 else None)
            for n, it in enumerate(items)])
        issues = Issue.objects.bulk_create([
            Issue(opinion=op, order=k + 1, text=f"问题{k + 1}：整改措施落实不到位，进度滞后于计划。", unit=units[(n + k) % len(units)])
            for n, op in enumerate(opinions) for k in range(ISSUES_AN_OPINION)])
        rects = Rectification.objects.bulk_create([
            Rectification(issue=issue, unit_id=issue.unit_id, state=states[n % len(states)], round=1 + (n % 7 == 0),
                          due_date=issue.opinion.issued_on + datetime.timedelta(days=91), measures="成立专班，倒排工期。")
            for n, issue in enumerate(issues)])
        voted = rects[::3]
        polls = Poll.objects.bulk_create([
            Poll(meeting=meeting, title=f"对整改情况的满意度测评 {r.pk}", kind=Poll.Kind.SATISFACTION,
                 rule=Poll.Rule.ZHENHAI, state=Poll.State.PUBLISHED, base=25, present=22) for r in voted])
        PollResult.objects.bulk_create([
            PollResult(poll=p, counts={}, phone_ballots=22, base=25, outcome={"verdict": verdicts[n % 3]})
            for n, p in enumerate(polls)])
        SatisfactionVote.objects.bulk_create([
            SatisfactionVote(item_id=r.issue.opinion.item_id, rectification=r, round=r.round, poll=p,
                             verdict=verdicts[n % 3], taken_at=timezone.now())
            for n, (r, p) in enumerate(zip(voted, polls))])
        inquiries = Inquiry.objects.bulk_create([
            Inquiry(item=items[y * ITEMS_A_YEAR + i], title=f"{today.year - y}年专题询问{i + 1}",
                    held_on=datetime.date(today.year - y, 6, 1 + i))
            for y in range(YEARS) for i in range(INQUIRIES_A_YEAR)])
        InquiryCommitment.objects.bulk_create([
            InquiryCommitment(inquiry=inq, unit=units[(n + k) % len(units)], content=f"承诺{k + 1}：年底前完成整改",
                              due_date=inq.held_on + datetime.timedelta(days=30 * (k + 1)), responsible="局长",
                              fulfilled_at=timezone.now() if k % 3 == 0 else None)
            for n, inq in enumerate(inquiries) for k in range(COMMITMENTS_AN_INQUIRY)])
    print(f"   generated {len(items):,} items, {len(rects):,} rectifications, {len(polls):,} votes", flush=True)


def run(report):
    from congress_portal.accounts.models import User
    from supervision.deliberation.models import Opinion, Rectification

    generate()
    year = timezone.localdate().year
    unit = User.objects.get(username="unit")
    rect = Rectification.objects.filter(unit_id=unit.unit_id).order_by("-id").first()
    voted = Rectification.objects.filter(votes__isnull=False).order_by("-id").first()
    opinion = Opinion.objects.filter(published_at__isnull=False).order_by("-id").first()
    pages = [
        ("leader: supervision dashboard", "leader", reverse("deliberation:dashboard") + f"?year={year}"),
        ("leader: supervision dashboard (a past year)", "leader",
         reverse("deliberation:dashboard") + f"?year={year - 5}"),
        ("staff: items of the year by stage", "staff", reverse("deliberation:items") + f"?year={year}&stage=report"),
        ("staff: rectifications (year, overdue)", "staff",
         reverse("deliberation:rectifications") + f"?year={year - 1}&overdue=on"),
        ("staff: rectifications, page 5", "staff", reverse("deliberation:rectifications") + f"?year={year}&page=5"),
        ("staff: rectification detail (voted)", "staff", reverse("deliberation:rectification", args=[voted.pk])),
        ("staff: satisfaction votes", "staff", reverse("deliberation:votes") + f"?year={year}"),
        ("staff: inquiry commitments (open)", "staff", reverse("deliberation:commitments") + "?state=open"),
        ("unit: rectifications", "unit", reverse("deliberation:rectifications")),
        ("unit: rectification detail", "unit", reverse("deliberation:rectification", args=[rect.pk])),
        ("unit workbench (cards)", "unit", "/accounts/home/"),
        ("public: opinions", None, reverse("deliberation:opinions")),
        ("public: opinion detail", None, reverse("deliberation:opinion", args=[opinion.pk])),
    ]
    print(f"   {Rectification.objects.count():,} rectifications in the database", flush=True)
    report.time_urls_in_turns(
        [{"name": f"deliberation: {name}", "url": url, "user": user, "limit_ms": PAGE_MS,
          "max_queries": PAGE_QUERIES} for name, user, url in pages], runs=60, turns=12)
    report.time_url("deliberation: opinion PDF", reverse("deliberation:opinion_pdf", args=[opinion.pk]), user="staff",
                    runs=5, warmup=1, limit_ms=1000)
    report.time_url("deliberation: rectifications ledger (a year)", reverse("deliberation:rectifications_ledger")
                    + f"?year={year - 1}", user="staff", runs=3, warmup=1)
