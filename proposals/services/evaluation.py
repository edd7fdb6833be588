"""评: rating, scoring, closing, publishing."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congress_portal.core import deadlines

from ..events import announce
from ..models import Evaluation, QualityScore, Rating, Reply, Status
from . import _base
from ._base import WorkflowError, _check, _lock, _move, _save, _today

__all__ = [
    "evaluation_submit", "reply_score", "suggestion_close", "reply_publish",
]


@transaction.atomic
def evaluation_submit(*, suggestion, actor, attitude, result, comment="", version=None):
    """评: the lead deputy rates this round's reply (or staff record the rating the deputy gave them),
    attitude and result separately. 不满意 on the result -> re-handling (one round by default)."""
    s = _lock(suggestion, version)
    _check("evaluate", s, actor)
    if attitude not in Rating.values or result not in Rating.values:
        raise WorkflowError(_("Rate both the attitude and the result."))
    if result == Rating.DISSATISFIED and not (comment or "").strip():
        raise WorkflowError(_("Please say why you are not satisfied, so the unit can handle it again."))
    replies = list(Reply.objects.filter(suggestion=s, round=s.round, assignment__active=True))
    if not replies:
        raise WorkflowError(_("There is no reply to rate."))
    Evaluation.objects.bulk_create([
        Evaluation(suggestion=s, reply=r, deputy_id=s.lead_deputy_id, round=s.round, attitude=attitude,
                   result=result, comment=comment, recorded_by=actor) for r in replies])
    data = {"attitude": attitude, "result": result, "round": s.round}
    if result == Rating.DISSATISFIED and s.round <= _base.MAX_REHANDLING_ROUNDS:
        # 不满意: handled again within a month, then a new reply and a new rating.
        s.round += 1
        s.reply_due = deadlines.due_date("suggestion_rehandling", _today())
        s.evaluation_due = None
        _move(s, Status.REHANDLING, ["round", "reply_due", "evaluation_due"], actor=actor, action="evaluate",
              comment=comment, **data)
        announce("suggestion.rehandling", s, actor=actor, reply_due=s.reply_due.isoformat(), round=s.round)
    else:
        s.final_rating = result
        _move(s, Status.EVALUATED, ["final_rating"], actor=actor, action="evaluate", comment=comment, **data)
        announce("suggestion.evaluated", s, actor=actor, attitude=attitude, result=result)
    return s


@transaction.atomic
def reply_score(*, suggestion, actor, compliance, document, effect, third_party="", comment=""):
    """Staff score the latest reply letter (合规、文书、效果); scoring again replaces the score."""
    s = _lock(suggestion)
    _check("score", s, actor)
    for value in (compliance, document, effect):
        if value is None or not 0 <= int(value) <= 100:
            raise WorkflowError(_("Scores are whole numbers from 0 to 100."))
    reply = Reply.objects.filter(suggestion=s, assignment__active=True).order_by("-round", "-id").first()
    if reply is None:
        raise WorkflowError(_("There is no reply to score."))
    score, _created = QualityScore.objects.update_or_create(
        reply=reply, defaults={"compliance": compliance, "document": document, "effect": effect,
                               "third_party": third_party, "comment": comment, "scored_by": actor})
    _save(s, [], actor=actor, action="score", from_state=s.status, comment=comment,
          compliance=int(compliance), document=int(document), effect=int(effect))
    announce("suggestion.scored", s, actor=actor)
    return score


@transaction.atomic
def suggestion_close(*, suggestion, actor, comment="", version=None):
    """办结. A reply not rated by its deadline may be closed (it counts as not rated, never as satisfied)."""
    s = _lock(suggestion, version)
    _check("close", s, actor)
    if s.status == Status.REPLIED and s.evaluation_due and _today() <= s.evaluation_due:
        raise WorkflowError(_("The deputy may rate the reply until %(day)s; close it after that day.") % {
            "day": date_format(s.evaluation_due)})
    s.closed_at = timezone.now()
    _move(s, Status.CLOSED, ["closed_at"], actor=actor, action="close", comment=comment,
          rated=bool(s.final_rating))
    announce("suggestion.closed", s, actor=actor)
    return s


@transaction.atomic
def reply_publish(*, suggestion, actor):
    """Publish the reply on the public site, unless it is marked not public."""
    s = _lock(suggestion)
    _check("publish", s, actor)
    if not s.reply_public:
        raise WorkflowError(_("This reply is marked not public."))
    if s.published_at:
        raise WorkflowError(_("This reply is already published."))
    s.published_at = timezone.now()
    _move(s, None, ["published_at"], actor=actor, action="publish")
    announce("suggestion.published", s, actor=actor)
    return s
