"""States of a citizen's opinion and the moves between them (DOMAIN §3: 码上提交 码上反馈).

The table drives both the services (which refuse other moves) and the buttons a user sees.
"""

from django.utils.translation import gettext_lazy as _

from .models import Opinion

S = Opinion.Status

# action -> (from states, to state, label)
TRANSITIONS = {
    "answer": ({S.RECEIVED, S.FORWARDED}, S.ANSWERED, _("Answer")),
    "forward": ({S.RECEIVED}, S.FORWARDED, _("Forward to a handling unit")),
    "suggest": ({S.RECEIVED}, S.SUGGESTED, _("Turn into a suggestion")),
    "close": ({S.ANSWERED, S.SUGGESTED}, S.CLOSED, _("Close the opinion")),
}


def can_move(opinion, action):
    sources, _target, _label = TRANSITIONS[action]
    return opinion.status in sources


def target(action):
    return TRANSITIONS[action][1]


def available_actions(opinion, user):
    """The moves this user may make on this opinion now: [(action, label)]."""
    from . import permissions

    return [(action, label) for action, (sources, _t, label) in TRANSITIONS.items()
            if opinion.status in sources and permissions.may_act(user, opinion, action)]
