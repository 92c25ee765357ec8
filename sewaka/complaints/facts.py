"""Public facts of complaints per handling unit and year (PermenPANRB 62/2018). Other apps read these, never
the models. Pure reads: no user, no access check, no personal data and no case text — callers scope the
units they pass. Deadlines come from the one rule, `sla.deadlines`, with the handlers' deadlines only
(`Deadline.on_handlers`: the reporter's window measures the reporter, not the unit).

Bulk-friendly, a constant number of queries whatever the number of units or cases:

- `complaints(units, year, subtree=False)` → {unit id: UnitComplaints} (cases received in `year`);
- `overdue_now(units, subtree=False)` → {unit id: tuple of OverdueCase} (open cases past a deadline now);
- `received_between(units, start, end)` → {unit id: WindowComplaints} (cases received in [start, end], with
  the working days to the first answer, per service too);
- `open_deadlines(scope)` → every open case matching `scope` (a filter on Complaint the caller builds from
  the access rules, e.g. `organisations.access.handled_scope(user)`) with its next handlers' deadline.

With `subtree=True` a unit's figures include the cases handled by the units beneath it (a perangkat daerah
and its UPT/puskesmas); otherwise only the cases whose handling unit is exactly that unit. Spam is left out.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone

from sewaka.core.db import Ids
from sewaka.organisations.models import Unit

from . import sla
from .models import Channel, Complaint
from .transitions import OPEN, Status


@dataclass(frozen=True)
class UnitComplaints:
    """Complaints received in `year` by one unit (or its subtree).

    Over every handlers' deadline of those cases: `deadlines_met` (met in time), `deadlines_late` (met
    after it passed), `deadlines_overdue` (passed and still not met, as of `now`); `deadlines_counted` is
    their sum and `sla_percent` the share met in time (None without any). A case is `answered` when an
    answer was sent, and `answered_within_deadline` when it was answered and none of its handlers'
    deadlines was met late or missed.
    """

    unit_id: int
    year: int
    received: int
    by_status: tuple[tuple[str, int], ...]  # (Status value, cases), most first
    by_channel: tuple[tuple[str, int], ...]  # (Channel value, cases), most first
    answered: int
    answered_within_deadline: int
    deadlines_met: int
    deadlines_late: int
    deadlines_overdue: int

    @property
    def by_status_labels(self) -> tuple[tuple[str, int], ...]:
        """`by_status` with the Indonesian labels (never the stored values)."""
        labels = dict(Status.choices)
        return tuple((str(labels.get(v, v)), n) for v, n in self.by_status)

    @property
    def by_channel_labels(self) -> tuple[tuple[str, int], ...]:
        labels = dict(Channel.choices)
        return tuple((str(labels.get(v, v)), n) for v, n in self.by_channel)

    @property
    def deadlines_counted(self) -> int:
        return self.deadlines_met + self.deadlines_late + self.deadlines_overdue

    @property
    def sla_percent(self) -> int | None:
        counted = self.deadlines_counted
        return round(100 * self.deadlines_met / counted) if counted else None


@dataclass(frozen=True)
class OverdueCase:
    """An open case with a handlers' deadline past now: the first such deadline. Never its code or text."""

    complaint_id: int
    unit_id: int | None  # the handling unit (None: still at the pemda's triage)
    received_at: datetime
    status: str
    deadline_key: str
    deadline_label: str
    due: datetime
    days_late: int  # working days past the deadline


def _ids(units: Iterable) -> list[int]:
    return list(dict.fromkeys(u if isinstance(u, int) else u.pk for u in units))


def _scope(units: Iterable, subtree: bool):
    """(unit ids, a Q over Complaint selecting the cases of those units, case path → [unit ids])."""
    units = list(units)
    ids = _ids(units)
    if not subtree:
        return ids, Q(handling_unit_id__in_ids=Ids(ids)), None
    paths = {u.path: u.pk for u in units if not isinstance(u, int) and getattr(u, "path", None)}
    missing = [i for i in ids if i not in paths.values()]
    if missing:
        paths.update(
            {p: pk for pk, p in Unit.objects.filter(pk__in_ids=Ids(missing)).values_list("pk", "path")}
        )
    roots = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
    q = Q(pk__in=[])
    for root in roots:
        q |= Q(handling_unit__path__startswith=root)

    def owners(case_path: str | None) -> list[int]:
        if not case_path:
            return []
        prefixes = [case_path[: i + 1] for i, ch in enumerate(case_path) if ch == "."]
        return [paths[p] for p in prefixes if p in paths]

    return ids, q, owners


def _cases(q: Q):
    return sla.with_pauses(
        Complaint.objects.filter(q, is_spam=False).select_related("classification", "handling_unit")
    )


def complaints(
    units: Iterable, year: int, *, subtree: bool = False, now: datetime | None = None
) -> dict[int, UnitComplaints]:
    """{unit id: UnitComplaints} for `units` (every id gets an entry). Four queries."""
    ids, q, owners = _scope(units, subtree)
    now = now or timezone.now()
    settings = sla.PemdaSettings()
    acc = {
        uid: {
            "received": 0,
            "status": {},
            "channel": {},
            "answered": 0,
            "in_time": 0,
            "met": 0,
            "late": 0,
            "overdue": 0,
        }
        for uid in ids
    }
    for case in _cases(q & Q(received_at__year=year)):
        targets = (
            owners(case.handling_unit.path if case.handling_unit else None)
            if owners
            else [case.handling_unit_id]
        )
        met = late = overdue = 0
        for d in sla.deadlines(case, now=now, settings=settings):
            if not d.on_handlers:
                continue
            if d.met_at is not None:
                met += int(not d.met_late)
                late += int(d.met_late)
            elif d.overdue:
                overdue += 1
        for uid in targets:
            a = acc.get(uid)
            if a is None:
                continue
            a["received"] += 1
            a["status"][case.status] = a["status"].get(case.status, 0) + 1
            a["channel"][case.channel] = a["channel"].get(case.channel, 0) + 1
            if case.answered_at is not None:
                a["answered"] += 1
                a["in_time"] += int(not late and not overdue)
            a["met"] += met
            a["late"] += late
            a["overdue"] += overdue

    def ranked(counts: dict) -> tuple[tuple[str, int], ...]:
        return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    return {
        uid: UnitComplaints(
            unit_id=uid,
            year=year,
            received=a["received"],
            by_status=ranked(a["status"]),
            by_channel=ranked(a["channel"]),
            answered=a["answered"],
            answered_within_deadline=a["in_time"],
            deadlines_met=a["met"],
            deadlines_late=a["late"],
            deadlines_overdue=a["overdue"],
        )
        for uid, a in acc.items()
    }


def overdue_now(
    units: Iterable, *, subtree: bool = False, now: datetime | None = None
) -> dict[int, tuple[OverdueCase, ...]]:
    """{unit id: open cases with a handlers' deadline past `now`, most days late first}. Four queries."""
    ids, q, owners = _scope(units, subtree)
    now = now or timezone.now()
    settings = sla.PemdaSettings()
    out: dict[int, list[OverdueCase]] = {uid: [] for uid in ids}
    for case in _cases(q & Q(status__in=OPEN)):
        late = next(
            (d for d in sla.deadlines(case, now=now, settings=settings) if d.on_handlers and d.overdue),
            None,
        )
        if late is None:
            continue
        fact = OverdueCase(
            complaint_id=case.pk,
            unit_id=case.handling_unit_id,
            received_at=case.received_at,
            status=case.status,
            deadline_key=late.key,
            deadline_label=str(late.label),
            due=late.due,
            days_late=late.days_late,
        )
        for uid in (
            owners(case.handling_unit.path if case.handling_unit else None)
            if owners
            else [case.handling_unit_id]
        ):
            if uid in out:
                out[uid].append(fact)
    return {uid: tuple(sorted(rows, key=lambda c: (-c.days_late, c.due))) for uid, rows in out.items()}


@dataclass(frozen=True)
class HandlerDeadline:
    """One handlers' deadline of a case received in the range (the obligations tracker lists them): the
    case is named only by its number, never its code or text."""

    complaint_id: int
    unit_id: int
    key: str
    label: str
    due: datetime
    met_at: datetime | None
    past: bool  # the deadline has passed as of `now`

    @property
    def met_in_time(self) -> bool:
        return self.met_at is not None and self.met_at <= self.due


def handler_deadlines(
    units: Iterable, start, end, *, now: datetime | None = None
) -> dict[int, tuple[HandlerDeadline, ...]]:
    """{unit id: every handlers' deadline of the cases it handles received in [start, end] (dates, WITA)}.
    Four queries whatever the number of units or cases."""
    ids, q, _owners = _scope(units, False)
    now = now or timezone.now()
    settings = sla.PemdaSettings()
    out: dict[int, list[HandlerDeadline]] = {uid: [] for uid in ids}
    for case in _cases(q & Q(received_at__date__gte=start, received_at__date__lte=end)):
        for d in sla.deadlines(case, now=now, settings=settings):
            if d.on_handlers:
                out[case.handling_unit_id].append(
                    HandlerDeadline(
                        case.pk, case.handling_unit_id, d.key, str(d.label), d.due, d.met_at, d.past
                    )
                )
    return {uid: tuple(sorted(rows, key=lambda d: (d.due, d.complaint_id))) for uid, rows in out.items()}


@dataclass(frozen=True)
class OpenDeadline:
    """An open case and the handlers' deadline it is measured against now: the first one past (as
    `overdue_now` picks it) or, when none has passed, the next unmet one. Never its code or text."""

    complaint_id: int
    unit_id: int | None  # the handling unit (None: still at the pemda's triage)
    unit_path: str | None
    status: str
    deadline_key: str
    deadline_label: str
    due: datetime
    past: bool  # the deadline has passed and is not met
    days_late: int  # working days past the deadline (0 while not past)
    days_left: int  # working days until the deadline (negative when past)


def open_deadlines(scope: Q, *, now: datetime | None = None) -> tuple[OpenDeadline, ...]:
    """Open cases matching `scope` with their deadline (see OpenDeadline), most days late first, then the
    earliest due. A case whose handlers' deadlines are all met is left out. Four queries."""
    now = now or timezone.now()
    settings = sla.PemdaSettings()
    out: list[OpenDeadline] = []
    for case in _cases(scope & Q(status__in=OPEN)):
        unmet = [
            d for d in sla.deadlines(case, now=now, settings=settings) if d.on_handlers and d.met_at is None
        ]
        if not unmet:
            continue
        d = next((d for d in unmet if d.overdue), None) or min(unmet, key=lambda d: d.due)
        out.append(
            OpenDeadline(
                complaint_id=case.pk,
                unit_id=case.handling_unit_id,
                unit_path=case.handling_unit.path if case.handling_unit else None,
                status=case.status,
                deadline_key=d.key,
                deadline_label=str(d.label),
                due=d.due,
                past=d.overdue,
                days_late=d.days_late if d.overdue else 0,
                days_left=d.days_left,
            )
        )
    return tuple(sorted(out, key=lambda c: (-c.days_late, c.due, c.complaint_id)))


def answer_working_days(case, settings: sla.PemdaSettings) -> int | None:
    """Working days from receipt (day 0, as for the deadlines) to the first answer, pauses not deducted; None
    while unanswered. The one rule of the complaints report's median and of `received_between`."""
    if case.first_answer_at is None:
        return None
    return settings.calendar(case).working_days_between(
        timezone.localtime(case.received_at).date(), timezone.localtime(case.first_answer_at).date()
    )


@dataclass(frozen=True)
class CaseTimes:
    """Cases received and the working days each answered one took to its first answer (ascending)."""

    received: int
    answer_days: tuple[int, ...]

    @property
    def answered(self) -> int:
        return len(self.answer_days)

    @property
    def median_answer_days(self) -> float | int | None:
        """The median (as the complaints report shows it), None without an answered case."""
        return statistics.median(self.answer_days) if self.answer_days else None


@dataclass(frozen=True)
class WindowComplaints:
    """Cases received in [start, end] (local dates, WITA) by one unit and the units beneath it (as the
    complaints report filtered on that unit counts them), spam left out; `services`: (service id, CaseTimes)
    of those cases that record a service, by service id."""

    unit_id: int
    start: date
    end: date
    total: CaseTimes
    services: tuple[tuple[int, CaseTimes], ...]

    def service(self, service_id: int) -> CaseTimes:
        return dict(self.services).get(service_id, CaseTimes(0, ()))


def received_between(units: Iterable, start: date, end: date) -> dict[int, WindowComplaints]:
    """{unit id: WindowComplaints} for `units` (every id gets an entry): what `selectors.report(unit=…,
    start=…, end=…)` counts (`total`, `median_answer_days`) for each unit, without a user. At most five
    queries whatever the number of units or cases (the units' paths when given as ids, the cases, their
    pauses, the pemda's calendar)."""
    ids, q, owners = _scope(units, True)
    settings = sla.PemdaSettings()
    acc: dict[int, tuple[list[int], list[int], dict[int, tuple[list[int], list[int]]]]] = {
        uid: ([], [], {}) for uid in ids
    }
    for case in _cases(q & Q(received_at__date__gte=start, received_at__date__lte=end)):
        days = answer_working_days(case, settings)
        for uid in owners(case.handling_unit.path if case.handling_unit else None):
            received, answered, services = acc[uid]
            received.append(case.pk)
            if days is not None:
                answered.append(days)
            if case.service_id is not None:
                s_received, s_answered = services.setdefault(case.service_id, ([], []))
                s_received.append(case.pk)
                if days is not None:
                    s_answered.append(days)
    return {
        uid: WindowComplaints(
            unit_id=uid,
            start=start,
            end=end,
            total=CaseTimes(len(received), tuple(sorted(answered))),
            services=tuple(
                (sid, CaseTimes(len(r), tuple(sorted(a)))) for sid, (r, a) in sorted(services.items())
            ),
        )
        for uid, (received, answered, services) in acc.items()
    }


# The stored values and labels of channels and statuses, for other apps' column headings.
CHANNELS = Channel.choices
STATUSES = Status.choices


@dataclass(frozen=True)
class MonthComplaints:
    """Counts of the cases one unit handles received in one month (WITA): no case, no text, no identity.
    A case without a handling unit yet is counted at its receiving unit (the triage desk)."""

    unit_id: int
    month: date  # the first day of the month
    received: int
    by_channel: dict[str, int]
    by_status: dict[str, int]
    answered: int
    answered_within_deadline: int


def monthly(*, start: date | None = None, end: date | None = None, now: datetime | None = None):
    """Every (unit, month) with cases received in [start, end], oldest month first (open data). The same
    rule as `complaints` for "answered within deadline" (answered, no handlers' deadline late or overdue).
    Four queries whatever the number of cases."""
    now = now or timezone.now()
    settings = sla.PemdaSettings()
    q = Q(handling_unit__isnull=False) | Q(receiving_unit__isnull=False)
    if start is not None:
        q &= Q(received_at__date__gte=start)
    if end is not None:
        q &= Q(received_at__date__lte=end)
    acc: dict[tuple[int, date], dict] = {}
    for case in _cases(q):
        day = timezone.localtime(case.received_at).date()
        key = (case.handling_unit_id or case.receiving_unit_id, day.replace(day=1))
        a = acc.setdefault(key, {"received": 0, "channel": {}, "status": {}, "answered": 0, "in_time": 0})
        a["received"] += 1
        a["channel"][case.channel] = a["channel"].get(case.channel, 0) + 1
        a["status"][case.status] = a["status"].get(case.status, 0) + 1
        if case.answered_at is not None:
            a["answered"] += 1
            missed = any(
                (d.met_at is not None and d.met_late) or (d.met_at is None and d.overdue)
                for d in sla.deadlines(case, now=now, settings=settings)
                if d.on_handlers
            )
            a["in_time"] += int(not missed)
    return tuple(
        MonthComplaints(uid, month, a["received"], a["channel"], a["status"], a["answered"], a["in_time"])
        for (uid, month), a in sorted(acc.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    )
