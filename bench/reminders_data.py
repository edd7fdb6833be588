"""Suggestions for the reminder benchmark: 50,000 in all, a few thousand with open deadlines around today.

Used when the database has fewer suggestions than asked (the large demo may lack them). Rows are
bulk-inserted and tagged with numbers starting "BENCH-" so they can be told from real ones.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone


def ensure(total=50_000, today=None, seed=4):
    from congress_portal.accounts.models import Role, User
    from congress_portal.organization.models import HandlingUnit, Term
    from deputies.models import Deputy
    from proposals.models import Assignment, Commitment, Reply, Status, Suggestion

    have = Suggestion.objects.count()
    if have >= total:
        return have, 0
    today = today or timezone.localdate()
    rng = random.Random(seed)
    term = Term.objects.filter(is_current=True).first() or Term.objects.first()
    deputies = list(Deputy.objects.values_list("pk", flat=True)[:2000])
    units = list(HandlingUnit.objects.values_list("pk", flat=True))
    staff = User.objects.filter(role=Role.STAFF).first()
    if not (term and deputies and units and staff):
        raise SystemExit("load the large demo first: manage.py seed_demo --scale large --flush")
    now = timezone.now()
    need = total - have
    # About 7% open: 3,500 being handled, 600 awaiting a rating, 200 re-handled; the rest closed.
    plan = ([Status.HANDLING] * 2500 + [Status.ASSIGNED] * 1000 + [Status.REPLIED] * 600
            + [Status.REHANDLING] * 200)
    plan = (plan + [Status.CLOSED] * need)[:need]
    rng.shuffle(plan)
    created = 0
    with transaction.atomic():
        batch = []
        for i, status in enumerate(plan):
            reply_due = evaluation_due = None
            if status in (Status.HANDLING, Status.ASSIGNED, Status.REHANDLING):
                reply_due = today + datetime.timedelta(days=rng.randint(-90, 95))
            elif status == Status.REPLIED:
                evaluation_due = today + datetime.timedelta(days=rng.randint(-10, 25))
            batch.append(Suggestion(
                term=term, number=f"BENCH-{have + i:06d}", title=f"关于第{have + i}号事项的建议", background="理由",
                proposal="建议", category="urban", lead_deputy_id=rng.choice(deputies), created_by=staff,
                status=status, assigned_at=now, reply_due=reply_due, evaluation_due=evaluation_due))
        Suggestion.objects.bulk_create(batch, batch_size=2000)
        created = len(batch)
        fresh = list(Suggestion.objects.filter(number__startswith="BENCH-").exclude(status=Status.CLOSED)
                     .values_list("pk", "status"))
        assignments = []
        for pk, status in fresh:
            lead = rng.choice(units)
            assignments.append(Assignment(suggestion_id=pk, unit_id=lead, role="lead", assigned_at=now,
                                          assigned_by=staff,
                                          reassign_until=today + datetime.timedelta(days=rng.randint(-60, 7))))
            if rng.random() < 0.3:
                co = rng.choice([u for u in units if u != lead])
                assignments.append(Assignment(suggestion_id=pk, unit_id=co, role="co", assigned_at=now,
                                              assigned_by=staff,
                                              reassign_until=today - datetime.timedelta(days=30),
                                              co_opinion_due=today + datetime.timedelta(days=rng.randint(-20, 30))))
        Assignment.objects.bulk_create(assignments, batch_size=2000)
        # Commitments of closed suggestions: 5,000, due around today, a third fulfilled.
        closed = list(Suggestion.objects.filter(number__startswith="BENCH-", status=Status.CLOSED)
                      .values_list("pk", flat=True)[:5000])
        leads = [Assignment(suggestion_id=pk, unit_id=rng.choice(units), role="lead", assigned_at=now,
                            assigned_by=staff, reassign_until=today - datetime.timedelta(days=200), active=True)
                 for pk in closed]
        Assignment.objects.bulk_create(leads, batch_size=2000)
        leads = list(Assignment.objects.filter(suggestion_id__in=closed).values_list("pk", "suggestion_id", "unit_id"))
        Reply.objects.bulk_create([Reply(suggestion_id=sid, assignment_id=aid, result_class="B", text="答复",
                                         signer="局长", contact_person="联系人", contact_phone="027-1",
                                         reply_date=today, created_by=staff) for aid, sid, _u in leads],
                                  batch_size=2000)
        replies = dict(Reply.objects.filter(suggestion_id__in=closed).values_list("suggestion_id", "pk"))
        Commitment.objects.bulk_create([
            Commitment(reply_id=replies[sid], suggestion_id=sid, unit_id=unit, content="年内完成",
                       due_date=today + datetime.timedelta(days=rng.randint(-60, 60)), responsible="科室",
                       fulfilled_at=now if rng.random() < 0.33 else None)
            for _aid, sid, unit in leads], batch_size=2000)
    return have, created
