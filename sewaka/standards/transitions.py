"""The life cycles of a service standard version and of the Maklumat Pelayanan as explicit tables
(house rule 4). Pure data; applied only by services.standard_transition() and
services.maklumat_transition(), which write the status and the audit event (the audit trail is their
history: neither has an event table).

Standard: draft → dibahas (discussed in a Forum Konsultasi Publik) → ditetapkan (decree) → published →
superseded (only by publishing a newer version). A standard may be set without a forum (legacy
decrees); the completeness check then says so. A dibahas draft may go back to draft.
Maklumat: draft → ditetapkan → published. A new text is a new record, never an edit of a set one.

Every move needs "act" on the unit (operator, admin pemda); `needs` says what else it takes:
"forum" (a forum of the unit), "decree" (number, date, signing official and the SK as PDF),
"newer_version" (made only while a newer version of the service is published).

Stored values (part English, part Indonesian) never change: the audit trail records them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    DIBAHAS = "dibahas", _("Dibahas dalam FKP")
    DITETAPKAN = "ditetapkan", _("Ditetapkan")
    PUBLISHED = "published", _("Dipublikasikan")
    SUPERSEDED = "superseded", _("Digantikan versi baru")


class MaklumatStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    DITETAPKAN = "ditetapkan", _("Ditetapkan")
    PUBLISHED = "published", _("Dipublikasikan")


@dataclass(frozen=True)
class Rule:
    permission: str = "act"
    needs: tuple[str, ...] = ()


TRANSITIONS: dict[str, dict[str, Rule]] = {
    Status.DRAFT: {Status.DIBAHAS: Rule(needs=("forum",)), Status.DITETAPKAN: Rule(needs=("decree",))},
    Status.DIBAHAS: {Status.DITETAPKAN: Rule(needs=("decree",)), Status.DRAFT: Rule()},
    Status.DITETAPKAN: {Status.PUBLISHED: Rule()},
    Status.PUBLISHED: {Status.SUPERSEDED: Rule(needs=("newer_version",))},
    Status.SUPERSEDED: {},
}
EDITABLE = frozenset({Status.DRAFT, Status.DIBAHAS})
SET = frozenset({Status.DITETAPKAN, Status.PUBLISHED, Status.SUPERSEDED})
IN_FORCE = frozenset({Status.DITETAPKAN, Status.PUBLISHED})

MAKLUMAT_TRANSITIONS: dict[str, dict[str, Rule]] = {
    MaklumatStatus.DRAFT: {MaklumatStatus.DITETAPKAN: Rule()},
    MaklumatStatus.DITETAPKAN: {MaklumatStatus.PUBLISHED: Rule()},
    MaklumatStatus.PUBLISHED: {},
}


def allowed(from_state: str, to_state: str) -> Rule | None:
    """The rule of a standard's move, or None when the table does not allow it."""
    return TRANSITIONS.get(from_state, {}).get(to_state)


def maklumat_allowed(from_state: str, to_state: str) -> Rule | None:
    """The rule of a Maklumat's move, or None when the table does not allow it."""
    return MAKLUMAT_TRANSITIONS.get(from_state, {}).get(to_state)


def moves(from_state: str) -> list[str]:
    """The states a person may move a standard in `from_state` to (superseding follows publishing)."""
    return [to for to, rule in TRANSITIONS.get(from_state, {}).items() if "newer_version" not in rule.needs]
