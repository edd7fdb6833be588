"""Every write on a suggestion: one function per move of the table in proposals.workflow.

Each locks the suggestion row (select_for_update), re-checks the move and its guards, saves with
update_fields, bumps `version`, appends one audit row and announces the event, all in one
transaction. A refusal raises WorkflowError and changes nothing.
"""

from ._base import (  # noqa: F401
    ATTACHMENT_MAX_COUNT, MAX_REHANDLING_ROUNDS, MOTION_MIN_DEPUTIES, WorkflowError,
)
from .assignment import *  # noqa: F401,F403
from .drafting import *  # noqa: F401,F403
from .evaluation import *  # noqa: F401,F403
from .handling import *  # noqa: F401,F403
from .review import *  # noqa: F401,F403
from .supervision import *  # noqa: F401,F403
