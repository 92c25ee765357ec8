"""The complaint workflow as an explicit table (house rule 4), applied only by services.complaint_transition.

diterima → diverifikasi → didisposisikan (to a unit; forwarding again keeps the history: no wrong door)
→ dalam_tindak_lanjut → dijawab → selesai (citizen confirmed, or 10 working days without response).
ditutup (not actionable, with a reason the citizen sees) and dirujuk (outside the pemda's authority,
referred out with a note) end a case without silence. A citizen's "not satisfied" sends a dijawab case
back to dalam_tindak_lanjut.
"""

DITERIMA = "diterima"
DIVERIFIKASI = "diverifikasi"
DIDISPOSISIKAN = "didisposisikan"
DALAM_TINDAK_LANJUT = "dalam_tindak_lanjut"
DIJAWAB = "dijawab"
SELESAI = "selesai"
DITUTUP = "ditutup"
DIRUJUK = "dirujuk"

# to-state → what the move needs: "unit" (a target unit), "reason" (text the citizen sees), "answer".
TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    DITERIMA: {DIVERIFIKASI: (), DITUTUP: ("reason",), DIRUJUK: ("reason",)},
    DIVERIFIKASI: {DIDISPOSISIKAN: ("unit",), DITUTUP: ("reason",), DIRUJUK: ("reason",)},
    DIDISPOSISIKAN: {DIDISPOSISIKAN: ("unit",), DALAM_TINDAK_LANJUT: (), DITUTUP: ("reason",)},
    DALAM_TINDAK_LANJUT: {DIJAWAB: ("answer",), DIDISPOSISIKAN: ("unit",)},
    DIJAWAB: {SELESAI: (), DALAM_TINDAK_LANJUT: ("reason",)},
    SELESAI: {},
    DITUTUP: {},
    DIRUJUK: {},
}
OPEN = frozenset({DITERIMA, DIVERIFIKASI, DIDISPOSISIKAN, DALAM_TINDAK_LANJUT, DIJAWAB})
FINAL = frozenset({SELESAI, DITUTUP, DIRUJUK})


def needs(from_state: str, to_state: str) -> tuple[str, ...] | None:
    return TRANSITIONS.get(from_state, {}).get(to_state)
