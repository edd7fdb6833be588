"""Who may see and triage citizens' opinions, activities and performance files."""

from congress_portal.accounts.permissions import is_deputy, is_staff_member, is_unit_officer


def addressed_to(user, opinion):
    """The opinion is this deputy's: sent through the deputy's own code (or given to the deputy at a
    reception), or sent through the station's code to no deputy in particular and this is one of the
    station's deputies. An opinion sent to one deputy is not the station's (issue 12.3)."""
    if not is_deputy(user):
        return False
    if opinion.deputy_id is not None:
        return opinion.deputy_id == user.deputy_id
    return bool(opinion.station_id and opinion.station_id == user.deputy.station_id)


def can_see_citizen_phone(user, opinion):
    """The form promises the phone to the deputy only (电话（可选，仅代表可见）): the deputies it is addressed
    to see it; staff, units and other deputies do not."""
    return addressed_to(user, opinion)


def can_see_photo(user, opinion):
    """The photo goes to whom the opinion belongs: its deputies and the staff who triage it."""
    return is_staff_member(user) or addressed_to(user, opinion)


def can_see_opinion(user, opinion):
    if is_staff_member(user) or addressed_to(user, opinion):
        return True
    return bool(is_unit_officer(user) and opinion.forwarded_unit_id and opinion.forwarded_unit_id == user.unit_id)


def may_act(user, opinion, action):
    """The role half of the transition table (the state half is in workflow.py)."""
    if action == "answer" and opinion.status == opinion.Status.FORWARDED:
        # A forwarded opinion is answered by the unit it went to (or staff on its behalf).
        return is_staff_member(user) or bool(is_unit_officer(user) and opinion.forwarded_unit_id == user.unit_id)
    if action == "suggest":
        # A suggestion needs a lead deputy (代表法 art. 21): only a deputy can turn an opinion into one.
        return addressed_to(user, opinion)
    return is_staff_member(user) or addressed_to(user, opinion)


def can_see_performance(user, deputy):
    return is_staff_member(user) or (is_deputy(user) and user.deputy_id == deputy.pk)
