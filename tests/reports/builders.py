"""Hand-made suggestions in a given state, written straight to the database (the services are another
engineer's; these tests are about what is read, drawn and printed)."""

import datetime

from django.utils import timezone

from proposals.models import Assignment, Commitment, Evaluation, QualityScore, Reply, Status, Suggestion
from tests import factories

_counter = {"n": 0}


def aware(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def make_suggestion(*, deputy, staff, status=Status.CLOSED, unit=None, co_units=(), title=None, result=None,
                    rating="", reply_day=None, reply_due=None, officer=None, published=False, reply_public=True,
                    is_key=False, number=None, registered=None, commitments=(), text="已按计划完成改造。",
                    phone="027-87654321", contact="陈磊", score=None):
    """A suggestion of `deputy`; with `unit`, assigned to it (lead) and, with `result`, replied by it."""
    _counter["n"] += 1
    today = timezone.localdate()
    registered = registered or today - datetime.timedelta(days=120)
    assigned = registered + datetime.timedelta(days=2)
    s = Suggestion.objects.create(
        term=factories.TermFactory(), status=status, title=title or f"关于加装电梯的建议{_counter['n']}",
        background="老旧小区无电梯。", proposal="加大补贴。", category="urban", lead_deputy=deputy,
        created_by=staff, number=number or f"16-B-{registered.year}-{_counter['n']:03d}",
        submitted_at=aware(registered), registered_at=aware(registered),
        assigned_at=aware(assigned) if unit else None,
        reply_due=reply_due or (assigned + datetime.timedelta(days=91) if unit else None),
        final_result_class=result or "", final_rating=rating, is_key=is_key, reply_public=reply_public,
    )
    if unit is None:
        return s
    lead = Assignment.objects.create(suggestion=s, unit=unit, role=Assignment.Role.LEAD, assigned_at=aware(assigned),
                                     assigned_by=staff, accepted_at=aware(assigned), reassign_until=assigned
                                     + datetime.timedelta(days=7))
    for co in co_units:
        Assignment.objects.create(suggestion=s, unit=co, role=Assignment.Role.CO, assigned_at=aware(assigned),
                                  assigned_by=staff, reassign_until=assigned + datetime.timedelta(days=7),
                                  co_opinion_due=assigned + datetime.timedelta(days=30))
    if result:
        reply_day = reply_day or assigned + datetime.timedelta(days=60)
        reply = Reply.objects.create(suggestion=s, assignment=lead, result_class=result, text=text, signer="王局长",
                                     contact_person=contact, contact_phone=phone, reply_date=reply_day,
                                     created_by=officer or staff)
        s.replied_at = aware(reply_day, 17)
        if published:
            s.published_at = aware(reply_day + datetime.timedelta(days=30))
        s.save(update_fields=["replied_at", "published_at"])
        for content, due, fulfilled in commitments:
            Commitment.objects.create(reply=reply, suggestion=s, unit=unit, content=content, due_date=due,
                                      responsible="城市更新科", fulfilled_at=aware(fulfilled) if fulfilled else None)
        if rating:
            Evaluation.objects.create(suggestion=s, reply=reply, deputy=deputy, round=1, attitude=rating, result=rating,
                                      recorded_by=staff)
        if score is not None:
            QualityScore.objects.create(reply=reply, compliance=score, document=score, effect=score,
                                        comment="内部评分意见", scored_by=staff)
    return s
