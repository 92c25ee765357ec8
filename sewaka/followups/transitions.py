"""The follow-up workflow as an explicit table (house rule 4). Pure data; applied only by
services.followup_transition(), which writes the status, the FollowUpEvent and the audit event.

Rules name what the actor must be allowed and what the transition needs:
- "act": may run the unit's work (operator, admin pemda);
- "verify": may verify (admin pemda, Tim Monev: the `monev` action);
- "evidence_or_reason": done needs an attached evidence file or a written reason;
- "note": reopening needs a written reason.

Stored values are English and never change (the audit trail records them); people read the labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    OPEN = "open", _("Terbuka")
    IN_PROGRESS = "in_progress", _("Sedang dikerjakan")
    DONE = "done", _("Selesai")
    VERIFIED = "verified", _("Terverifikasi")
    REOPENED = "reopened", _("Dibuka kembali")


@dataclass(frozen=True)
class Rule:
    permission: str  # "act" or "verify"
    needs: tuple[str, ...] = ()


TRANSITIONS: dict[str, dict[str, Rule]] = {
    Status.OPEN: {
        Status.IN_PROGRESS: Rule("act"),
        Status.DONE: Rule("act", ("evidence_or_reason",)),
    },
    Status.IN_PROGRESS: {
        Status.DONE: Rule("act", ("evidence_or_reason",)),
    },
    Status.DONE: {
        Status.VERIFIED: Rule("verify"),
        Status.REOPENED: Rule("verify", ("note",)),
    },
    Status.VERIFIED: {
        Status.REOPENED: Rule("verify", ("note",)),
    },
    Status.REOPENED: {
        Status.IN_PROGRESS: Rule("act"),
        Status.DONE: Rule("act", ("evidence_or_reason",)),
    },
}

OPEN_STATES = frozenset({Status.OPEN, Status.IN_PROGRESS, Status.REOPENED})


def allowed(from_state: str, to_state: str) -> Rule | None:
    """The rule of the move, or None when the table does not allow it."""
    return TRANSITIONS.get(from_state, {}).get(to_state)
