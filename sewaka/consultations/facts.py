"""Public facts of Forum Konsultasi Publik per unit and year (PermenPANRB 16/2017). Other apps read these,
never the models. Pure reads: no user, no access check — callers scope the units they pass.

Bulk-friendly: functions take many units (instances or primary keys) and return dicts keyed by unit id in
a constant number of queries:

- `forums(units, year)` → {unit id: UnitConsultations} (at most 4 queries);
- `categories_by_standard(standard_ids)` → {standard id: frozenset of participant categories} (1 query).

A forum counts as held when it took place (`transitions.TOOK_PLACE`: held, or reported with the signed
berita acara uploaded). Only forums of exactly the unit are listed; a perangkat daerah that counts its
units' forums rolls them up itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse

from sewaka.core.db import Ids
from sewaka.core.models import Attachment

from .models import EVIDENCE_PREFIXES, Agreement, Forum, Participant, ParticipantCategory
from .transitions import TOOK_PLACE, Status


@dataclass(frozen=True)
class ForumFact:
    """One forum. `categories`: participant categories (unsur masyarakat, `ParticipantCategory` values) of
    the participants who attended; `signed_berita_acara`: the signed scan was uploaded;
    `berita_acara_url`: the evidence — the signed scan when uploaded, else the generated berita acara PDF
    (staff URLs, both behind the unit's access rule)."""

    id: int
    unit_id: int
    date: date
    topic: str
    purpose: str
    status: str
    standard_id: int | None
    attended: int
    categories: frozenset[str]
    signed_berita_acara: bool
    url: str
    berita_acara_url: str

    @property
    def took_place(self) -> bool:
        return self.status in TOOK_PLACE

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def category_labels(self) -> tuple[str, ...]:
        """Labels of `categories` in the order of ParticipantCategory."""
        return tuple(str(label) for value, label in ParticipantCategory.choices if value in self.categories)


@dataclass(frozen=True)
class UnitConsultations:
    """The forums of one unit dated in `year`: `held` (took place) and `planned` (not yet), by date."""

    unit_id: int
    year: int
    held: tuple[ForumFact, ...]
    planned: tuple[ForumFact, ...]

    @property
    def categories(self) -> frozenset[str]:
        """Participant categories present (attended) at any forum held in the year."""
        return frozenset().union(*(f.categories for f in self.held))

    @property
    def last_held(self) -> ForumFact | None:
        return self.held[-1] if self.held else None


def pekppp_participation_score(n: int) -> int:
    """The PEKPPP descriptor "unsur masyarakat yang dilibatkan: 1, 2, 3, 4, >4" as an int.

    0 when no category was present, 1…4 for that many categories, and 5 meaning ">4" (five or more).
    """
    return max(0, min(int(n or 0), 5))


def _ids(units: Iterable) -> list[int]:
    return list(dict.fromkeys(u if isinstance(u, int) else u.pk for u in units))


def forums(units: Iterable, year: int) -> dict[int, UnitConsultations]:
    """{unit id: UnitConsultations} for `units` (every id gets an entry)."""
    ids = _ids(units)
    rows = list(
        Forum.objects.filter(unit_id__in_ids=Ids(ids), date__year=year)
        .order_by("date", "id")
        .values("id", "unit_id", "date", "topic", "purpose", "status", "standard_id")
    )
    forum_ids = [r["id"] for r in rows]
    categories: dict[int, set[str]] = {}
    attended: dict[int, int] = {}
    for forum_id, category in Participant.objects.filter(
        forum_id__in_ids=Ids(forum_ids), attended=True
    ).values_list("forum_id", "category"):
        categories.setdefault(forum_id, set()).add(category)
        attended[forum_id] = attended.get(forum_id, 0) + 1
    scans: dict[int, object] = {}
    if forum_ids:
        prefix = EVIDENCE_PREFIXES["berita_acara"]
        for attachment in Attachment.objects.filter(
            owner_type=ContentType.objects.get_for_model(Forum),
            owner_id__in=[str(i) for i in forum_ids],
            description__startswith=prefix,
        ).order_by("created_at"):
            if attachment.description == prefix or attachment.description.startswith(prefix + ": "):
                scans[int(attachment.owner_id)] = attachment  # the newest scan wins
    held: dict[int, list[ForumFact]] = {uid: [] for uid in ids}
    planned: dict[int, list[ForumFact]] = {uid: [] for uid in ids}
    for r in rows:
        scan = scans.get(r["id"])
        fact = ForumFact(
            id=r["id"],
            unit_id=r["unit_id"],
            date=r["date"],
            topic=r["topic"],
            purpose=r["purpose"],
            status=r["status"],
            standard_id=r["standard_id"],
            attended=attended.get(r["id"], 0),
            categories=frozenset(categories.get(r["id"], ())),
            signed_berita_acara=scan is not None,
            url=reverse("consultations:detail", args=[r["id"]]),
            berita_acara_url=scan.get_absolute_url()
            if scan is not None
            else reverse("consultations:berita_acara", args=[r["id"]]),
        )
        (held if fact.took_place else planned)[r["unit_id"]].append(fact)
    return {uid: UnitConsultations(uid, year, tuple(held[uid]), tuple(planned[uid])) for uid in ids}


def categories_by_standard(standard_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """{standard version id: participant categories that attended a forum (held, any year) on it}.
    Every id given gets an entry (empty when none)."""
    ids = list(dict.fromkeys(standard_ids))
    out: dict[int, set[str]] = {i: set() for i in ids}
    for standard_id, category in (
        Participant.objects.filter(forum__standard_id__in=ids, forum__status__in=TOOK_PLACE, attended=True)
        .values_list("forum__standard_id", "category")
        .distinct()
    ):
        out[standard_id].add(category)
    return {i: frozenset(c) for i, c in out.items()}


@dataclass(frozen=True)
class HeldForum:
    """A forum that took place, for open data: no names, no minutes; attendance by participant category."""

    id: int
    unit_id: int
    date: date
    topic: str
    updated_at: datetime
    attended_by_category: dict[str, int]
    agreements: int


def held_forums() -> tuple[HeldForum, ...]:
    """Every forum that took place (held or reported), oldest first. Three queries."""
    rows = list(
        Forum.objects.filter(status__in=TOOK_PLACE)
        .order_by("date", "id")
        .values_list("id", "unit_id", "date", "topic", "updated_at")
    )
    ids = [r[0] for r in rows]
    attended: dict[int, dict[str, int]] = {}
    for forum_id, category, n in (
        Participant.objects.filter(forum_id__in_ids=Ids(ids), attended=True)
        .values_list("forum_id", "category")
        .annotate(n=Count("id"))
        .order_by()
    ):
        attended.setdefault(forum_id, {})[category] = n
    agreements = dict(
        Agreement.objects.filter(forum_id__in_ids=Ids(ids))
        .values_list("forum_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("forum_id", "n")
    )
    return tuple(
        HeldForum(pk, unit_id, day, topic, updated, attended.get(pk, {}), agreements.get(pk, 0))
        for pk, unit_id, day, topic, updated in rows
    )


PARTICIPANT_CATEGORIES = ParticipantCategory.choices
