"""Public facts of coordination events for other apps (the obligations tracker): plain data, in bulk."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from sewaka.core.db import Ids

from .models import Invitation


@dataclass(frozen=True)
class InvitationFact:
    unit_id: int
    event_id: int
    date: date
    topic: str
    kind: str
    attended: bool
    url: str


def invitations_bulk(unit_ids: Collection[int], start: date, end: date) -> list[InvitationFact]:
    """Every invitation of the units to an event dated in [start, end] (one query)."""
    rows = (
        Invitation.objects.filter(unit_id__in_ids=Ids(unit_ids), event__date__gte=start, event__date__lte=end)
        .values_list("unit_id", "event_id", "event__date", "event__topic", "event__kind", "attended")
        .order_by("event__date", "event_id")
    )
    return [
        InvitationFact(unit_id, event_id, d, topic, kind, attended, reverse("events:detail", args=[event_id]))
        for unit_id, event_id, d, topic, kind, attended in rows
    ]
