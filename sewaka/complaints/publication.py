"""The public face of complaints (domain.md §5), read by Open311 and any other public listing.

The only module that lets a case leave the handlers' pages without the tracking code, so the rules live here:
- only **biasa** cases are ever published; rahasia and anonim are never listed nor found by id (nor spam, nor a
  case merged into another);
- a case is known publicly by its random `public_id`, never by its tracking code or its primary key;
- no identity, ever; the reporter's text, media link and the handlers' public replies only when the reporter
  agreed to publication (`consent_publish`), otherwise a neutral text (the service or unit complained about)
  and the status label.

`submit_request` is the one write: a complaint from a client application, through `complaint_submit`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Max, Q
from django.utils.translation import gettext as _

from sewaka.organisations.models import Unit

from .facts import open_deadlines
from .models import Channel, Complaint, ComplaintEvent, Privacy
from .services import complaint_submit
from .transitions import OPEN, Status

PUBLIC_HISTORY = (ComplaintEvent.Kind.PUBLIC_REPLY, ComplaintEvent.Kind.TRANSITION)


@dataclass(frozen=True)
class PublishedCase:
    """What the public may know of a biasa case. Never its code, its pk or its reporter."""

    public_id: str
    status: str  # Status value
    is_open: bool
    unit: Unit | None  # the unit complained about (the service's unit), else the handling unit
    service_id: int | None
    handling_unit: Unit | None  # None: still at the pemda's triage
    agency: str  # the handling unit's name, else the pemda's (its triage)
    description: str  # the reporter's text with consent, else a neutral text
    media_url: str
    status_note: str
    lat: Decimal | None  # the case's own location, else the handling unit's (else the unit's)
    long: Decimal | None
    address: str
    requested_at: datetime
    updated_at: datetime
    expected_at: datetime | None  # the next handlers' deadline of an open case

    @property
    def status_label(self) -> str:
        return str(dict(Status.choices).get(self.status, self.status))


def published() -> Q:
    """The cases that may ever be shown publicly."""
    return Q(privacy=Privacy.BIASA, is_spam=False, merged_into__isnull=True)


def _neutral(case: Complaint) -> str:
    if case.service is not None:
        return _("Pengaduan tentang layanan %(service)s.") % {"service": case.service.name}
    unit = case.reported_unit or case.handling_unit
    if unit is not None:
        return _("Pengaduan tentang pelayanan %(unit)s.") % {"unit": unit.name}
    return _("Pengaduan pelayanan publik.")


def _located(case: Complaint, root: Unit | None) -> tuple[Decimal | None, Decimal | None, str]:
    if case.location_lat is not None:
        return case.location_lat, case.location_long, case.location_address
    for unit in (case.handling_unit, case.reported_unit, root):
        if unit is not None and unit.latitude is not None:
            return unit.latitude, unit.longitude, case.location_address or unit.address
    unit = case.handling_unit or case.reported_unit or root
    return None, None, case.location_address or (unit.address if unit else "")


def _cases(qs) -> list[PublishedCase]:
    cases = list(qs.select_related("service__unit", "reported_unit", "handling_unit"))
    if not cases:
        return []
    ids = [c.pk for c in cases]
    notes: dict[int, str] = {}
    for cid, text in (
        ComplaintEvent.objects.filter(
            complaint_id__in=ids, is_public=True, kind__in=PUBLIC_HISTORY, complaint__consent_publish=True
        )
        .exclude(text="")
        .order_by("at", "id")
        .values_list("complaint_id", "text")
    ):
        notes[cid] = text  # the latest wins
    last_event = dict(
        ComplaintEvent.objects.filter(complaint_id__in=ids, is_public=True)
        .values("complaint_id")
        .annotate(last=Max("at"))
        .values_list("complaint_id", "last")
    )
    due = {d.complaint_id: d.due for d in open_deadlines(Q(pk__in=ids))}
    roots = {u.path: u for u in Unit.objects.filter(parent__isnull=True)}
    out = []
    for c in cases:
        unit = c.service.unit if c.service is not None else (c.reported_unit or c.handling_unit)
        if unit is None:
            unit = next(iter(roots.values()), None) if len(roots) == 1 else None
        root = None
        anchor = c.handling_unit or unit
        if anchor is not None:
            root = roots.get(anchor.path_prefixes[0])
        lat, long, address = _located(c, root)
        label = str(dict(Status.choices).get(c.status, c.status))
        out.append(
            PublishedCase(
                public_id=c.public_id,
                status=c.status,
                is_open=c.status in OPEN,
                unit=unit,
                service_id=c.service_id,
                handling_unit=c.handling_unit,
                agency=c.handling_unit.name if c.handling_unit else (root.name if root else ""),
                description=c.what_happened if c.consent_publish else _neutral(c),
                media_url=c.media_url if c.consent_publish else "",
                status_note=notes.get(c.pk) or label,
                lat=lat,
                long=long,
                address=address,
                requested_at=c.received_at,
                updated_at=max(filter(None, [c.received_at, last_event.get(c.pk)])),
                expected_at=due.get(c.pk),
            )
        )
    return out


def published_cases(
    *,
    public_ids: Iterable[str] | None = None,
    services: Iterable[int] | None = None,
    units: Iterable[int] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    is_open: bool | None = None,
    limit: int = 1000,
) -> list[PublishedCase]:
    """Biasa cases, newest first. `services`: cases about these services; `units`: cases about these units
    without a service. A constant number of queries."""
    qs = Complaint.objects.filter(published())
    if public_ids is not None:
        qs = qs.filter(public_id__in=list(public_ids))
    scope = Q()
    if services is not None:
        scope |= Q(service_id__in=list(services))
    if units is not None:
        units = list(units)
        scope |= Q(service__isnull=True) & (
            Q(reported_unit_id__in=units) | Q(reported_unit__isnull=True, handling_unit_id__in=units)
        )
    if services is not None or units is not None:
        qs = qs.filter(scope)
    if start is not None:
        qs = qs.filter(received_at__gte=start)
    if end is not None:
        qs = qs.filter(received_at__lte=end)
    if is_open is not None:
        qs = qs.filter(status__in=OPEN) if is_open else qs.exclude(status__in=OPEN)
    return _cases(qs.order_by("-received_at", "-pk")[:limit])


def published_case(public_id: str) -> PublishedCase | None:
    """One biasa case by its public id; None for any other (rahasia and anonim are never found)."""
    found = _cases(Complaint.objects.filter(published(), public_id=str(public_id)[:32]))
    return found[0] if found else None


def public_id_of(complaint_pk: int) -> str:
    """The public id of a case the caller just stored (for its own receipt)."""
    return Complaint.objects.filter(pk=complaint_pk).values_list("public_id", flat=True).get()


def submit_request(
    *,
    idempotency_key: str,
    what_happened: str,
    privacy: str,
    reported_unit: Unit,
    service=None,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_email: str = "",
    consent_publish: bool = False,
    location_lat: Decimal | None = None,
    location_long: Decimal | None = None,
    location_address: str = "",
    media_url: str = "",
    base_url: str = "",
) -> tuple[Complaint, bool]:
    """A complaint from a client application (Open311): the normal citizen submission, channel open311."""
    return complaint_submit(
        what_happened=what_happened,
        idempotency_key=idempotency_key,
        privacy=privacy,
        channel=Channel.OPEN311,
        reported_unit=reported_unit,
        service=service,
        reporter_name=reporter_name,
        reporter_phone=reporter_phone,
        reporter_email=reporter_email,
        consent_publish=consent_publish,
        location_lat=location_lat,
        location_long=location_long,
        location_address=location_address,
        media_url=media_url,
        base_url=base_url,
    )
