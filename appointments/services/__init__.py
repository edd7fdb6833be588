"""Every write of appointments (CONVENTIONS habit 1): the motion and its nominees up to the vote's outcome
(`motions`), then the statement, the certificate, the oath and the appraisal (`after`)."""

from .after import (  # noqa: F401
    APPOINTING_KINDS,
    appraisal_record,
    appraisal_schedule,
    certificate_issue,
    chair_of,
    oath_errors,
    oath_record_taken,
    oath_schedule,
    statement_record,
)
from .motions import (  # noqa: F401
    DEFAULT_CHECKLIST,
    SUBJECT_MAX,
    AppointmentError,
    appointment_settings,
    exam_errors,
    exam_pass_mark,
    failed_nominations,
    lateness,
    max_failed_nominations,
    motion_days_before,
    motion_errors,
    motion_register,
    nominee_errors,
    nominee_exam,
    nominee_open_vote,
    nominee_record_outcome,
    nominee_review,
    nominee_send_to_vote,
    nominee_vote_again,
    review_checklist,
    review_errors,
)
