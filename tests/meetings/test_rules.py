"""The result rules at their edges (DOMAIN §4, §5.2, §6.5): pure functions, no database."""

from fractions import Fraction

import pytest

from congress_portal.meetings import rules


def test_majority_of_all_members_exactly_half_fails():
    assert rules.majority_of_all(13, 25) is True
    assert rules.majority_of_all(12, 25) is False
    assert rules.majority_of_all(15, 30) is False  # exactly half
    assert rules.majority_of_all(16, 30) is True


def test_majority_of_those_present_is_not_enough():
    # 18 of 30 members present, 10 for: a majority of those present, not of all members.
    present, votes_for, all_members = 18, 10, 30
    assert votes_for > present / 2
    assert rules.majority_of_all(votes_for, all_members) is False


def test_committee_quorum_counts_the_missing():
    q = rules.committee_quorum(12, 25)
    assert (q.reached, q.needed, q.missing) == (False, 13, 1)
    assert rules.committee_quorum(13, 25).reached
    half = rules.committee_quorum(15, 30)
    assert not half.reached and half.missing == 1  # exactly half of all members is no quorum


def test_plenary_quorum_two_thirds_includes_the_number():
    assert rules.plenary_quorum(200, 300).reached  # exactly two thirds: 以上 includes it
    assert not rules.plenary_quorum(199, 300).reached
    q = rules.plenary_quorum(180, 299)
    assert q.needed == 200 and q.missing == 20  # 2/3 of 299 is 199.33: 200 needed
    assert rules.plenary_quorum(3, 4, Fraction(3, 4)).reached


def test_zhenhai_counts_abstentions_and_absentees_in_the_base():
    # 25 members: 12.5 is half; 13 满意 is 满意.
    assert rules.zhenhai(13, 0, 25) == rules.SATISFIED
    # 20 present: 12 满意, 3 基本满意, 5 弃权; the base is still 25 members.
    assert rules.zhenhai(12, 3, 25) == rules.BASIC
    # 10 满意 of 18 present would be a majority of those present; of all 25 members it is not half.
    assert rules.zhenhai(10, 2, 25) == rules.UNSATISFIED


def test_zhenhai_exactly_half_is_enough():
    # "满意票数达到全体组成人员的半数": reaching half counts (>=), unlike 过半数.
    assert rules.zhenhai(15, 0, 30) == rules.SATISFIED
    assert rules.zhenhai(14, 1, 30) == rules.BASIC
    assert rules.zhenhai(14, 0, 30) == rules.UNSATISFIED


def test_approval_top_n_without_ties():
    r = rules.approval_top_n({"a": 9, "b": 7, "c": 7, "d": 2}, 3)
    assert r.chosen == ["a", "b", "c"] and r.tied == []


def test_approval_ties_at_the_cut_go_to_a_runoff():
    r = rules.approval_top_n({"a": 9, "b": 7, "c": 5, "d": 5, "e": 5, "f": 1}, 3)
    assert r.chosen == ["a", "b"]
    assert sorted(r.tied) == ["c", "d", "e"] and r.open_places == 1


def test_approval_ties_decided_by_the_order_staff_set():
    r = rules.approval_top_n({"a": 9, "b": 7, "c": 5, "d": 5, "e": 5}, 3, order=["e", "c", "d"])
    assert r.chosen == ["a", "b", "e"] and r.tied == []


def test_approval_ballot_with_more_than_n_is_refused():
    rules.check_approval_ballot([1, 2, 3], 3)
    rules.check_approval_ballot([], 3)
    with pytest.raises(rules.TooManyApprovals):
        rules.check_approval_ballot([1, 2, 3, 4], 3)
