"""The forum workflow as an explicit table (house rule 4). Pure data; applied only by
services.forum_transition(), which writes the status and the audit event (the audit trail is the
forum's history: it has no event table).

planned → held: the results (notulen) are recorded (forum_record_results makes the move);
held → reported: the signed berita acara is uploaded back as evidence (forum_add_evidence makes it).

Every move needs "act" on the forum's unit; `needs` says what else: "minutes" (the notulen are
recorded), "berita_acara" (the signed berita acara is attached).

Stored values are English and never change (the audit trail records them); people read the labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    HELD = "held", _("Terlaksana")
    REPORTED = "reported", _("Berita acara lengkap")


@dataclass(frozen=True)
class Rule:
    permission: str = "act"
    needs: tuple[str, ...] = ()


TRANSITIONS: dict[str, dict[str, Rule]] = {
    Status.PLANNED: {Status.HELD: Rule(needs=("minutes",))},
    Status.HELD: {Status.REPORTED: Rule(needs=("berita_acara",))},
    Status.REPORTED: {},
}

# States in which the forum has taken place (counted by the obligations tracker and PEKPPP).
TOOK_PLACE = frozenset({Status.HELD, Status.REPORTED})


def allowed(from_state: str, to_state: str) -> Rule | None:
    """The rule of the move, or None when the table does not allow it."""
    return TRANSITIONS.get(from_state, {}).get(to_state)
