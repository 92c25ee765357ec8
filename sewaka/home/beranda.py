"""What each role must do now (issue 17 item 8): the blocks of the Beranda, one per role a user holds.

Every count shown is computed by the selector behind the list it links to, with the same filters as the
link (the late list: `worklist`; the obligations tracker: `obligations.selectors.tracker`; the readiness
forecast: `assessments.selectors.readiness_forecast`), so a count always equals the rows behind its link.
A constant number of queries whatever the number of units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from sewaka.assessments import selectors as assessments
from sewaka.obligations import evaluation as ev
from sewaka.obligations import selectors as obligations
from sewaka.obligations.models import LetterRecipient
from sewaka.organisations.access import Action, can
from sewaka.organisations.models import Unit
from sewaka.surveys.models import PeriodStatus
from sewaka.surveys.selectors import period_list

from .worklist import COMPLAINT_DEADLINE, SOURCES, Filters, Worklist, worklist

TOP = 5  # rows shown inline before "see all"


def link(name: str, query: str = "", args=None) -> str:
    """reverse() with a query; "" when the URL does not exist (an app not installed)."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return f"{url}?{query}" if query else url


@dataclass
class Late:
    """The late list in the user's scope: its count, the most late rows, the count per source."""

    count: int
    url: str
    top: list
    by_source: list[tuple[str, int, str]]  # (label, count, url)


def late_block(wl: Worklist) -> Late:
    by_source = [
        (str(SOURCES[k]), wl.by_source[k], Filters(source=k).url()) for k in SOURCES if wl.by_source.get(k)
    ]
    return Late(count=len(wl.items), url=Filters().url(), top=wl.items[:TOP], by_source=by_source)


@dataclass
class CityObligations:
    year: int
    units_missing: int  # units with at least one obligation missing
    url: str
    per_rule: list[tuple[str, int, str]]  # (obligation, units missing it, tracker link)
    letters_due: list[Unit] = field(default_factory=list)  # perangkat daerah with gaps, no letter this month
    letters_url: str = ""


def city_obligations(*, user, current: Unit | None, today: date) -> CityObligations | None:
    """Admin pemda: who has not met an obligation this year, and who has not been sent a letter this month."""
    pemda = obligations.pemda_of(user, current=current)
    if pemda is None or not can(user, Action.VIEW, pemda):
        return None
    view = ev.year_period(today.year)
    tr = obligations.tracker(user=user, pemda=pemda, view=view, state=ev.State.MISSING, today=today)
    base = f"tahun={today.year}&periode={view.key}"
    per_rule = []
    for n, rule in enumerate(tr.shown_rules):
        missing = tr.counts[n].get(ev.State.MISSING, 0)
        if missing:
            per_rule.append(
                (
                    rule.short_name,
                    missing,
                    link("obligations:tracker", f"{base}&kewajiban={rule.key}&status=missing"),
                )
            )
    with_gaps = [g.head for g in tr.groups if g.missing]
    sent = set(
        LetterRecipient.objects.filter(
            letter__pemda=pemda, letter__issued_on__year=today.year, letter__issued_on__month=today.month
        ).values_list("unit_id", flat=True)
    )
    return CityObligations(
        year=today.year,
        units_missing=tr.total,
        url=link("obligations:tracker", f"{base}&status=missing"),
        per_rule=per_rule,
        letters_due=[u for u in with_gaps if u.pk not in sent],
        letters_url=link("obligations:letters"),
    )


@dataclass
class UnitDuties:
    unit: Unit
    items: list  # (rule, cell), missing first, then by due date
    missing: int
    url: str
    open_periods: list


def unit_duties(*, user, unit: Unit, today: date) -> UnitDuties:
    """Operator: this unit's obligations this year with their due dates, and its open SKM periods."""
    view = ev.year_period(today.year)
    pairs = obligations.unit_obligations(user=user, unit=unit, view=view, today=today)
    order = {ev.State.MISSING: 0, ev.State.NOT_DUE: 1, ev.State.LATE: 2, ev.State.DONE: 3, ev.State.NA: 4}
    pairs = [p for p in pairs if p[1].state != ev.State.NA]
    pairs.sort(key=lambda p: (order[p[1].state], p[1].due or date.max))
    periods = list(period_list(user=user, unit=unit).filter(status=PeriodStatus.OPEN).order_by("end", "pk"))
    return UnitDuties(
        unit=unit,
        items=pairs,
        missing=sum(1 for _r, c in pairs if c.state == ev.State.MISSING),
        url=link("obligations:unit", f"periode={view.key}", args=[unit.pk]),
        open_periods=periods,
    )


@dataclass
class Visits:
    rows: list
    below: int  # units forecast in zona kuning or merah
    below_url: str
    all_url: str
    instrument: str


def units_to_visit(*, user, today: date) -> Visits | None:
    """Tim Monev: the units to visit, worst readiness forecast first (Ombudsman 2022–2024 method)."""
    instrument = assessments.default_forecast_instrument()
    if instrument is None:
        return None
    rows = assessments.readiness_forecast(user=user, instrument=instrument, year=today.year)
    return Visits(
        rows=rows[:TOP],
        below=sum(1 for r in rows if r.zone in ("kuning", "merah")),
        below_url=link("assessments:readiness", "zone=bawah"),
        all_url=link("assessments:readiness"),
        instrument=str(instrument),
    )


@dataclass
class Cases:
    overdue: int
    overdue_url: str
    open: int
    open_url: str
    top: list


def complaint_cases(*, user) -> Cases:
    """Pengelola pengaduan: the open cases they handle, by deadline (the late ones first)."""
    open_filters = Filters(source=COMPLAINT_DEADLINE, overdue_only=False, sort="tenggat")
    wl = worklist(user=user, filters=open_filters)
    late = [i for i in wl.items if i.overdue]
    ordered = late + [i for i in wl.items if not i.overdue]
    return Cases(
        overdue=len(late),
        overdue_url=Filters(source=COMPLAINT_DEADLINE).url(),
        open=len(wl.items),
        open_url=open_filters.url(),
        top=ordered[:TOP],
    )


def today() -> date:
    return timezone.localdate()
