"""Who may read which letter and ledger. Unseen objects are 404 (CONVENTIONS 4): callers raise Http404."""

from congress_portal.accounts import permissions as roles


def can_read_ledgers(user):
    return roles.is_staff_member(user) or roles.is_leader(user)


def can_read_all_notices(user):
    """Staff and leaders read the notices to every unit (and print them in batches)."""
    return roles.is_staff_member(user) or roles.is_leader(user)


def can_read_assignment_notice(user, unit):
    """Staff and leaders read every notice; a unit's officers read the notices addressed to their unit."""
    if roles.is_staff_member(user) or roles.is_leader(user):
        return True
    return roles.is_unit_officer(user) and user.unit_id == unit.pk


def readable_replies(user, suggestion, replies):
    """The replies among `replies` that `user` may read as letters (empty: refuse with 404).

    Staff and leaders read all; the deputies answered (the lead deputy and those of merged
    suggestions) read all; a unit's officers read the letters their unit wrote.
    """
    if roles.is_staff_member(user) or roles.is_leader(user):
        return list(replies)
    if roles.is_deputy(user):
        answered = {suggestion.lead_deputy_id} | {item.lead_deputy_id for item in suggestion.merged_items.all()}
        return list(replies) if user.deputy_id in answered else []
    if roles.is_unit_officer(user):
        return [reply for reply in replies if reply.assignment.unit_id == user.unit_id]
    return []
