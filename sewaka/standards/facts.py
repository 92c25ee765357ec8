"""Public facts of service standards and the Maklumat, per unit (house rule: other apps read these, never the
models). Pure reads: no user, no access check — callers scope the units they pass.

Bulk-friendly: every function takes many units (instances or primary keys) and returns a dict keyed by
unit id, in a constant number of queries whatever the number of units:

- `service_standards(units, year, today=None)` → {unit id: UnitStandards} (4 queries);
- `maklumat(units)` → {unit id: MaklumatFacts} (1 query);
- `service_terms(services)` → {service id: ServiceTerms} (2 queries): each version's service time and cost.

"The current standard" of a service is decided here and only here (`current_of`): the newest version that
is set (ditetapkan) or published. The standards pages, the obligations and the assessment pre-fill read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, TypeVar

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from sewaka.core.db import Ids
from sewaka.organisations.models import Service

from . import completeness
from .models import Maklumat, ServiceStandard, TimeUnit
from .transitions import EDITABLE, IN_FORCE, SET, MaklumatStatus, Status

# Statuses of a version that counts as the service's current standard (newest first wins).
CURRENT_STATUSES = IN_FORCE


class _Version(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def version(self) -> int: ...


V = TypeVar("V", bound=_Version)


def current_of(versions: Sequence[V]) -> V | None:
    """The current standard among a service's versions: the newest (highest version number) that is set
    (ditetapkan) or published; None when no version is set. Works on model instances or `StandardFact`s."""
    return max((v for v in versions if v.status in CURRENT_STATUSES), key=lambda v: v.version, default=None)


def review_due(status: str, reviewed_at: date | None, decree_date: date | None, months: int) -> date | None:
    """A set standard is due for review `months` months after penetapan or its last review."""
    base = reviewed_at or decree_date
    return base + relativedelta(months=months) if base and status in SET else None


def review_months() -> int:
    return int(getattr(settings, "SEWAKA_STANDARD_REVIEW_MONTHS", 12))


@dataclass(frozen=True)
class StandardFact:
    """One version of a service's standard.

    `completeness` is the pure check of `standards/completeness.py` (PEKPPP indicator 1 score and reason,
    the 14 component lines) as of `today`; `discussed` means a Forum Konsultasi Publik is linked to it;
    `channels` are the complaint channels named in its `pengaduan` component (stripped, as written);
    `review_due` is when it must be reviewed (set versions only).
    """

    id: int
    service_id: int
    version: int
    status: str
    decree_number: str
    decree_date: date | None
    reviewed_at: date | None
    review_note: str
    published_at: datetime | None
    discussed: bool
    channels: tuple[str, ...]
    review_due: date | None
    completeness: completeness.Completeness

    @property
    def is_set(self) -> bool:
        return self.status in CURRENT_STATUSES

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    def component_present(self, key: str) -> bool:
        line = next((x for x in self.completeness.components if x.key == key), None)
        return line is not None and line.state == completeness.PRESENT


@dataclass(frozen=True)
class ServiceStandards:
    """An active service of the unit with its versions (newest first) and the ones that matter.

    `current`: the newest set or published version (`current_of`); `draft`: the version being edited
    (draft or dibahas), if any; `newest`: the newest version whatever its status.
    """

    service_id: int
    service_name: str
    unit_id: int
    versions: tuple[StandardFact, ...]
    current: StandardFact | None
    draft: StandardFact | None
    review_overdue: bool  # the current version's review date has passed (as of `today`)

    @property
    def newest(self) -> StandardFact | None:
        return self.versions[0] if self.versions else None

    @property
    def has_published(self) -> bool:
        return any(v.status == Status.PUBLISHED for v in self.versions)

    @property
    def version_ids(self) -> tuple[int, ...]:
        return tuple(v.id for v in self.versions)


@dataclass(frozen=True)
class UnitStandards:
    """The standards of one unit for one year.

    `services`: its active services, by name; `reviewed_in_year`: how many of its standard versions were
    last reviewed in `year`; `as_of`: the reference date of the year (31 December, or today in the current
    year) that review ages are measured against.
    """

    unit_id: int
    year: int
    as_of: date
    services: tuple[ServiceStandards, ...]
    reviewed_in_year: int

    @property
    def without_set_standard(self) -> tuple[ServiceStandards, ...]:
        return tuple(s for s in self.services if s.current is None)

    @property
    def review_overdue(self) -> tuple[ServiceStandards, ...]:
        return tuple(s for s in self.services if s.review_overdue)


def unit_ids(units: Iterable) -> list[int]:
    """Primary keys of `units` (model instances or ints), in order, without duplicates."""
    out: dict[int, None] = {}
    for u in units:
        out[u if isinstance(u, int) else u.pk] = None
    return list(out)


def _year_end(year: int, today: date) -> date:
    return min(date(year, 12, 31), today)


def _channels(pengaduan) -> tuple[str, ...]:
    names = []
    for item in pengaduan or []:
        name = str(item.get("channel", "") if isinstance(item, dict) else item).strip()
        if name:
            names.append(name)
    return tuple(names)


def service_standards(units: Iterable, year: int, *, today: date | None = None) -> dict[int, UnitStandards]:
    """{unit id: UnitStandards} for `units` (every id given gets an entry). Four queries."""
    ids = unit_ids(units)
    today = today or timezone.localdate()
    months = review_months()
    services = list(
        Service.objects.filter(unit_id__in_ids=Ids(ids), is_active=True)
        .order_by("name", "id")
        .values("id", "name", "unit_id")
    )
    versions = list(
        ServiceStandard.objects.filter(service_id__in_ids=Ids([s["id"] for s in services])).order_by(
            "-version"
        )
    )
    discussed = set(
        ServiceStandard.objects.filter(
            pk__in_ids=Ids([v.pk for v in versions]), forums__isnull=False
        ).values_list("pk", flat=True)
    )
    by_service: dict[int, list[StandardFact]] = {}
    for v in versions:
        by_service.setdefault(v.service_id, []).append(
            StandardFact(
                id=v.pk,
                service_id=v.service_id,
                version=v.version,
                status=v.status,
                decree_number=v.decree_number,
                decree_date=v.decree_date,
                reviewed_at=v.reviewed_at,
                review_note=v.review_note,
                published_at=v.published_at,
                discussed=v.pk in discussed,
                channels=_channels(v.pengaduan),
                review_due=review_due(v.status, v.reviewed_at, v.decree_date, months),
                completeness=completeness.check(
                    v, discussed=v.pk in discussed, today=today, review_months=months
                ),
            )
        )
    rows: dict[int, list[ServiceStandards]] = {uid: [] for uid in ids}
    for s in services:
        facts = tuple(by_service.get(s["id"], ()))
        current = current_of(facts)
        draft = next((f for f in facts if f.status in EDITABLE), None)
        due = current.review_due if current is not None else None
        rows[s["unit_id"]].append(
            ServiceStandards(
                service_id=s["id"],
                service_name=s["name"],
                unit_id=s["unit_id"],
                versions=facts,
                current=current,
                draft=draft,
                review_overdue=bool(due and due < today),
            )
        )
    reviewed = dict(
        ServiceStandard.objects.filter(service__unit_id__in_ids=Ids(ids), reviewed_at__year=year)
        .values("service__unit_id")
        .annotate(n=Count("id"))
        .values_list("service__unit_id", "n")
        .order_by()
    )
    as_of = _year_end(year, today)
    return {
        uid: UnitStandards(
            unit_id=uid,
            year=year,
            as_of=as_of,
            services=tuple(rows[uid]),
            reviewed_in_year=reviewed.get(uid, 0),
        )
        for uid in ids
    }


@dataclass(frozen=True)
class MaklumatRecord:
    id: int
    status: str
    signed_on: date


@dataclass(frozen=True)
class MaklumatFacts:
    """Every Maklumat Pelayanan of one unit, newest signature first (UU 25/2009 Pasal 22).

    `current`: the newest set one (ditetapkan or published), what the unit page shows; `published`: the
    newest published one, what the public sees.
    """

    unit_id: int
    records: tuple[MaklumatRecord, ...]

    @property
    def current(self) -> MaklumatRecord | None:
        return next((m for m in self.records if m.status in CURRENT_STATUSES), None)

    @property
    def published(self) -> MaklumatRecord | None:
        return next((m for m in self.records if m.status == MaklumatStatus.PUBLISHED), None)

    def statuses_until(self, year: int) -> frozenset[str]:
        """Statuses of the Maklumat signed in `year` or before."""
        return frozenset(m.status for m in self.records if m.signed_on.year <= year)


def maklumat(units: Iterable) -> dict[int, MaklumatFacts]:
    """{unit id: MaklumatFacts} for `units` (every id gets an entry). One query."""
    ids = unit_ids(units)
    rows: dict[int, list[MaklumatRecord]] = {uid: [] for uid in ids}
    for pk, uid, status, signed_on in (
        Maklumat.objects.filter(unit_id__in_ids=Ids(ids))
        .order_by("-signed_on", "-id")
        .values_list("pk", "unit_id", "status", "signed_on")
    ):
        rows[uid].append(MaklumatRecord(pk, status, signed_on))
    return {uid: MaklumatFacts(uid, tuple(rows[uid])) for uid in ids}


@dataclass(frozen=True)
class StandardTerms:
    """The service time (jangka waktu) and cost (biaya/tarif) of one version of a service's standard.

    `effective_on`: the decree date, else the local date it was set (None: never set); `biaya`: its tariff
    lines as (item, amount, basis) as written."""

    id: int
    service_id: int
    version: int
    status: str
    decree_number: str
    decree_date: date | None
    effective_on: date | None
    jangka_waktu_value: int | None
    jangka_waktu_unit: str
    biaya_gratis: bool
    biaya: tuple[tuple[str, str, str], ...]

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def jangka_waktu(self) -> str | None:
        """ "14 hari kerja"; None when the version records no service time."""
        if self.jangka_waktu_value is None:
            return None
        unit = self.jangka_waktu_unit
        label = str(TimeUnit(unit).label) if unit in TimeUnit.values else unit
        return f"{self.jangka_waktu_value} {label}".strip()

    @property
    def biaya_text(self) -> str | None:
        """ "Gratis", or its tariff lines ("Retribusi: Rp 10.000 (Perda 1/2020)"; …); None when not recorded."""
        if self.biaya_gratis:
            return "Gratis"
        lines = []
        for item, amount, basis in self.biaya:
            text = ": ".join(x for x in (item, amount) if x)
            if basis:
                text = f"{text} ({basis})" if text else basis
            if text:
                lines.append(text)
        return "; ".join(lines) or None


@dataclass(frozen=True)
class ServiceTerms:
    """A service with every version of its standard, newest first."""

    service_id: int
    service_name: str
    unit_id: int
    versions: tuple[StandardTerms, ...]

    @property
    def current(self) -> StandardTerms | None:
        """The current standard (`current_of`)."""
        return current_of(self.versions)

    def in_force_on(self, day: date) -> StandardTerms | None:
        """The version in force on `day`: the newest that was set (now set, published or superseded) with
        its decree date (else the date it was set) on or before `day`."""
        return max(
            (
                v
                for v in self.versions
                if v.status in (*CURRENT_STATUSES, Status.SUPERSEDED)
                and v.effective_on is not None
                and v.effective_on <= day
            ),
            key=lambda v: v.version,
            default=None,
        )


def _items(biaya) -> tuple[tuple[str, str, str], ...]:
    out = []
    for item in biaya or []:
        if isinstance(item, dict):
            out.append(tuple(str(item.get(k, "") or "").strip() for k in ("item", "amount", "basis")))
        elif str(item).strip():
            out.append((str(item).strip(), "", ""))
    return tuple(out)  # type: ignore[arg-type]


def service_terms(services: Iterable) -> dict[int, ServiceTerms]:
    """{service id: ServiceTerms} for `services` (instances or ids; ids of unknown services are left out).
    Two queries whatever the number of services or versions."""
    ids = unit_ids(services)
    rows = list(Service.objects.filter(pk__in_ids=Ids(ids)).values_list("pk", "name", "unit_id"))
    versions: dict[int, list[StandardTerms]] = {}
    for v in (
        ServiceStandard.objects.filter(service_id__in_ids=Ids(ids))
        .order_by("service_id", "-version")
        .only(
            "service_id",
            "version",
            "status",
            "decree_number",
            "decree_date",
            "set_at",
            "jangka_waktu_value",
            "jangka_waktu_unit",
            "biaya_gratis",
            "biaya",
        )
    ):
        versions.setdefault(v.service_id, []).append(
            StandardTerms(
                id=v.pk,
                service_id=v.service_id,
                version=v.version,
                status=v.status,
                decree_number=v.decree_number,
                decree_date=v.decree_date,
                effective_on=v.decree_date or (timezone.localtime(v.set_at).date() if v.set_at else None),
                jangka_waktu_value=v.jangka_waktu_value,
                jangka_waktu_unit=v.jangka_waktu_unit,
                biaya_gratis=v.biaya_gratis,
                biaya=_items(v.biaya),
            )
        )
    order = {pk: i for i, pk in enumerate(ids)}
    return {
        pk: ServiceTerms(pk, name, unit_id, tuple(versions.get(pk, ())))
        for pk, name, unit_id in sorted(rows, key=lambda r: order[r[0]])
    }
