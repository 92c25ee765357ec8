"""The complaint workflow as an explicit table (house rule 4). Pure data; applied only by
services.complaint_transition(), which writes the status, the ComplaintEvent, the audit event and the
reporter's notice.

diterima → diverifikasi → didisposisikan (to a unit; forwarding again keeps the history: no wrong door)
→ dalam_tindak_lanjut → dijawab → selesai (the reporter is satisfied, or the reporter's window of 10
working days passed without an answer). ditutup (not actionable, with a reason the reporter sees) and
dirujuk (outside the pemda's authority, referred out with a note) end a case without silence. The
reporter's "not satisfied" sends a dijawab case back to dalam_tindak_lanjut.

Each move lists who may make it (`Rule.permission`) and what that move needs:
- "handle": a complaint handler of the case (organisations.access.may_handle); needs are what the handler must
  give: "unit" (a target unit and an instruction), "reason" (text the reporter reads), "answer";
- "reporter": the reporter (tracking code or signed link), "reporter_window": before the window closes;
- "system": the daily job, "window_passed": after the reporter's window closed.

Stored values are Indonesian and never change (the audit trail records them).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    DITERIMA = "diterima", _("Diterima")
    DIVERIFIKASI = "diverifikasi", _("Diverifikasi")
    DIDISPOSISIKAN = "didisposisikan", _("Didisposisikan")
    DALAM_TINDAK_LANJUT = "dalam_tindak_lanjut", _("Dalam tindak lanjut")
    DIJAWAB = "dijawab", _("Dijawab")
    SELESAI = "selesai", pgettext_lazy("complaint status", "Selesai")
    DITUTUP = "ditutup", _("Ditutup")
    DIRUJUK = "dirujuk", _("Dirujuk ke instansi lain")


HANDLE, REPORTER, SYSTEM = "handle", "reporter", "system"


@dataclass(frozen=True)
class Rule:
    permission: str  # HANDLE, REPORTER or SYSTEM
    needs: tuple[str, ...] = ()


TRANSITIONS: dict[str, dict[str, tuple[Rule, ...]]] = {
    Status.DITERIMA: {
        Status.DIVERIFIKASI: (Rule(HANDLE),),
        Status.DITUTUP: (Rule(HANDLE, ("reason",)),),
        Status.DIRUJUK: (Rule(HANDLE, ("reason",)),),
    },
    Status.DIVERIFIKASI: {
        Status.DIDISPOSISIKAN: (Rule(HANDLE, ("unit",)),),
        Status.DITUTUP: (Rule(HANDLE, ("reason",)),),
        Status.DIRUJUK: (Rule(HANDLE, ("reason",)),),
    },
    Status.DIDISPOSISIKAN: {
        Status.DIDISPOSISIKAN: (Rule(HANDLE, ("unit",)),),
        Status.DALAM_TINDAK_LANJUT: (Rule(HANDLE),),
        Status.DITUTUP: (Rule(HANDLE, ("reason",)),),
    },
    Status.DALAM_TINDAK_LANJUT: {
        Status.DIJAWAB: (Rule(HANDLE, ("answer",)),),
        Status.DIDISPOSISIKAN: (Rule(HANDLE, ("unit",)),),
    },
    Status.DIJAWAB: {
        Status.SELESAI: (
            Rule(HANDLE),
            Rule(REPORTER, ("reporter_window",)),
            Rule(SYSTEM, ("window_passed",)),
        ),
        Status.DALAM_TINDAK_LANJUT: (Rule(HANDLE, ("reason",)), Rule(REPORTER, ("reporter_window",))),
    },
    Status.SELESAI: {},
    Status.DITUTUP: {},
    Status.DIRUJUK: {},
}
OPEN = frozenset(
    {Status.DITERIMA, Status.DIVERIFIKASI, Status.DIDISPOSISIKAN, Status.DALAM_TINDAK_LANJUT, Status.DIJAWAB}
)
FINAL = frozenset({Status.SELESAI, Status.DITUTUP, Status.DIRUJUK})


def allowed(from_state: str, to_state: str, permission: str = HANDLE) -> Rule | None:
    """The rule of the move for who makes it, or None when the table does not allow it."""
    rules = TRANSITIONS.get(from_state, {}).get(to_state, ())
    return next((rule for rule in rules if rule.permission == permission), None)


def moves(from_state: str, permission: str = HANDLE) -> list[str]:
    """The states `permission` may move a case in `from_state` to, in the table's order."""
    return [to for to in TRANSITIONS.get(from_state, {}) if allowed(from_state, to, permission)]
