"""Deadlines of a complaint in working days (domain.md §5), from the editable SlaLimit table.

One function decides every deadline: `step_due()`. The case page, the reminders (`sendslareminders`),
the daily auto-close (`closeansweredcomplaints`), the reporter's "satisfied / not satisfied" and the
reports all read it through `deadlines()` / `reporter_window()`.

Pauses (the case waits for the reporter) are added in whole working days, but only to the steps they
delayed: a pause extends a step's deadline when it started while the step was open (after the step
opened, before it was done) and before that deadline had passed. A later pause never turns a missed
deadline into a met one. The reporter's 10-working-day window opens at the answer, so only the part of a
pause after the answer extends it. A pause still running counts up to now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.core.calendar import pemda_calendar
from sewaka.core.workdays import Calendar
from sewaka.organisations.models import Unit

from .models import ComplaintEvent, SlaLimit
from .transitions import Status

REPORTER_WINDOW = "tanggapan_pelapor"
DEFAULTS = {
    "verifikasi": ("Verifikasi pengaduan", 3, False),
    "jawaban_pertama": ("Jawaban/tindak lanjut pertama", 5, False),
    "tanggapan_pelapor": ("Tanggapan pelapor atas jawaban", 10, False),
    "ringan": ("Ringan", 2, True),
    "normatif": ("Normatif", 5, True),
    "tidak_berkadar": ("Tidak berkadar pengawasan", 14, True),
    "berkadar": ("Berkadar pengawasan / perlu pemeriksaan", 60, True),
}


def _own_then_shared(pemda_id: int | None) -> Q:
    return Q(pemda__isnull=True) | Q(pemda_id=pemda_id) if pemda_id else Q(pemda__isnull=True)


def limits(pemda_id: int | None = None) -> dict[str, int]:
    """key → working days for the pemda `pemda_id`: its own rows, else the installation's default rows (no
    pemda), else the built-in defaults (ADR 0005). One query."""

    table: dict[str, int] = {key: days for key, (_label, days, _c) in DEFAULTS.items()}
    rows = SlaLimit.objects.filter(_own_then_shared(pemda_id)).values_list("key", "working_days", "pemda_id")
    table |= {key: days for key, days, owner in rows if owner is None}
    return table | {key: days for key, days, owner in rows if owner is not None}


def limit_rows(pemda_id: int | None, *, classification_only: bool = False) -> list[SlaLimit]:
    """The rows in force for the pemda: its own, and the default rows for keys it has not set."""
    qs = SlaLimit.objects.filter(_own_then_shared(pemda_id))
    if classification_only:
        qs = qs.filter(is_classification=True)
    by_key: dict[str, SlaLimit] = {}
    for row in qs:
        if row.pemda_id is not None or row.key not in by_key:
            by_key[row.key] = row
    return sorted(by_key.values(), key=lambda r: (not r.is_classification, r.working_days, r.key))


class PemdaSettings:
    """The calendar and the limits of each pemda, each read once: a caller walking many cases keeps one
    (its queries do not grow with the cases: one for the roots, then one calendar and one table per pemda)."""

    def __init__(self) -> None:
        self._single: int | None = None
        self._root_of: dict[int, int] | None = None  # unit id → pemda id, read only with several pemda
        self._read = False
        self._calendars: dict[int | None, Calendar] = {}
        self._limits: dict[int | None, dict[str, int]] = {}

    def pemda_id(self, complaint) -> int | None:
        """The pemda of the case: that of its handling unit, else of the receiving or reported unit, else the
        installation's one pemda. No query when that unit was read with the case (select_related)."""
        for field in ("handling_unit", "receiving_unit", "reported_unit"):
            if getattr(complaint, f"{field}_id", None) is not None:
                if complaint._meta.get_field(field).is_cached(complaint):
                    return getattr(complaint, field).root_id
                break
        if not self._read:
            roots = list(Unit.objects.filter(parent__isnull=True).values_list("pk", flat=True)[:2])
            if len(roots) == 1:
                self._single = roots[0]
            elif roots:
                self._root_of = {pk: _root(pk, path) for pk, path in Unit.objects.values_list("pk", "path")}
            self._read = True
        if self._root_of is None:
            return self._single
        unit_id = complaint.handling_unit_id or complaint.receiving_unit_id or complaint.reported_unit_id
        return self._root_of.get(unit_id) if unit_id else None

    def calendar(self, complaint) -> Calendar:
        pid = self.pemda_id(complaint)
        if pid not in self._calendars:
            self._calendars[pid] = pemda_calendar(pid)
        return self._calendars[pid]

    def limits(self, complaint) -> dict[str, int]:
        pid = self.pemda_id(complaint)
        if pid not in self._limits:
            self._limits[pid] = limits(pid)
        return self._limits[pid]


def _root(pk: int, path: str) -> int:
    head = path.split(".")[0] if path else ""
    return int(head) if head.isdigit() else pk


def calendar_of(complaint) -> Calendar:
    """The working-day calendar of the case's pemda."""
    return PemdaSettings().calendar(complaint)


def limits_of(complaint) -> dict[str, int]:
    """The limits in force for the case's pemda."""
    return PemdaSettings().limits(complaint)


@dataclass(frozen=True)
class Pause:
    start: datetime
    end: datetime | None = None  # None: still waiting for the reporter


def step_due(
    calendar: Calendar,
    *,
    opened_at: datetime,
    days: int,
    met_at: datetime | None,
    pauses: Iterable[Pause],
    now: datetime,
) -> tuple[datetime, int]:
    """(deadline, working days added by pauses): 23:59:59 WITA on the `days`-th working day after
    `opened_at` (day 0), plus the working days of each pause that started while the step was open and
    before its (so far extended) deadline."""
    extra = 0
    due = calendar.deadline(opened_at, days)
    for pause in sorted(pauses, key=lambda p: p.start):
        end = pause.end or now
        if end <= opened_at or (met_at is not None and pause.start >= met_at):
            continue  # over before the step opened, or began after it was done
        start = max(pause.start, opened_at)
        if start > due:
            break  # the deadline had already passed: waiting now does not excuse it
        extra += calendar.pause_working_days(start, max(end, start))
        due = calendar.deadline(opened_at, days, extra)
    return due, extra


def pauses(complaint) -> list[Pause]:
    """The case's pauses from its history (a pause event, then the resume event that ended it)."""

    if complaint.paused_since is None and not complaint.paused_working_days:
        return []  # never paused for a whole working day: nothing can move
    events = getattr(complaint, "pause_events", None)
    if events is None:
        events = complaint.events.filter(
            kind__in=(ComplaintEvent.Kind.PAUSE, ComplaintEvent.Kind.RESUME)
        ).order_by("at", "id")
    out, start = [], None
    for event in events:
        if event.kind == ComplaintEvent.Kind.PAUSE and start is None:
            start = event.at
        elif event.kind == ComplaintEvent.Kind.RESUME and start is not None:
            out.append(Pause(start, event.at))
            start = None
    if complaint.paused_since is not None:
        out.append(Pause(start or complaint.paused_since))
    return out


def with_pauses(queryset):
    """Prefetch the pause history read by `pauses()` (one query for a whole list)."""

    return queryset.prefetch_related(
        Prefetch(
            "events",
            queryset=ComplaintEvent.objects.filter(
                kind__in=(ComplaintEvent.Kind.PAUSE, ComplaintEvent.Kind.RESUME)
            ).order_by("at", "id"),
            to_attr="pause_events",
        )
    )


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    due: datetime
    met_at: datetime | None
    days_left: int  # working days from today (negative when overdue)
    paused_days: int = 0  # working days added because the case waited for the reporter
    past: bool = False  # the deadline has passed (now > due)

    @property
    def overdue(self) -> bool:
        return self.met_at is None and self.past

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)

    @property
    def on_handlers(self) -> bool:
        """A deadline of the handling unit (the reporter's window is the reporter's, not a measure of
        the unit's service: performance figures leave it out)."""
        return self.key != REPORTER_WINDOW

    @property
    def met_late(self) -> bool:
        return self.met_at is not None and self.met_at > self.due


class _Context:
    """What every deadline of one case needs, read once."""

    def __init__(self, complaint, now, calendar=None, table=None, settings: PemdaSettings | None = None):
        self.now = now or timezone.now()
        settings = settings or PemdaSettings()
        self.calendar = calendar or settings.calendar(complaint)
        self.table = table if table is not None else settings.limits(complaint)
        self.pauses = pauses(complaint)
        self.today = timezone.localtime(self.now).date()

    def make(self, key, label, opened_at, days, met_at) -> Deadline:
        due, paused = step_due(
            self.calendar, opened_at=opened_at, days=days, met_at=met_at, pauses=self.pauses, now=self.now
        )
        left = self.calendar.working_days_between(self.today, timezone.localtime(due).date())
        return Deadline(key, label, due, met_at, left, paused, self.now > due)


def _reporter_window(complaint, ctx: _Context) -> Deadline | None:
    if complaint.answered_at is None:
        return None
    return ctx.make(
        REPORTER_WINDOW,
        _("Tanggapan pelapor"),
        complaint.answered_at,
        ctx.table[REPORTER_WINDOW],
        complaint.closed_at if complaint.status != Status.DIJAWAB else None,
    )


def reporter_window(
    complaint, *, now=None, calendar=None, table=None, settings: PemdaSettings | None = None
) -> Deadline | None:
    """Until when the reporter may answer "satisfied / not satisfied" (None before any answer).
    After it the case is closed as selesai by `closeansweredcomplaints`."""
    return _reporter_window(complaint, _Context(complaint, now, calendar, table, settings))


def deadlines(
    complaint,
    *,
    now: datetime | None = None,
    calendar: Calendar | None = None,
    table: dict[str, int] | None = None,
    settings: PemdaSettings | None = None,
) -> list[Deadline]:
    """The case's deadlines, by the calendar and limits of its pemda. A caller walking many cases passes one
    `settings` (`PemdaSettings()`), and prefetches the pauses with `with_pauses`; `calendar` and `table`
    override the pemda's (tests)."""
    ctx = _Context(complaint, now, calendar, table, settings)
    out = [
        ctx.make(
            "verifikasi",
            _("Verifikasi"),
            complaint.received_at,
            ctx.table["verifikasi"],
            complaint.verified_at,
        ),
        ctx.make(
            "jawaban_pertama",
            _("Jawaban pertama"),
            complaint.received_at,
            ctx.table["jawaban_pertama"],
            complaint.first_answer_at,
        ),
    ]
    if complaint.classification_id:
        cls = complaint.classification
        out.append(
            ctx.make(
                "penyelesaian",
                _("Penyelesaian (%(c)s)") % {"c": cls.label},
                complaint.received_at,
                ctx.table.get(cls.key, cls.working_days),  # the limit in force for the case's pemda
                complaint.answered_at,
            )
        )
    window = _reporter_window(complaint, ctx) if complaint.status == Status.DIJAWAB else None
    if window is not None:
        out.append(window)
    return out
