"""Public facts of follow-ups (tindak lanjut) per unit and source type. Other apps read these, never the
model. Pure reads: no user, no access check — callers scope the units they pass.

`followups(units, year=None, today=None)` → {unit id: UnitFollowUps} in one query (plus the content-type
cache) whatever the number of units. The source type is named as in `models.SOURCE_LABELS`
("surveys.rtlaction" for SKM RTL, "consultations.agreement" for FKP agreements, "assessments.monevvisit"
for Monev findings, "complaints.complaint" for corrective actions, "assessments.assessment",
"organisations.unit" for items recorded directly). `tasks(units, start, end, sources=…)` lists each
follow-up due in a range with its done date (the obligations tracker's evidence), in one query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q
from django.utils import timezone

from sewaka.core.db import Ids

from .models import SOURCE_LABELS, FollowUp
from .transitions import OPEN_STATES, Status

DONE_STATES = frozenset({Status.DONE, Status.VERIFIED})


@dataclass(frozen=True)
class SourceCounts:
    """Follow-ups of one source type: `open` (open, in progress or reopened), `overdue` (open and past due
    as of `today`), `done` (done or verified), `done_on_time` (done on or before the due date, local)."""

    total: int = 0
    open: int = 0
    overdue: int = 0
    done: int = 0
    done_on_time: int = 0


@dataclass(frozen=True)
class UnitFollowUps:
    """The follow-ups of exactly one unit: with `year`, those due in that year; without, all of them.
    `by_source` is keyed by "app_label.model" of the source (see the module docstring)."""

    unit_id: int
    year: int | None
    by_source: dict[str, SourceCounts] = field(default_factory=dict)

    def source(self, key: str) -> SourceCounts:
        return self.by_source.get(key, SourceCounts())

    @property
    def open(self) -> int:
        return sum(c.open for c in self.by_source.values())

    @property
    def overdue(self) -> int:
        return sum(c.overdue for c in self.by_source.values())


def source_keys() -> tuple[str, ...]:
    return tuple(SOURCE_LABELS)


def _ids(units: Iterable) -> list[int]:
    return list(dict.fromkeys(u if isinstance(u, int) else u.pk for u in units))


def followups(
    units: Iterable, year: int | None = None, *, today: date | None = None
) -> dict[int, UnitFollowUps]:
    """{unit id: UnitFollowUps} for `units` (every id gets an entry). One GROUP BY query."""
    ids = _ids(units)
    today = today or timezone.localdate()
    qs = FollowUp.objects.filter(unit_id__in_ids=Ids(ids))
    if year is not None:
        qs = qs.filter(due__year=year)
    open_q = Q(status__in=OPEN_STATES)
    done_q = Q(status__in=DONE_STATES)
    rows = (
        qs.values("unit_id", "source_type_id")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=open_q),
            overdue=Count("id", filter=open_q & Q(due__lt=today)),
            done=Count("id", filter=done_q),
            done_on_time=Count("id", filter=done_q & Q(done_at__date__lte=F("due"))),
        )
        .order_by()
    )
    out: dict[int, dict[str, SourceCounts]] = {uid: {} for uid in ids}
    for row in rows:
        ct = ContentType.objects.get_for_id(row["source_type_id"])
        out[row["unit_id"]][f"{ct.app_label}.{ct.model}"] = SourceCounts(
            total=row["total"],
            open=row["open"],
            overdue=row["overdue"],
            done=row["done"],
            done_on_time=row["done_on_time"],
        )
    return {uid: UnitFollowUps(uid, year, out[uid]) for uid in ids}


@dataclass(frozen=True)
class Task:
    """One follow-up due in a range: what the obligations tracker lists (title, due, done date, source)."""

    id: int
    unit_id: int
    source: str  # "app_label.model"
    title: str
    due: date
    done_on: date | None  # local date it was done (done or verified); None while open


def tasks(
    units: Iterable, start: date, end: date, *, sources: Iterable[str] = ()
) -> dict[int, tuple[Task, ...]]:
    """{unit id: its follow-ups due in [start, end], earliest due first}, optionally only from `sources`
    ("surveys.rtlaction", "consultations.agreement", …). One query (plus the content-type cache)."""
    ids = _ids(units)
    qs = FollowUp.objects.filter(unit_id__in_ids=Ids(ids), due__gte=start, due__lte=end)
    wanted = []
    for key in sources:
        app, _dot, model = key.partition(".")
        try:
            wanted.append(ContentType.objects.get_by_natural_key(app, model).pk)
        except ContentType.DoesNotExist:
            continue
    if sources:
        qs = qs.filter(source_type_id__in=wanted)
    out: dict[int, list[Task]] = {uid: [] for uid in ids}
    for pk, unit_id, type_id, title, due, done_at, status in qs.order_by("due", "id").values_list(
        "pk", "unit_id", "source_type_id", "title", "due", "done_at", "status"
    ):
        ct = ContentType.objects.get_for_id(type_id)
        out[unit_id].append(
            Task(
                id=pk,
                unit_id=unit_id,
                source=f"{ct.app_label}.{ct.model}",
                title=title,
                due=due,
                done_on=timezone.localtime(done_at).date() if done_at and status in DONE_STATES else None,
            )
        )
    return {uid: tuple(rows) for uid, rows in out.items()}
