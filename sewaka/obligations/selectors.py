"""Reads of the obligations: rules, the evaluation of many units at once (the tracker, the unit page, the
letters, the reminders and — later — the dashboard and home pages all call `evaluate`), letters issued.

`evaluate` answers in a constant number of queries whatever the number of units: the facts of every unit are
read in bulk (`sources.py`), then the pure engine (`evaluation.py`) decides each cell.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sewaka.core.templatetags.fmt import format_date
from sewaka.organisations.access import Action, can, is_city_wide, units_visible_to
from sewaka.organisations.models import Unit, UnitKind

from . import evaluation as ev
from . import sources
from .models import Letter, LetterRecipient, LetterSettings, Obligation

# --- Unit types of the tracker's filter: the unit kinds, with perangkat daerah split by their name --------

PD_TYPES = {
    "dinas": _("Dinas"),
    "badan": _("Badan"),
    "sekretariat": _("Sekretariat"),
    "inspektorat": _("Inspektorat"),
    "satuan": _("Satuan (Satpol PP)"),
}


def unit_type(kind: str, name: str) -> str:
    """'dinas', 'badan', … for a perangkat daerah (its name's first word), else the unit kind."""
    if kind == UnitKind.PERANGKAT_DAERAH:
        first = (name.split() or [""])[0].casefold()
        return first if first in PD_TYPES else kind
    return kind


def unit_type_choices() -> list[tuple[str, str]]:
    kinds = [
        (k, label) for k, label in UnitKind.choices if k not in (UnitKind.PEMDA, UnitKind.PERANGKAT_DAERAH)
    ]
    return (
        [(k, str(v)) for k, v in PD_TYPES.items()]
        + [(UnitKind.PERANGKAT_DAERAH, str(_("Perangkat daerah lain")))]
        + [(k, str(v)) for k, v in kinds]
    )


# --- Rules --------------------------------------------------------------------------------------------


def pemda_of(user, *, current: Unit | None = None) -> Unit | None:
    """The pemda whose obligations the user reads: that of the current unit, else of the first visible unit."""
    if current is not None:
        return Unit.objects.filter(pk=current.root_id).first()
    first = units_visible_to(user, Action.VIEW).order_by("path").first()
    return Unit.objects.filter(pk=first.root_id).first() if first else None


def rule_list(pemda: Unit, *, active_only: bool = True) -> list[Obligation]:
    qs = Obligation.objects.filter(pemda=pemda).prefetch_related("units")
    if active_only:
        qs = qs.filter(is_active=True)
    return list(qs.order_by("order", "id"))


def as_rule(o: Obligation) -> ev.Rule:
    return ev.Rule(
        key=o.key,
        name=o.name,
        basis=o.legal_basis,
        fact=o.fact,
        frequency=o.frequency,
        due_mode=o.due_mode,
        due_days=o.due_days,
        threshold=o.threshold,
        kinds=frozenset(o.unit_kinds or ()),
        unit_ids=frozenset(u.pk for u in o.units.all()),
        counts_subtree=o.counts_subtree,
    )


def rule_get(*, user, pk) -> Obligation:
    try:
        rule = Obligation.objects.select_related("pemda").get(pk=int(pk))
    except (Obligation.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not can(user, Action.VIEW, rule.pemda):
        raise Http404
    if not can(user, Action.MANAGE, rule.pemda):
        raise PermissionDenied
    return rule


def may_manage(user, pemda: Unit | None) -> bool:
    return pemda is not None and can(user, Action.MANAGE, pemda)


def may_read_city(user) -> bool:
    return is_city_wide(user, Action.VIEW)


# --- Evaluation in bulk -------------------------------------------------------------------------------


@dataclass
class Evaluation:
    """Cells of many units for one view period: cells[unit_id] follows `rules` order."""

    view: ev.Period
    rules: list[Obligation]
    cells: dict[int, list[ev.Cell]]
    today: date


def _facts_for(
    ids: Sequence[int],
    year: int,
    today: date,
    *,
    standards_read: dict | None = None,
    skm_results: dict | None = None,
    facts: frozenset[str] | None = None,
) -> dict[int, ev.UnitFacts]:
    """Every unit's facts of `year`. `facts`: the facts the rules read; the optional ones (innovations) are
    read only when a rule reads them (an inactive rule costs no query)."""
    needed = facts if facts is not None else frozenset(ev.Fact)
    innovations = sources.innovations(ids, year) if ev.Fact.INNOVATIONS_REGISTERED in needed else {}
    standards = sources.standards(ids, year, today, read=standards_read)
    forums = sources.forums(ids, year)
    periods = sources.skm_periods(ids, year, results=skm_results)
    maklumat = sources.maklumat(ids)
    deadlines = sources.deadlines(ids, year)
    tasks = sources.tasks(ids, year)
    invitations = sources.invitations(ids, year)
    return {
        i: ev.UnitFacts(
            services=len(standards.get(i, [])),
            forums=forums.get(i, []),
            skm_periods=periods.get(i, []),
            standards=standards.get(i, []),
            maklumat=maklumat.get(i, []),
            deadlines=deadlines.get(i, []),
            tasks=tasks.get(i, []),
            invitations=invitations.get(i, []),
            innovations=innovations.get(i, []),
        )
        for i in ids
    }


def _merged(facts: Iterable[ev.UnitFacts]) -> ev.UnitFacts:
    out = ev.UnitFacts()
    for f in facts:
        out.services += f.services
        out.forums += f.forums
        out.skm_periods += f.skm_periods
        out.standards += f.standards
        out.maklumat += f.maklumat
        out.deadlines += f.deadlines
        out.tasks += f.tasks
        out.invitations += f.invitations
        out.innovations += f.innovations
    return out


def evaluate(
    units: Sequence[Unit],
    *,
    pemda: Unit,
    view: ev.Period,
    today: date | None = None,
    universe: Sequence[Unit] | None = None,
    rules: list[Obligation] | None = None,
    standards_read: dict | None = None,
    skm_results: dict | None = None,
) -> Evaluation:
    """Every active rule of `pemda` for each of `units` over `view`. `universe` holds the units whose facts
    count for others (subtrees, for rules that count them); by default the units' active subtrees.
    `standards_read`: `standards.facts.service_standards` of those units for the view's year and `today`,
    when the caller has read it already (the dashboard: one read for the evaluation and its own figures);
    `skm_results`: likewise the stored results ({period id: StoredResult}) of at least every SKM period
    ending in the view's year."""
    today = today or timezone.localdate()
    rules = rule_list(pemda) if rules is None else rules
    specs = [as_rule(r) for r in rules]
    if universe is None:
        universe = list(units)
        if any(s.counts_subtree for s in specs) and units:
            q = Q()
            for u in units:
                q |= Q(path__startswith=u.path)
            known = {u.pk for u in universe}
            universe += [u for u in Unit.objects.filter(q, is_active=True) if u.pk not in known]
    ids = sorted({u.pk for u in universe} | {u.pk for u in units})
    facts = _facts_for(
        ids,
        view.start.year,
        today,
        standards_read=standards_read,
        skm_results=skm_results,
        facts=frozenset(s.fact for s in specs),
    )
    subtree: dict[str, list[int]] = defaultdict(list)
    for u in universe:
        for prefix in u.path_prefixes:
            subtree[prefix].append(u.pk)
    cells: dict[int, list[ev.Cell]] = {}
    for unit in units:
        uid, kind = unit.pk, unit.kind
        own = facts.get(uid, ev.UnitFacts())
        whole = None
        row = []
        for spec in specs:
            f = own
            if spec.counts_subtree:
                if whole is None:
                    whole = _merged(facts[i] for i in subtree.get(unit.path, [uid]) if i in facts)
                f = whole
            row.append(ev.evaluate(spec, unit_id=uid, kind=kind, facts=f, view=view, today=today))
        cells[uid] = row
    return Evaluation(view=view, rules=rules, cells=cells, today=today)


# --- The tracker --------------------------------------------------------------------------------------

# The "belum" filter: everything not yet met, due or not (who has not held an FKP this year, in December).
PENDING = frozenset({ev.State.MISSING, ev.State.NOT_DUE})


@dataclass
class Row:
    unit: Unit
    type_key: str
    cells: list[ev.Cell]
    is_head: bool = False
    rules: list[Obligation] = field(default_factory=list)  # the shown rules, in cell order

    @property
    def pairs(self) -> list[tuple[Obligation, ev.Cell]]:
        return list(zip(self.rules, self.cells, strict=True))


@dataclass
class Group:
    head: Unit
    head_row: Row | None
    rows: list[Row] = field(default_factory=list)
    missing: int = 0

    @property
    def all_rows(self) -> list[Row]:
        return ([self.head_row] if self.head_row else []) + self.rows


@dataclass
class Tracker:
    pemda: Unit
    view: ev.Period
    rules: list[Obligation]
    columns: list[int]  # indexes into rules shown
    groups: list[Group]
    counts: list[dict[str, int]]  # per shown column: state → units (after the unit-type filter)
    total: int  # rows shown
    filtered: bool
    today: date

    @property
    def shown_rules(self) -> list[Obligation]:
        return [self.rules[i] for i in self.columns]

    @property
    def count_table(self) -> list[tuple[str, str, list[tuple[Obligation, int]]]]:
        """(state, label, [(rule, units in that state)]) for the summary above the matrix."""
        shown = self.shown_rules
        return [
            (s.value, ev.STATE_LABELS[s], [(r, self.counts[n].get(s, 0)) for n, r in enumerate(shown)])
            for s in ev.State
        ]


def tracker(
    *,
    user,
    pemda: Unit,
    view: ev.Period,
    unit_type_key: str = "",
    state: str = "",
    rule_key: str = "",
    today: date | None = None,
) -> Tracker:
    """Units × obligations of the user's scope in the pemda, grouped by perangkat daerah (the pemda's direct
    children) with their units beneath. Filters: unit type, state, obligation (shows only its column)."""
    today = today or timezone.localdate()
    if (
        not can(user, Action.VIEW, pemda)
        and not units_visible_to(user, Action.VIEW).filter(path__startswith=pemda.path).exists()
    ):
        raise Http404
    universe = list(
        Unit.objects.filter(path__startswith=pemda.path, is_active=True).exclude(pk=pemda.pk).order_by("path")
    )
    visible_ids = set(
        units_visible_to(user, Action.VIEW).filter(path__startswith=pemda.path).values_list("pk", flat=True)
    )
    units = [u for u in universe if u.pk in visible_ids]
    rules = rule_list(pemda)
    result = evaluate(units, pemda=pemda, view=view, today=today, universe=universe, rules=rules)
    columns = list(range(len(rules)))
    if rule_key:
        columns = [i for i, r in enumerate(rules) if r.key == rule_key] or columns
    by_id = {u.pk: u for u in universe}
    heads = {u.pk: u for u in universe if u.depth == 1}
    shown_rules = [rules[i] for i in columns]
    wanted = PENDING if state == "belum" else {state}
    counts: list[Counter] = [Counter() for _ in columns]
    groups: dict[int, Group] = {}
    shown = 0
    for unit in units:
        tkey = unit_type(unit.kind, unit.name)
        if unit_type_key and tkey != unit_type_key:
            continue
        cells = result.cells[unit.pk]
        for n, i in enumerate(columns):
            counts[n][cells[i].state] += 1
        if state and not any(cells[i].state in wanted for i in columns):
            continue
        head_id = int(unit.path.split(".")[1]) if unit.depth >= 1 else unit.pk
        head = heads.get(head_id) or by_id.get(head_id) or unit
        group = groups.get(head.pk)
        if group is None:
            group = groups[head.pk] = Group(head=head, head_row=None)
        row = Row(
            unit=unit,
            type_key=tkey,
            cells=[cells[i] for i in columns],
            is_head=unit.pk == head.pk,
            rules=shown_rules,
        )
        if row.is_head:
            group.head_row = row
        else:
            group.rows.append(row)
        group.missing += sum(1 for c in row.cells if c.state == ev.State.MISSING)
        shown += 1
    ordered = sorted(groups.values(), key=lambda g: g.head.path)
    return Tracker(
        pemda=pemda,
        view=view,
        rules=rules,
        columns=columns,
        groups=ordered,
        counts=[dict(c) for c in counts],
        total=shown,
        filtered=bool(unit_type_key or state or rule_key),
        today=today,
    )


def missing_by_rule(tr: Tracker) -> list[tuple[Obligation, list[Row]]]:
    """For each shown obligation, the rows whose cell is missing (the Sekda's letter reads this)."""
    out = []
    for n, rule in enumerate(tr.shown_rules):
        rows = [r for g in tr.groups for r in g.all_rows if r.cells[n].state == ev.State.MISSING]
        out.append((rule, rows))
    return out


# --- One unit -----------------------------------------------------------------------------------------


def unit_obligations(
    *, user, unit: Unit, view: ev.Period, today: date | None = None
) -> list[tuple[Obligation, ev.Cell]]:
    if not can(user, Action.VIEW, unit):
        raise Http404
    pemda = Unit.objects.filter(pk=unit.root_id).first()
    if pemda is None or pemda.pk == unit.pk:
        return []
    result = evaluate([unit], pemda=pemda, view=view, today=today)
    return list(zip(result.rules, result.cells[unit.pk], strict=True))


# --- Letters ------------------------------------------------------------------------------------------


def letter_settings(pemda: Unit) -> LetterSettings | None:
    return LetterSettings.objects.filter(pemda=pemda).first()


def letter_list(*, user, pemda: Unit, limit: int = 100) -> list[Letter]:
    """Issued letters, newest first, each with `numbers` ("061/3/Org" or "061/3/Org – 061/40/Org")."""
    if not can(user, Action.VIEW, pemda):
        return []
    letters = list(
        Letter.objects.filter(pemda=pemda)
        .select_related("issued_by")
        .prefetch_related("recipients__unit")[:limit]
    )
    for letter in letters:
        recipients = list(letter.recipients.all())
        first, last = (recipients[0].number, recipients[-1].number) if recipients else ("", "")
        # display attributes read by the template
        letter.numbers = letter.number or (first if first == last else f"{first} – {last}")  # type: ignore[attr-defined]
        letter.recipient_count = len(recipients)  # type: ignore[attr-defined]
    return letters


def letter_get(*, user, pk) -> Letter:
    try:
        letter = Letter.objects.select_related("pemda", "issued_by").get(pk=int(pk))
    except (Letter.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not can(user, Action.VIEW, letter.pemda):
        raise Http404
    return letter


def recipient_get(*, user, letter_pk, unit_pk) -> LetterRecipient:
    """One perangkat daerah's copy: readable by the city and by the people of that perangkat daerah."""
    try:
        recipient = LetterRecipient.objects.select_related("letter__pemda", "letter__issued_by", "unit").get(
            letter_id=int(letter_pk), unit_id=int(unit_pk)
        )
    except (LetterRecipient.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not can(user, Action.VIEW, recipient.unit):
        raise Http404
    return recipient


def unit_letters(*, user, unit: Unit, limit: int = 20) -> list[LetterRecipient]:
    """Reminder letters addressed to the unit or to the perangkat daerah above it (its history). `readable`
    says whether the user may open that copy (a puskesmas operator sees that its dinas was reminded, not
    the other puskesmas' gaps in the dinas' letter)."""
    if not can(user, Action.VIEW, unit):
        return []
    rows = list(
        LetterRecipient.objects.filter(unit__path__in=unit.path_prefixes)
        .select_related("letter", "unit")
        .order_by("-letter__issued_on", "-letter_id")[:limit]
    )
    for r in rows:
        r.readable = can(user, Action.VIEW, r.unit)  # type: ignore[attr-defined]  # read by the template
    return rows


def letters_this_month(pemda: Unit, kind: str, today: date) -> list[Letter]:
    return list(
        Letter.objects.filter(
            pemda=pemda, kind=kind, issued_on__year=today.year, issued_on__month=today.month
        )
    )


# --- The letter's content (what the Sekda's reminder lists) ------------------------------------------

BODY_FIELDS = {"periode", "tanggal", "batas", "perangkat_daerah"}


def fill(template: str, values: dict[str, str]) -> str:
    return template.format(**{k: values.get(k, "") for k in BODY_FIELDS})


def gaps(tr: Tracker) -> list[dict]:
    """The tracker's missing cells as the letter lists them: per obligation (with its legal basis), the
    units that have not met it, each with its perangkat daerah."""
    out = []
    for rule, rows in missing_by_rule(tr):
        if not rows:
            continue
        heads = {g.head.pk: g.head for g in tr.groups}
        out.append(
            {
                "key": rule.key,
                "name": rule.name,
                "basis": rule.legal_basis,
                "units": [
                    {
                        "id": r.unit.pk,
                        "name": r.unit.name,
                        "pd_id": _head_id(r.unit),
                        "pd": heads[_head_id(r.unit)].name if _head_id(r.unit) in heads else r.unit.name,
                        "reason": r.cells[tr.shown_rules.index(rule)].reason,
                    }
                    for r in rows
                ],
            }
        )
    return out


def _head_id(unit: Unit) -> int:
    return int(unit.path.split(".")[1]) if unit.depth >= 1 else unit.pk


def gaps_of(content: list[dict], pd_id: int) -> list[dict]:
    out = []
    for item in content:
        units = [u for u in item["units"] if u["pd_id"] == pd_id]
        if units:
            out.append({**item, "units": units})
    return out


@dataclass(frozen=True)
class Draft:
    """What a letter would say now (the preview and the issue share it)."""

    settings: LetterSettings
    content: list[dict]
    recipients: list[Unit]
    body: str
    closing: str
    deadline: date


def letter_draft(
    *, user, pemda: Unit, view: ev.Period, keys: list[str] | None = None, today: date | None = None
) -> Draft:
    """`keys`: the obligations the letter is about (default: every active one)."""
    today = today or timezone.localdate()
    settings_ = letter_settings(pemda)
    if settings_ is None:
        raise ValidationError(
            _("Pengaturan surat pengingat belum ada. Pasang aturan bawaan terlebih dahulu.")
        )
    tr = tracker(user=user, pemda=pemda, view=view, today=today)
    content = [item for item in gaps(tr) if not keys or item["key"] in keys]
    head_ids = {u["pd_id"] for item in content for u in item["units"]}
    recipients = sorted((g.head for g in tr.groups if g.head.pk in head_ids), key=lambda u: u.path)
    deadline = today + timedelta(days=settings_.follow_up_days)
    values = {"periode": view.label, "tanggal": format_date(today), "batas": format_date(deadline)}
    return Draft(
        settings=settings_,
        content=content,
        recipients=recipients,
        body=fill(settings_.body, values),
        closing=fill(settings_.closing, values),
        deadline=deadline,
    )
