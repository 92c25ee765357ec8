"""Evidence of an innovation's impact from Sewaka's own data (issue 18 item 2): before/after figures around
the start of implementation, each with its source and the periods or dates it covers. Nothing is
invented: a figure without data says "belum ada data".

Independent of the Innovation model: `impact()` takes plain values (the affected units, services and the
start date). It reads only the other apps' public facts (`surveys.facts.period_slices`,
`complaints.facts.received_between`, `standards.facts.service_terms`) and the unit names: a constant number
of queries whatever the number of units or services.

The windows (decided here, stated in the output):
- SKM (and the users recorded on a period): "before" is the unit's latest period that ENDED in the 12 months
  before the start date (end in [start − 12 months, start − 1 day]); "after" is its latest period that
  STARTED on or after the start date (and has started by `today`): the latest CLOSED one, else the open one
  (its figures are interim, the text says "masih dibuka"). A period spanning the
  start date is neither. Only periods with counted answers for the figure (for a service: that service's
  answers; for the users: a recorded population) are taken. The figures are the exact engine over the
  period's tally rows, the same call as the results page (`surveys.selectors.period_results`).
- Complaints: two windows of equal length, the days after the start (up to 12 months, cut at `today`) and
  as many days just before it; cases received by the unit and the units beneath it (as the complaints
  report filtered on the unit counts them), spam left out; time to answer = the MEDIAN of the working days
  from receipt (day 0) to the first answer (the report's rule).
- Standards: the version in force the day before the start (the newest set one whose decree date — else its
  setting date — is on or before that day) against the current one (`standards.facts.current_of`).
- Users: only the SKM period's population of the service records them (the standards' `jumlah pelaksana`
  is staff, not users; units record nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.complaints import facts as complaint_facts
from sewaka.core.templatetags.fmt import format_date
from sewaka.organisations.models import Unit
from sewaka.standards import facts as standard_facts
from sewaka.surveys import facts as survey_facts

if TYPE_CHECKING:
    from sewaka.surveys.ikm import IkmResult

SKM_LOOKBACK_MONTHS = 12
COMPLAINT_WINDOW_MONTHS = 12


def no_data() -> str:
    return _("belum ada data")


@dataclass(frozen=True)
class Side:
    """One side (before or after) of a figure.

    `value`: the raw figure (Decimal IKM/NRR, str mutu or text, int count, median days) or None when there
    is no data; `text`: what is shown (the figure, or "belum ada data"); `period`: the period or dates it
    covers ("" without data); `ref`: the SKM period or standard version id it comes from, if any.
    """

    value: Decimal | int | float | str | None
    text: str
    period: str = ""
    ref: int | None = None

    @property
    def missing(self) -> bool:
        return self.value is None


def _missing(period: str = "") -> Side:
    return Side(None, no_data(), period)


@dataclass(frozen=True)
class Figure:
    """One measured figure of a subject (a unit or a service), before and after the start."""

    subject: str
    label: str
    before: Side
    after: Side
    source: str

    @property
    def change(self) -> str:
        """ "naik", "turun", "tetap" for numeric figures on both sides, else "" (a word, never a colour)."""
        a, b = self.before.value, self.after.value
        if not isinstance(a, int | float | Decimal) or not isinstance(b, int | float | Decimal):
            return ""
        if isinstance(a, bool) or isinstance(b, bool):
            return ""
        if b > a:
            return _("naik")
        if b < a:
            return _("turun")
        return _("tetap")


@dataclass(frozen=True)
class Section:
    """A group of figures with one source: `key` is "skm", "complaints", "standards" or "users"; `method`
    says how the before/after periods were chosen; `note` what is missing as a whole (e.g. nothing records
    the users)."""

    key: str
    title: str
    method: str
    figures: tuple[Figure, ...]
    note: str = ""


@dataclass(frozen=True)
class Impact:
    """The evidence of impact. `complaints_before`/`complaints_after`: the (first, last) dates of the two
    complaint windows (`complaints_after` None when the start is after `today`); `skm_before`: the (first,
    last) end dates an SKM "before" period may have."""

    started_on: date
    today: date
    unit_ids: tuple[int, ...]
    service_ids: tuple[int, ...]
    skm_before: tuple[date, date]
    complaints_before: tuple[date, date] | None
    complaints_after: tuple[date, date] | None
    sections: tuple[Section, ...]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def figures(self, key: str, subject: str | None = None, label: str | None = None) -> tuple[Figure, ...]:
        return tuple(
            f
            for f in self.section(key).figures
            if (subject is None or f.subject == subject) and (label is None or f.label == label)
        )


# ------------------------------------------------------------------------------------------ formatting


def _dates(start: date, end: date) -> str:
    return f"{format_date(start)} – {format_date(end)}"


def _period_text(p: survey_facts.PeriodSlices, respondents: int | None = None) -> str:
    text = f"{p.name}: {_dates(p.start, p.end)}"
    if p.status != "closed":
        text += ", " + _("masih dibuka")
    if respondents is not None:
        text += ", " + _("%(n)s responden") % {"n": respondents}
    return text


def _mutu_text(mutu: str | None, kinerja: str | None) -> str | None:
    if not mutu:
        return None
    return f"{mutu} ({kinerja})" if kinerja else mutu


def _days_text(value: float | int) -> str:
    shown = format(Decimal(str(value)).normalize(), "f").replace(".", ",")
    return _("%(d)s hari kerja") % {"d": shown}


def _version_text(v: standard_facts.StandardTerms, current: bool) -> str:
    parts = [_("Versi %(v)s") % {"v": v.version}]
    if v.decree_number and v.decree_date:
        parts.append(_("SK %(n)s tanggal %(d)s") % {"n": v.decree_number, "d": format_date(v.decree_date)})
    elif v.effective_on:
        parts.append(_("ditetapkan %(d)s") % {"d": format_date(v.effective_on)})
    if current:
        parts.append(_("berlaku saat ini"))
    return ", ".join(parts)


# ---------------------------------------------------------------------------------------------- picking


def _pick(
    periods: Iterable[survey_facts.PeriodSlices],
    *,
    started_on: date,
    today: date,
    lookback_start: date,
    has: Callable[[survey_facts.PeriodSlices], bool],
) -> tuple[survey_facts.PeriodSlices | None, survey_facts.PeriodSlices | None]:
    """(before, after) periods: see the module's docstring. `periods` are oldest end first."""
    before = after = after_open = None
    for p in periods:
        if not has(p):
            continue
        if lookback_start <= p.end < started_on:
            before = p  # the latest wins
        elif started_on <= p.start <= today:
            if p.status == "closed":
                after = p
            else:
                after_open = p
    # A closed period's figures are final; an open one's only when nothing after the start has closed yet.
    return before, after or after_open


# ---------------------------------------------------------------------------------------------- figures


def _skm_figures(
    subject: str,
    before: survey_facts.PeriodSlices | None,
    after: survey_facts.PeriodSlices | None,
    result_of: Callable[[survey_facts.PeriodSlices], tuple[IkmResult, int]],
    source: str,
    *,
    with_unsur: bool,
) -> list[Figure]:
    sides: list[tuple[survey_facts.PeriodSlices, IkmResult, str] | None] = []
    for p in (before, after):
        if p is None:
            sides.append(None)
        else:
            result, n = result_of(p)
            sides.append((p, result, _period_text(p, n)))

    def side(entry, value, text) -> Side:  # type: ignore[no-untyped-def]
        if entry is None or value is None:
            return _missing(entry[2] if entry is not None else "")
        return Side(value, text, entry[2], entry[0].id)

    def both(label: str, get: Callable[[IkmResult], tuple[Decimal | str | None, str | None]]) -> Figure:
        out = []
        for entry in sides:
            value, text = get(entry[1]) if entry is not None else (None, None)
            out.append(side(entry, value, text))
        return Figure(subject, label, out[0], out[1], source)

    figures = [
        both(_("IKM"), lambda r: (r.ikm, survey_facts.format_id(r.ikm) if r.ikm is not None else None)),
        both(
            _("Mutu pelayanan"),
            lambda r: (r.mutu, _mutu_text(r.mutu, r.kinerja)),
        ),
    ]
    if with_unsur:
        for key in survey_facts.UNSUR_KEYS:
            figures.append(
                both(
                    _("NRR %(u)s (skala IKM)") % {"u": survey_facts.UNSUR_LABELS[key]},
                    lambda r, key=key: (
                        r.by_key(key).ikm_equiv,
                        survey_facts.format_id(r.by_key(key).ikm_equiv)
                        if r.by_key(key).ikm_equiv is not None
                        else None,
                    ),
                )
            )
    return figures


def impact(
    *, unit_ids: Iterable[int], service_ids: Iterable[int], started_on: date, today: date | None = None
) -> Impact:
    """The evidence of impact of an innovation of `unit_ids` (its unit and partner units) affecting
    `service_ids`, started on `started_on`, as of `today` (default: the local date). Pure reads, no access
    check: the caller shows it only to whom may see the innovation. A constant number of queries."""
    today = today or timezone.localdate()
    units = list(dict.fromkeys(int(u) for u in unit_ids))
    services = list(dict.fromkeys(int(s) for s in service_ids))

    terms = standard_facts.service_terms(services)  # services that exist, with their unit
    services = [s for s in services if s in terms]
    service_units = {s: terms[s].unit_id for s in services}
    wanted = list(dict.fromkeys([*units, *service_units.values()]))
    # Instances with their path: the complaints' subtree scope needs no further query.
    found = {u.pk: u for u in Unit.objects.filter(pk__in=wanted).only("pk", "name", "path")}
    all_units = [found[u] for u in wanted if u in found]
    names = {pk: u.name for pk, u in found.items()}
    units = [u for u in units if u in found]

    # SKM: the periods overlapping [lookback, today].
    lookback_start = started_on - relativedelta(months=SKM_LOOKBACK_MONTHS)
    slices = (
        survey_facts.period_slices(all_units, start=lookback_start, end=today, services=services)
        if all_units
        else {}
    )
    skm_source = _("Survei Kepuasan Masyarakat (SKM) di Sewaka: hasil periode (halaman Hasil SKM)")
    skm: list[Figure] = []
    for uid in units:
        before, after = _pick(
            slices.get(uid, ()),
            started_on=started_on,
            today=today,
            lookback_start=lookback_start,
            has=lambda p: p.respondents > 0,
        )
        skm += _skm_figures(
            names[uid], before, after, lambda p: (p.result, p.respondents), skm_source, with_unsur=True
        )
    skm_service_source = _("SKM di Sewaka: hasil per jenis layanan pada periode (halaman Hasil SKM)")
    users: list[Figure] = []
    users_source = _("Populasi pengguna layanan yang dicatat unit pada periode SKM di Sewaka")
    for sid in services:
        periods = slices.get(service_units[sid], ())

        def answered(p: survey_facts.PeriodSlices, sid: int = sid) -> bool:
            s = p.service(sid)
            return s is not None and s.respondents > 0

        def counted(p: survey_facts.PeriodSlices, sid: int = sid) -> bool:
            s = p.service(sid)
            return s is not None and bool(s.population)

        def of_service(p: survey_facts.PeriodSlices, sid: int = sid) -> tuple[IkmResult, int]:
            s = p.service(sid)
            assert s is not None  # picked only with answers
            return s.result, s.respondents

        before, after = _pick(
            periods, started_on=started_on, today=today, lookback_start=lookback_start, has=answered
        )
        skm += _skm_figures(
            terms[sid].service_name, before, after, of_service, skm_service_source, with_unsur=False
        )
        u_before, u_after = _pick(
            periods, started_on=started_on, today=today, lookback_start=lookback_start, has=counted
        )
        sides = []
        for p in (u_before, u_after):
            s = p.service(sid) if p is not None else None
            if p is None or s is None or not s.population:
                sides.append(_missing())
            else:
                sides.append(Side(s.population, f"{s.population:,}".replace(",", "."), _period_text(p), p.id))
        users.append(
            Figure(terms[sid].service_name, _("Jumlah pengguna layanan"), sides[0], sides[1], users_source)
        )

    # Complaints: equal windows.
    if started_on <= today:
        after_end = min(started_on + relativedelta(months=COMPLAINT_WINDOW_MONTHS) - timedelta(days=1), today)
        days = (after_end - started_on).days + 1
        c_after: tuple[date, date] | None = (started_on, after_end)
    else:
        c_after = None
        days = (started_on - (started_on - relativedelta(months=COMPLAINT_WINDOW_MONTHS))).days
    c_before = (started_on - timedelta(days=days), started_on - timedelta(days=1))
    windows = [
        complaint_facts.received_between(all_units, *w) if w is not None and all_units else None
        for w in (c_before, c_after)
    ]
    complaint_source = _("Pengaduan yang tercatat di Sewaka (laporan pengaduan unit, tanpa spam)")
    complaints: list[Figure] = []

    def complaint_pair(
        subject: str, of: Callable[[complaint_facts.WindowComplaints], complaint_facts.CaseTimes], uid: int
    ):
        count_sides, time_sides = [], []
        for w, window in zip((c_before, c_after), windows, strict=True):
            if window is None or w is None:
                count_sides.append(_missing())
                time_sides.append(_missing())
                continue
            period = _dates(*w)
            times = of(window[uid])
            count_sides.append(Side(times.received, str(times.received), period))
            median = times.median_answer_days
            if median is None:
                time_sides.append(_missing(period))
            else:
                answered = _("%(n)s pengaduan dijawab") % {"n": times.answered}
                time_sides.append(Side(median, _days_text(median), f"{period}; {answered}"))
        complaints.append(
            Figure(subject, _("Jumlah pengaduan diterima"), count_sides[0], count_sides[1], complaint_source)
        )
        complaints.append(
            Figure(
                subject,
                _("Waktu sampai jawaban pertama (median, hari kerja)"),
                time_sides[0],
                time_sides[1],
                complaint_source,
            )
        )

    for uid in units:
        complaint_pair(names[uid], lambda w: w.total, uid)
    for sid in services:
        complaint_pair(terms[sid].service_name, lambda w, sid=sid: w.service(sid), service_units[sid])

    # Standards: in force the day before the start vs current.
    standards: list[Figure] = []
    standard_source = _("Standar pelayanan di Sewaka (komponen jangka waktu dan biaya/tarif)")
    day_before = started_on - timedelta(days=1)
    for sid in services:
        t = terms[sid]
        old, new = t.in_force_on(day_before), t.current
        getters: tuple[tuple[str, Callable[[standard_facts.StandardTerms], str | None]], ...] = (
            (_("Jangka waktu pelayanan"), lambda v: v.jangka_waktu),
            (_("Biaya/tarif"), lambda v: v.biaya_text),
        )
        for label, get in getters:
            sides = []
            for v, current in ((old, False), (new, True)):
                text = get(v) if v is not None else None
                if v is None:
                    sides.append(_missing())
                elif text is None:
                    sides.append(_missing(_version_text(v, current)))
                else:
                    sides.append(Side(text, text, _version_text(v, current), v.id))
            standards.append(Figure(t.service_name, label, sides[0], sides[1], standard_source))

    return Impact(
        started_on=started_on,
        today=today,
        unit_ids=tuple(units),
        service_ids=tuple(services),
        skm_before=(lookback_start, started_on - timedelta(days=1)),
        complaints_before=c_before,
        complaints_after=c_after,
        sections=(
            Section(
                "skm",
                _("Survei Kepuasan Masyarakat"),
                _(
                    "Sebelum: periode SKM terakhir unit yang berakhir dalam %(m)s bulan sebelum "
                    "%(d)s; sesudah: periode SKM terakhir yang dimulai pada atau setelah %(d)s. Hanya "
                    "periode dengan jawaban yang dihitung."
                )
                % {"m": SKM_LOOKBACK_MONTHS, "d": format_date(started_on)},
                tuple(skm),
                "" if skm else _("Tidak ada unit atau layanan terdampak yang dipilih."),
            ),
            Section(
                "complaints",
                _("Pengaduan"),
                _(
                    "Dua rentang yang sama panjang: %(b)s (sebelum) dan %(a)s (sesudah); pengaduan yang "
                    "diterima unit dan unit di bawahnya. Waktu = median hari kerja dari diterima (hari ke-0) "
                    "sampai jawaban pertama. Jumlah 0 berarti tidak ada pengaduan yang tercatat di Sewaka."
                )
                % {
                    "b": _dates(*c_before),
                    "a": _dates(*c_after) if c_after else _("belum dimulai"),
                },
                tuple(complaints),
            ),
            Section(
                "standards",
                _("Standar pelayanan"),
                _(
                    "Sebelum: versi standar yang berlaku sehari sebelum %(d)s; sesudah: versi yang berlaku "
                    "saat ini."
                )
                % {"d": format_date(started_on)},
                tuple(standards),
                "" if services else _("Tidak ada layanan terdampak yang dipilih."),
            ),
            Section(
                "users",
                _("Jumlah pengguna layanan"),
                _(
                    "Populasi pengguna layanan yang dicatat pada periode SKM (periode dipilih seperti "
                    "pada SKM). Standar pelayanan dan data unit tidak mencatat jumlah pengguna."
                ),
                tuple(users),
                "" if services else _("Tidak ada layanan terdampak yang dipilih."),
            ),
        ),
    )


def impact_text(impact: Impact) -> str:
    """The evidence as plain Indonesian text for the proposal ("Signifikansi"): per section its method and
    source, then one line per figure ("subject — label: before (period) → after (period)")."""
    lines = [
        _("Dampak inovasi berdasarkan data Sewaka (mulai diterapkan %(d)s; data per %(t)s).")
        % {"d": format_date(impact.started_on), "t": format_date(impact.today)}
    ]
    for section in impact.sections:
        lines.append("")
        lines.append(f"{section.title}. {section.method}")
        if section.note:
            lines.append(section.note)
        sources = list(dict.fromkeys(f.source for f in section.figures))
        if sources:
            lines.append(_("Sumber: %(s)s.") % {"s": "; ".join(sources)})
        for f in section.figures:

            def part(side: Side) -> str:
                return f"{side.text} ({side.period})" if side.period else side.text

            change = f" [{f.change}]" if f.change else ""
            lines.append(
                f"- {f.subject} — {f.label}: "
                + _("sebelum %(b)s; sesudah %(a)s") % {"b": part(f.before), "a": part(f.after)}
                + change
            )
    return "\n".join(lines)
