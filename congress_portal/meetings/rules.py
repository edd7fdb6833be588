"""The result rules, as pure functions of counts (DOMAIN §4, §5.2, §6.5). Integer arithmetic only: a
rule at an exact fraction of the members must not depend on floating point."""

import math
from dataclasses import dataclass, field
from fractions import Fraction

HALF = Fraction(1, 2)


def more_than(count, base, share=HALF):
    """`count` is more than `share` of `base` (过半数: exactly half is not enough)."""
    return count > base * share


def at_least(count, base, share):
    """`count` is `share` of `base` or more (以上 includes the number itself)."""
    return count >= base * share


def needed_more_than(base, share=HALF):
    """The smallest count that is more than `share` of `base`."""
    return math.floor(base * share) + 1


def needed_at_least(base, share):
    return math.ceil(base * share)


@dataclass
class Quorum:
    present: int
    base: int
    needed: int

    @property
    def reached(self):
        return self.present >= self.needed

    @property
    def missing(self):
        return max(0, self.needed - self.present)


def committee_quorum(present, all_members, share=HALF):
    """A standing committee meeting: more than half of ALL members of the term present."""
    return Quorum(present, all_members, needed_more_than(all_members, share))


def plenary_quorum(present, deputies, share=Fraction(2, 3)):
    """A plenary session: two thirds or more of its deputies present (三分之二以上 includes 2/3)."""
    return Quorum(present, deputies, needed_at_least(deputies, share))


def majority_of_all(votes_for, all_members, share=HALF):
    """Passed when the votes for are more than half of all members of the term: not of those present,
    not of those who voted; exactly half fails."""
    return more_than(votes_for, all_members, share)


SATISFIED, BASIC, UNSATISFIED = "satisfied", "basic", "unsatisfied"


def zhenhai(satisfied, basic, all_members, share=HALF):
    """The Zhenhai satisfaction rule: 满意 when 满意 votes reach half of ALL members; 基本满意 when
    满意 + 基本满意 do; otherwise 不满意. Abstentions and absentees count in the base (they are members)."""
    if at_least(satisfied, all_members, share):
        return SATISFIED
    if at_least(satisfied + basic, all_members, share):
        return BASIC
    return UNSATISFIED


class TooManyApprovals(ValueError):
    pass


def check_approval_ballot(chosen, places):
    """A ballot approving more than `places` candidates is refused whole."""
    if len(set(chosen)) > places:
        raise TooManyApprovals(len(set(chosen)))


@dataclass
class Ranking:
    chosen: list  # options elected outright, most approvals first
    tied: list = field(default_factory=list)  # options tied at the cut, to be separated
    open_places: int = 0  # places the tied compete for


def approval_top_n(counts, places, order=None):
    """Rank candidates by approvals and take the top `places`. `counts`: {option: approvals}.

    When candidates tie across the cut, those above it are chosen and the tied are returned for a
    run-off among them (the default); with `order` (the order staff set, a list of options) the tie is
    decided by that order instead."""
    ranked = sorted(counts, key=lambda o: -counts[o])
    if len(ranked) <= places:
        return Ranking(chosen=ranked)
    cut = counts[ranked[places - 1]]
    if counts[ranked[places]] != cut:
        return Ranking(chosen=ranked[:places])
    above = [o for o in ranked if counts[o] > cut]
    tied = [o for o in ranked if counts[o] == cut]
    open_places = places - len(above)
    if order is not None:
        position = {o: i for i, o in enumerate(order)}
        tied.sort(key=lambda o: position.get(o, len(position)))
        return Ranking(chosen=above + tied[:open_places])
    return Ranking(chosen=above, tied=tied, open_places=open_places)
