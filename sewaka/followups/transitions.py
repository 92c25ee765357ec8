"""The follow-up workflow as an explicit table (house rule 4). Pure data; applied only by
services.followup_transition(), which writes the audit event.

Rules name what the actor must be allowed and what the transition needs:
- "act": may run the unit's work (operator, admin pemda);
- "verify": may verify (admin pemda, Tim Monev: the `monev` action);
- "evidence_or_reason": done needs an attached evidence file or a written reason.
"""

from __future__ import annotations

from dataclasses import dataclass


class Status:
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    VERIFIED = "verified"
    REOPENED = "reopened"


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
    return TRANSITIONS.get(from_state, {}).get(to_state)
