"""The transition table of a nominee (DOMAIN §6). Services enforce it; the admin's actions come from it."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import State

S = State


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    sources: tuple
    targets: tuple  # the states the move can end in (a review or an exam can pass or fail)


MOVES = {m.name: m for m in [
    Move("review", _("Record the qualification review"), (S.REGISTERED,), (S.REVIEWED, S.REVIEW_FAILED)),
    Move("exam", _("Record the law exam"), (S.REVIEWED,), (S.EXAMINED, S.EXAM_FAILED)),
    Move("send_to_vote", _("Send to the vote"), (S.REVIEWED, S.EXAMINED), (S.TO_VOTE,)),
    Move("open_vote", _("Open the vote"), (S.TO_VOTE,), (S.VOTING,)),
    Move("record_outcome", _("Record the outcome of the vote"), (S.VOTING,), (S.PASSED, S.FAILED)),
    Move("vote_again", _("Put to the vote again after an annulled vote"), (S.VOTING,), (S.TO_VOTE,)),
]}


def can(move_name, nominee):
    return nominee.state in MOVES[move_name].sources


def moves_from(state):
    return [m for m in MOVES.values() if state in m.sources]
