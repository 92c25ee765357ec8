"""Pure eligibility engine of a competition scheme-year (issue 18 item 4). Stdlib only, no Django.

The rules are data (sewaka/innovations/schemes/*.json, parsed by sewaka.innovations.schemes); this module
only knows the rule *types*. Each rule gives passed / failed / unknown (missing data) with an Indonesian
reason that states the numbers; the innovation is eligible when every rule passed, not eligible when any
failed, and "incomplete" otherwise.

Implementation time is counted back from the registration deadline: the innovation qualifies when it
started on or before (deadline − years − months). Subtracting months clamps to the end of the month, so
for a deadline of 29 February 2024 two years back is 28 February 2022; for a deadline of 28 February 2022
an innovation started on 29 February 2020 is one day short.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sewaka.innovations.schemes import (
    AwardHistoryRule,
    CategoryRequiredRule,
    InnovatorSkRequiredRule,
    MinImplementationRule,
    Rule,
    SchemeData,
    WithinCapRule,
)

PASSED = "passed"
FAILED = "failed"
UNKNOWN = "unknown"

ELIGIBLE = "eligible"
NOT_ELIGIBLE = "not_eligible"
INCOMPLETE = "incomplete"

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
CONDITION_LABELS = {"replicated": "inovasi replikasi", "pandemic_related": "inovasi terkait pandemi"}


class AwardRecord(NamedTuple):
    scheme: str
    year: int
    group: str
    award: str


class CompetedRecord(NamedTuple):
    """Competed without an award."""

    scheme: str
    year: int
    group: str


@dataclass(frozen=True)
class InnovationFacts:
    started_on: date | None = None
    replicated: bool = False
    pandemic_related: bool = False
    category: str | None = None
    has_innovator_sk: bool | None = None  # None = not known
    awards: tuple[AwardRecord, ...] = ()
    competed: tuple[CompetedRecord, ...] = ()
    proposals_forwarded: int | None = None  # the instance's proposals already forwarded (this one excluded)
    cap: int | None = None  # the instance's cap; None = the scheme's cap_per_instance


@dataclass(frozen=True)
class RuleResult:
    rule_type: str
    outcome: str  # passed / failed / unknown
    reason: str
    rule_status: str  # confirmed / corroborated / unconfirmed: how sure the rule itself is
    note: str = ""


@dataclass(frozen=True)
class EligibilityResult:
    scheme_key: str
    group: str
    outcome: str  # eligible / not_eligible / incomplete
    results: tuple[RuleResult, ...]

    @property
    def eligible(self) -> bool:
        return self.outcome == ELIGIBLE


# --- dates -----------------------------------------------------------------------------------------


def format_date_id(d: date) -> str:
    return f"{d.day} {MONTHS_ID[d.month - 1]} {d.year}"


def subtract_months(d: date, months: int) -> date:
    """d minus `months` calendar months, clamped to the last day of the target month."""
    index = d.year * 12 + (d.month - 1) - months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(d.day, last))


def elapsed(start: date, end: date) -> tuple[int, int, int]:
    """(years, months, days) from start to end, counted back from end (consistent with the rule)."""
    if start > end:
        raise ValueError("start after end")
    months = (end.year - start.year) * 12 + (end.month - start.month)
    while months > 0 and subtract_months(end, months) < start:
        months -= 1
    days = (subtract_months(end, months) - start).days
    return months // 12, months % 12, days


def format_duration(years: int, months: int, days: int | None = None) -> str:
    parts = []
    if years:
        parts.append(f"{years} tahun")
    if months:
        parts.append(f"{months} bulan")
    if days:
        parts.append(f"{days} hari")
    return " ".join(parts) if parts else "0 hari"


# --- rules -----------------------------------------------------------------------------------------


def _min_implementation(
    rule: MinImplementationRule, facts: InnovationFacts, deadline: date | None
) -> tuple[str, str]:
    years, months, why = rule.years, rule.months, ""
    for alt in rule.alternatives:
        if getattr(facts, alt.when) and alt.years * 12 + alt.months < years * 12 + months:
            years, months, why = alt.years, alt.months, f" ({CONDITION_LABELS[alt.when]})"
    required = f"syarat minimal {format_duration(years, months)}{why}"
    if deadline is None:
        return UNKNOWN, f"Batas pendaftaran belum diketahui; {required} tidak dapat diperiksa."
    if facts.started_on is None:
        return UNKNOWN, f"Tanggal mulai implementasi belum diisi; {required} sebelum batas pendaftaran."
    if facts.started_on > deadline:
        return FAILED, (
            f"Inovasi baru dimulai {format_date_id(facts.started_on)}, sesudah batas pendaftaran "
            f"{format_date_id(deadline)}; {required}."
        )
    ran = format_duration(*elapsed(facts.started_on, deadline))
    threshold = subtract_months(deadline, years * 12 + months)
    outcome = PASSED if facts.started_on <= threshold else FAILED
    return outcome, (
        f"Inovasi berjalan {ran} sebelum batas pendaftaran {format_date_id(deadline)} "
        f"(mulai {format_date_id(facts.started_on)}); {required}."
    )


def _award_name(scheme: SchemeData, rule: AwardHistoryRule, code: str) -> str:
    if rule.scheme == scheme.code:
        try:
            return scheme.award(code).name
        except KeyError:
            pass
    return code


def _scope(rule: AwardHistoryRule, scheme: SchemeData) -> str:
    parts = [scheme.name if rule.scheme == scheme.code else rule.scheme]
    if rule.year_from is not None and rule.year_to is not None:
        parts.append(
            f"{rule.year_from}" if rule.year_from == rule.year_to else f"{rule.year_from}–{rule.year_to}"
        )
    elif rule.year_from is not None:
        parts.append(f"sejak {rule.year_from}")
    elif rule.year_to is not None:
        parts.append(f"sampai {rule.year_to}")
    if rule.groups:
        parts.append("kelompok " + "/".join(rule.groups))
    return " ".join(parts)


def _award_history(rule: AwardHistoryRule, facts: InnovationFacts, scheme: SchemeData) -> tuple[str, str]:
    hits = sorted(
        (AwardRecord(*a) for a in facts.awards),
        key=lambda a: (a.year, a.group, a.award),
    )
    hits = [
        a
        for a in hits
        if a.scheme == rule.scheme
        and a.award in rule.awards
        and (rule.year_from is None or a.year >= rule.year_from)
        and (rule.year_to is None or a.year <= rule.year_to)
        and (not rule.groups or a.group in rule.groups)
    ]
    names = " / ".join(_award_name(scheme, rule, c) for c in rule.awards)
    scope = _scope(rule, scheme)
    listed = ", ".join(f"{_award_name(scheme, rule, a.award)} {a.year} (kelompok {a.group})" for a in hits)
    if rule.mode == "forbid":
        if hits:
            return FAILED, f"Pernah meraih {listed}; kelompok ini tidak menerima peraih {names} ({scope})."
        return PASSED, f"Tidak pernah meraih {names} ({scope})."
    if rule.mode == "max_count":
        limit = rule.max_count or 0
        count = len(hits)
        detail = f" ({listed})" if hits else ""
        outcome = PASSED if count <= limit else FAILED
        return (
            outcome,
            f"Meraih {names} ({scope}) sebanyak {count} kali{detail}; batas maksimal {limit} kali.",
        )
    # require
    if hits:
        return PASSED, f"Meraih {listed}; kelompok ini mensyaratkan {names} ({scope})."
    return FAILED, f"Belum pernah meraih {names} ({scope}); kelompok ini mensyaratkan penghargaan tersebut."


def _category(rule: CategoryRequiredRule, facts: InnovationFacts, scheme: SchemeData) -> tuple[str, str]:
    allowed = rule.categories or tuple(c.code for c in scheme.categories)
    if not allowed:
        return UNKNOWN, "Kategori skema tahun ini belum diketahui; kesesuaian kategori tidak dapat diperiksa."
    if not facts.category:
        return UNKNOWN, "Kategori inovasi belum dipilih."
    names = {c.code: c.name for c in scheme.categories}
    if facts.category in allowed:
        return PASSED, f"Kategori {names.get(facts.category, facts.category)} termasuk kategori skema."
    listed = ", ".join(names.get(c, c) for c in allowed)
    return FAILED, f"Kategori {facts.category!r} tidak termasuk kategori skema ({listed})."


def _sk(facts: InnovationFacts) -> tuple[str, str]:
    if facts.has_innovator_sk is None:
        return UNKNOWN, "Belum diketahui apakah ada SK pejabat berwenang yang menetapkan inovator."
    if facts.has_innovator_sk:
        return PASSED, "SK pejabat berwenang yang menetapkan inovator tersedia."
    return FAILED, "SK pejabat berwenang yang menetapkan inovator belum ada; skema ini mewajibkannya."


def _cap(facts: InnovationFacts, scheme: SchemeData) -> tuple[str, str]:
    cap = facts.cap if facts.cap is not None else scheme.cap_per_instance
    if cap is None:
        return UNKNOWN, "Kuota proposal per instansi belum diketahui."
    if facts.proposals_forwarded is None:
        return UNKNOWN, f"Jumlah proposal yang sudah diteruskan instansi belum diketahui (kuota {cap})."
    done = facts.proposals_forwarded
    if done < cap:
        return PASSED, f"Instansi sudah meneruskan {done} dari kuota {cap} proposal; tersisa {cap - done}."
    return FAILED, f"Instansi sudah meneruskan {done} dari kuota {cap} proposal; kuota penuh."


def evaluate_rule(
    rule: Rule, scheme: SchemeData, facts: InnovationFacts, *, registration_deadline: date | None = None
) -> RuleResult:
    deadline = registration_deadline or scheme.registration_deadline
    if isinstance(rule, MinImplementationRule):
        outcome, reason = _min_implementation(rule, facts, deadline)
    elif isinstance(rule, AwardHistoryRule):
        outcome, reason = _award_history(rule, facts, scheme)
    elif isinstance(rule, CategoryRequiredRule):
        outcome, reason = _category(rule, facts, scheme)
    elif isinstance(rule, InnovatorSkRequiredRule):
        outcome, reason = _sk(facts)
    elif isinstance(rule, WithinCapRule):
        outcome, reason = _cap(facts, scheme)
    else:  # pragma: no cover - parse_scheme refuses unknown types
        raise ValueError(f"Jenis aturan tidak dikenal: {rule!r}.")
    return RuleResult(rule.type, outcome, reason, rule.status, rule.note)


def evaluate(
    scheme: SchemeData, group_code: str, facts: InnovationFacts, *, registration_deadline: date | None = None
) -> EligibilityResult:
    """Evaluate every rule of the group; registration_deadline overrides the scheme's (e.g. a call's date)."""
    try:
        group = scheme.group(group_code)
    except KeyError:
        known = ", ".join(g.code for g in scheme.groups)
        raise ValueError(
            f"Kelompok {group_code!r} tidak ada di skema {scheme.key} (yang ada: {known})."
        ) from None
    results = tuple(
        evaluate_rule(r, scheme, facts, registration_deadline=registration_deadline) for r in group.rules
    )
    if any(r.outcome == FAILED for r in results):
        outcome = NOT_ELIGIBLE
    elif any(r.outcome == UNKNOWN for r in results):
        outcome = INCOMPLETE
    else:
        outcome = ELIGIBLE
    return EligibilityResult(scheme.key, group.code, outcome, results)
