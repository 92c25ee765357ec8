"""Life cycle of a service standard version (house rule 4): applied only by services.standard_transition.

draft → dibahas (discussed in a Forum Konsultasi Publik) → ditetapkan (decree) → published → superseded.
A standard may be set without a forum (legacy decrees); the completeness check then says so.
"""

DRAFT, DIBAHAS, DITETAPKAN, PUBLISHED, SUPERSEDED = (
    "draft",
    "dibahas",
    "ditetapkan",
    "published",
    "superseded",
)

TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    DRAFT: {DIBAHAS: ("forum",), DITETAPKAN: ("decree",)},
    DIBAHAS: {DITETAPKAN: ("decree",), DRAFT: ()},
    DITETAPKAN: {PUBLISHED: ()},
    PUBLISHED: {SUPERSEDED: ()},
    SUPERSEDED: {},
}
EDITABLE = frozenset({DRAFT, DIBAHAS})
SET = frozenset({DITETAPKAN, PUBLISHED, SUPERSEDED})


def needs(from_state: str, to_state: str) -> tuple[str, ...] | None:
    """What the transition needs, or None when the table does not allow it."""
    return TRANSITIONS.get(from_state, {}).get(to_state)
