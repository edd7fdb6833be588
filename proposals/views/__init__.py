"""Pages of the suggestion workflow: deputies (mobile first), handling units, leaders.

Committee staff work in the admin (proposals/admin.py). Every page reads through selectors (404 for
what the user may not see) and writes through services (403 for what the table forbids).
"""

from .common import act, attachment_download, detail, supervise  # noqa: F401
from .deputy import (  # noqa: F401
    attachment_delete, attachment_upload, autosave, cosign, create, edit, evaluate, invite, mine,
)
from .leader import key_list  # noqa: F401
from .unit import (  # noqa: F401
    co_opinion, commitment_report, contact, extension, reassign, reply, staff_queues, workbench,
)
