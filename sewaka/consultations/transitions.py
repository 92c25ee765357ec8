"""The forum workflow as an explicit table (house rule 4). Pure data; applied only by
services._transition(), which writes the audit event.

planned → held: the results (notulen) are recorded;
held → reported: the signed berita acara is uploaded back as evidence.
"""

from __future__ import annotations

PLANNED = "planned"
HELD = "held"
REPORTED = "reported"

TRANSITIONS: dict[str, frozenset[str]] = {
    PLANNED: frozenset({HELD}),
    HELD: frozenset({REPORTED}),
    REPORTED: frozenset(),
}

# States in which the forum has taken place (counted by the obligations tracker and PEKPPP).
TOOK_PLACE = frozenset({HELD, REPORTED})


def allowed(from_state: str, to_state: str) -> bool:
    return to_state in TRANSITIONS.get(from_state, frozenset())
