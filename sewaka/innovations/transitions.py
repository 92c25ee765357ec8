"""The innovation's stage, the call's status and the nomination's status as explicit tables (house rule 4).
Pure data; applied only by services.innovation_transition, call_transition and the nomination services.

Rules name what the actor must be allowed and what the move needs:
- "act": may run the innovation's unit's work (operator of the unit, admin pemda);
- "manage": may manage the pemda (admin pemda) — calls and the selection's decision;
- "note": the move needs a written reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    GAGASAN = "gagasan", _("Gagasan")
    UJI_COBA = "uji_coba", _("Uji coba")
    IMPLEMENTASI = "implementasi", _("Implementasi")
    DIREPLIKASI = "direplikasi", _("Direplikasi")
    DIHENTIKAN = "dihentikan", _("Dihentikan")


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    OPEN = "open", _("Pengusulan dibuka")
    SCORING = "scoring", _("Penilaian juri")
    CLOSED = "closed", _("Selesai")


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("Diusulkan")
    WITHDRAWN = "withdrawn", _("Ditarik")
    SELECTED = "selected", _("Terpilih")
    NOT_SELECTED = "not_selected", _("Tidak terpilih")


@dataclass(frozen=True)
class Rule:
    permission: str  # "act" or "manage"
    needs: tuple[str, ...] = ()


STAGE_TRANSITIONS: dict[str, dict[str, Rule]] = {
    Stage.GAGASAN: {
        Stage.UJI_COBA: Rule("act"),
        Stage.IMPLEMENTASI: Rule("act"),
        Stage.DIHENTIKAN: Rule("act", ("note",)),
    },
    Stage.UJI_COBA: {
        Stage.IMPLEMENTASI: Rule("act"),
        Stage.GAGASAN: Rule("act", ("note",)),
        Stage.DIHENTIKAN: Rule("act", ("note",)),
    },
    Stage.IMPLEMENTASI: {
        Stage.DIREPLIKASI: Rule("act"),
        Stage.DIHENTIKAN: Rule("act", ("note",)),
    },
    Stage.DIREPLIKASI: {
        Stage.DIHENTIKAN: Rule("act", ("note",)),
    },
    Stage.DIHENTIKAN: {
        Stage.IMPLEMENTASI: Rule("act", ("note",)),  # restarted
    },
}

CALL_TRANSITIONS: dict[str, dict[str, Rule]] = {
    CallStatus.DRAFT: {CallStatus.OPEN: Rule("manage")},
    CallStatus.OPEN: {CallStatus.SCORING: Rule("manage"), CallStatus.DRAFT: Rule("manage", ("note",))},
    CallStatus.SCORING: {CallStatus.CLOSED: Rule("manage"), CallStatus.OPEN: Rule("manage", ("note",))},
    CallStatus.CLOSED: {CallStatus.SCORING: Rule("manage", ("note",))},
}

NOMINATION_TRANSITIONS: dict[str, dict[str, Rule]] = {
    NominationStatus.NOMINATED: {
        NominationStatus.WITHDRAWN: Rule("act"),
        NominationStatus.SELECTED: Rule("manage"),
        NominationStatus.NOT_SELECTED: Rule("manage"),
    },
    NominationStatus.WITHDRAWN: {NominationStatus.NOMINATED: Rule("act")},
    NominationStatus.SELECTED: {NominationStatus.NOT_SELECTED: Rule("manage", ("note",))},
    NominationStatus.NOT_SELECTED: {NominationStatus.SELECTED: Rule("manage", ("note",))},
}

# An innovation in these stages is running (its start date counts for eligibility).
RUNNING_STAGES = frozenset({Stage.IMPLEMENTASI, Stage.DIREPLIKASI})


def allowed(table: dict[str, dict[str, Rule]], from_state: str, to_state: str) -> Rule | None:
    """The rule of the move, or None when the table does not allow it."""
    return table.get(from_state, {}).get(to_state)


def stage_rule(from_stage: str, to_stage: str) -> Rule | None:
    return allowed(STAGE_TRANSITIONS, from_stage, to_stage)


def call_rule(from_status: str, to_status: str) -> Rule | None:
    return allowed(CALL_TRANSITIONS, from_status, to_status)


def nomination_rule(from_status: str, to_status: str) -> Rule | None:
    return allowed(NOMINATION_TRANSITIONS, from_status, to_status)
