"""Writes of complaints, one module per concern:

- `workflow`: the handlers' work and `complaint_transition`, the only writer of `status`;
- `citizen`: what the reporter does (submit, add information, "satisfied / not satisfied");
- `jobs`: the periodic jobs (auto-close after the reporter's window, deadline reminders);
- `settings`: the pemda's time limits;
- `notifications`: the e-mails (the reporter hears about the case, a unit never hears who reported it).

Callers import from `sewaka.complaints.services`; the names below are its public surface.
"""

from ..tokens import new_code, normalise_code  # the tracking code, re-exported
from .citizen import (
    citizen_add_information,
    citizen_feedback,
    citizen_feedback_request,
    complaint_submit,
)
from .jobs import close_unanswered, remind_due
from .notifications import case_summary, notify_reporter, notify_unit
from .settings import sla_limits_set
from .workflow import (
    complaint_classify,
    complaint_mark_spam,
    complaint_merge,
    complaint_message,
    complaint_pause,
    complaint_resume,
    complaint_substantiate,
    complaint_transition,
)

__all__ = [
    "case_summary",
    "citizen_add_information",
    "citizen_feedback",
    "citizen_feedback_request",
    "close_unanswered",
    "complaint_classify",
    "complaint_mark_spam",
    "complaint_merge",
    "complaint_message",
    "complaint_pause",
    "complaint_resume",
    "complaint_submit",
    "complaint_substantiate",
    "complaint_transition",
    "new_code",
    "normalise_code",
    "notify_reporter",
    "notify_unit",
    "remind_due",
    "sla_limits_set",
]
