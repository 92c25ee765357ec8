"""Survey tallies: running totals of each period's responses, kept in the write path.

Every write that changes what a results page, the city ranking or the dashboard counts calls this module
in its own transaction: `response_submit` and paper entry (one row), the import (`tally_apply_rows`, once
per batch), `response_set_inclusion` and `response_set_service` (`tally_change`). A tally row
(`models.Tally`) holds one slice of a period — the whole period, one service, one gender, age group,
education or occupation — with the respondents, the excluded and flagged responses and, per unsur, the
sum and the number of the included answers; the period's `all` row also holds the engine's result over
its sums, recomputed whenever they change, so a read of many periods never runs the engine.

Concurrency: counts are only ever changed by `UPDATE … SET col = col + delta` (F expressions). A writer
first locks its period's `all` row (`SELECT … FOR UPDATE`, the `all` row first, so two writers never
wait on each other's rows in opposite orders; on SQLite the project's `BEGIN IMMEDIATE` serialises
writers anyway), computes the new result from the locked sums plus its delta, and writes increments and
result in one statement. `rebuild` recomputes a period from its raw rows under the same lock;
`check` compares without writing (`manage.py rebuildtallies [--period ID] [--check]`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Case, Count, F, Q, Sum, Value, When

from sewaka.core.db import Ids

from . import ikm
from .ikm import UNSUR_KEYS
from .models import TALLY_COUNTS, Response, Tally, TallyDimension

ALL = TallyDimension.ALL.value
SERVICE = TallyDimension.SERVICE.value
GENDER = TallyDimension.GENDER.value
AGE = TallyDimension.AGE.value
EDUCATION = TallyDimension.EDUCATION.value
OCCUPATION = TallyDimension.OCCUPATION.value
ALL_KEY = (ALL, "")
WIDTH = len(TALLY_COUNTS)
RESULT_FIELDS = ("ikm_exact", "ikm", "mutu", "unsur")

# Age groups of the respondent profile (index = the `age` tally value).
AGE_BINS = (
    (0, 19, "< 20"),
    (20, 29, "20–29"),
    (30, 39, "30–39"),
    (40, 49, "40–49"),
    (50, 59, "50–59"),
    (60, 200, "≥ 60"),
)

# What a tally needs of a response, in this order (Response attributes or mapping keys).
FACTS = (
    "period_id",
    "service_id",
    *UNSUR_KEYS,
    "gender",
    "age",
    "education",
    "occupation",
    "is_included",
    "is_flagged",
)
_ANSWERS = slice(2, 2 + len(UNSUR_KEYS))
# Positions in a delta vector (TALLY_COUNTS order).
N, INCLUDED, EXCLUDED, FLAGGED = (TALLY_COUNTS.index(c) for c in ("n", "included", "excluded", "flagged"))
FIRST_SUM = TALLY_COUNTS.index(f"{UNSUR_KEYS[0]}_sum")  # then count, next unsur's sum, …


def age_group(age: int | None) -> str:
    """The `age` tally value of an age: the index of its group in AGE_BINS, "" without one."""
    if age is None:
        return ""
    for index, (lo, hi, _label) in enumerate(AGE_BINS):
        if lo <= age <= hi:
            return str(index)
    return ""


def facts_of(row) -> tuple:
    """The FACTS of a Response (or of a mapping with those keys), as a plain tuple."""
    if isinstance(row, Mapping):
        return tuple(map(row.get, FACTS))  # map over a bound method: no Python frame per name
    return tuple(getattr(row, name) for name in FACTS)


def _vector(facts: tuple, sign: int) -> tuple[int, ...]:
    """The row's contribution to every slice it belongs to, in TALLY_COUNTS order, times `sign`."""
    vector = [0] * WIDTH
    if facts[-2]:  # included
        vector[INCLUDED] = sign
        position = FIRST_SUM
        answered = False
        for answer in facts[_ANSWERS]:
            if answer is not None:
                vector[position] = sign * answer
                vector[position + 1] = sign
                answered = True
            position += 2
        if answered:
            vector[N] = sign
    else:
        vector[EXCLUDED] = sign
    if facts[-1]:  # flagged
        vector[FLAGGED] = sign
    return tuple(vector)


def _keys(facts: tuple) -> tuple[tuple[str, str], ...]:
    service_id = facts[1]
    return (
        ALL_KEY,
        (SERVICE, "" if service_id is None else str(service_id)),
        (GENDER, facts[-6] or ""),
        (AGE, age_group(facts[-5])),
        (EDUCATION, facts[-4] or ""),
        (OCCUPATION, facts[-3] or ""),
    )


def _deltas(contributions: Iterable[tuple[tuple, int]]) -> dict[int, dict[tuple[str, str], tuple[int, ...]]]:
    """{period id: {(dimension, value): summed delta vector}} of (facts, sign) pairs; zero vectors dropped
    (except the `all` key, which every period keeps: it is the lock).

    A slice's vector is the sum of its rows' `_vector`s. Rows of the same period, service, profile and sign
    fall in the same six slices: they are summed once, a column at a time (`_summed`; an import's 5 000
    rows share a few hundred such groups), and each group's sum is added to its six slices."""
    groups: dict[tuple, list[tuple]] = {}
    for facts, sign in contributions:
        group = (facts[0], facts[1], *facts[-6:-2], sign)
        rows = groups.get(group)
        if rows is None:
            groups[group] = [facts]
        else:
            rows.append(facts)
    grouped: dict[int, dict[tuple[str, str], list[tuple[int, ...]]]] = {}
    for group, rows in groups.items():
        vector = _summed(rows, group[-1])
        slices = grouped.setdefault(group[0], {})
        for key in _keys(rows[0]):
            slices.setdefault(key, []).append(vector)
    out: dict[int, dict[tuple[str, str], tuple[int, ...]]] = {}
    for period_id, slices in grouped.items():
        summed = {}
        for key, vectors in slices.items():
            total = (
                vectors[0]
                if len(vectors) == 1
                else tuple(sum(column) for column in zip(*vectors, strict=True))
            )
            if key == ALL_KEY or any(total):
                summed[key] = total
        out[period_id] = summed
    return out


_UNSUR_COLUMNS = range(_ANSWERS.start, _ANSWERS.stop)
_NONE_ANSWERED = len(UNSUR_KEYS)


def _summed(rows: list[tuple], sign: int) -> tuple[int, ...]:
    """The sum of `_vector(facts, sign)` over `rows` (facts), a column at a time."""
    total = [0] * WIDTH
    included = [facts for facts in rows if facts[-2]]
    total[INCLUDED] = sign * len(included)
    total[EXCLUDED] = sign * (len(rows) - len(included))
    total[FLAGGED] = sign * sum(1 for facts in rows if facts[-1])
    unanswered = sum(1 for facts in included if facts[_ANSWERS].count(None) == _NONE_ANSWERED)
    total[N] = sign * (len(included) - unanswered)
    position = FIRST_SUM
    for index in _UNSUR_COLUMNS:
        column = [facts[index] for facts in included]
        total[position] = sign * sum(filter(None, column))  # answers are 1–4 or None
        total[position + 1] = sign * (len(column) - column.count(None))
        position += 2
    return tuple(total)


# ------------------------------------------------------------------------------------------- writes


def tally_apply_rows(rows: Iterable, *, sign: int = 1) -> None:
    """Add (`sign=1`) or take away (`sign=-1`) the contribution of stored rows to their periods' tallies.

    Call it inside the transaction that writes the rows, once per batch: `rows` are Response instances or
    mappings with the FACTS keys (period_id, service_id, the nine answers, gender, age, education,
    occupation, is_included, is_flagged), of one or more periods. The bulk import calls it after each
    `bulk_create`; `response_submit` with its one row.
    """
    tally_apply_facts((facts_of(row) for row in rows), sign=sign)


def tally_apply_facts(facts: Iterable[tuple], *, sign: int = 1) -> None:
    """`tally_apply_rows` for loaders that already hold plain tuples in FACTS order (e.g. a COPY)."""
    _apply_all(_deltas((f, sign) for f in facts))


def tally_change(before: tuple, after: tuple) -> None:
    """Move one response's contribution from its old facts to its new ones (inclusion, service, …).
    `before`/`after` are `facts_of(...)` taken under the response's row lock."""
    if before != after:
        _apply_all(_deltas([(before, -1), (after, 1)]))


def _apply_all(deltas: dict[int, dict[tuple[str, str], tuple[int, ...]]]) -> None:
    # Inside the caller's transaction (the usual case) no savepoint: it succeeds or fails with the write.
    with transaction.atomic(savepoint=False):
        for period_id in sorted(deltas):  # a fixed order of periods: no deadlock between batches
            _apply(period_id, deltas[period_id])


# The write path's SQL, composed once. It is the F() pattern (`col = col + delta`, computed by the
# database) written out: the ORM would compile 22 F expressions per statement, which costs more than the
# statement itself when an import applies thousands of slices.
_TABLE = Tally._meta.db_table
_Q = connection.ops.quote_name
_LOCK_SQL = (
    f"SELECT dimension, value, id, {', '.join(_Q(c) for c in TALLY_COUNTS)} FROM {_TABLE} "
    f"WHERE period_id = %s ORDER BY CASE WHEN dimension = '{ALL}' THEN 0 ELSE 1 END, dimension, value"
)
_INCREMENTS = ", ".join(f"{_Q(c)} = {_Q(c)} + %s" for c in TALLY_COUNTS)
_INCREMENT_SQL = f"UPDATE {_TABLE} SET {_INCREMENTS} WHERE id = %s"
_RESULT_SQL = (
    f"UPDATE {_TABLE} SET {_INCREMENTS}, {', '.join(f'{_Q(n)} = %s' for n in RESULT_FIELDS)} WHERE id = %s"
)


def _lock(period_id: int) -> dict[tuple[str, str], tuple]:
    """Lock and read the period's tally rows, the `all` row first: {key: (id, *counts)}. Every writer of
    the period takes the `all` row first, so writers of one period queue there and never deadlock."""
    sql = _LOCK_SQL + (" FOR UPDATE" if connection.features.has_select_for_update else "")
    with connection.cursor() as cursor:
        cursor.execute(sql, [period_id])
        return {(row[0], row[1]): row[2:] for row in cursor.fetchall()}


def _apply(period_id: int, deltas: dict[tuple[str, str], tuple[int, ...]]) -> None:
    deltas.setdefault(ALL_KEY, (0,) * WIDTH)
    rows = _lock(period_id)
    missing = [key for key in deltas if key not in rows]
    if missing:
        # A concurrent first writer may insert the same rows: the conflict waits for it, then is ignored.
        Tally.objects.bulk_create(
            [Tally(period_id=period_id, dimension=d, value=v) for d, v in missing], ignore_conflicts=True
        )
        rows = _lock(period_id)
    all_row = rows[ALL_KEY]
    all_id, all_delta = all_row[0], deltas[ALL_KEY]
    with connection.cursor() as cursor:
        if any(all_delta):
            new = [count + delta for count, delta in zip(all_row[1:], all_delta, strict=True)]
            result = result_fields(new)
            prepared = [
                Tally._meta.get_field(name).get_db_prep_save(result[name], connection)
                for name in RESULT_FIELDS
            ]
            cursor.execute(_RESULT_SQL, [*all_delta, *prepared, all_id])
        # The other slices: a single response moves all of them by the same vector (one statement).
        by_vector: dict[tuple[int, ...], list[int]] = {}
        for key, vector in deltas.items():
            if key != ALL_KEY and any(vector):
                by_vector.setdefault(vector, []).append(rows[key][0])
        single = []
        for vector, ids in by_vector.items():
            if len(ids) == 1:
                single.append([*vector, ids[0]])
            else:
                marks = ", ".join(["%s"] * len(ids))
                cursor.execute(f"UPDATE {_TABLE} SET {_INCREMENTS} WHERE id IN ({marks})", [*vector, *ids])
        if single:
            cursor.executemany(_INCREMENT_SQL, single)


def result_fields(counts) -> dict:
    """The stored engine result of an `all` row from its counts (TALLY_COUNTS order)."""
    values = dict(zip(TALLY_COUNTS, counts, strict=True))
    aggregates = {key: (values[f"{key}_sum"], values[f"{key}_count"]) for key in UNSUR_KEYS}
    result = ikm.compute_from_aggregates(aggregates, respondents=values["n"])
    return {
        "ikm_exact": "" if result.ikm_exact is None else str(result.ikm_exact),
        "ikm": result.ikm,
        "mutu": result.mutu or "",
        # Only the answered unsur: an empty period stores {} (the column's default).
        "unsur": {u.key: [format(u.ikm_equiv, "f"), u.mutu] for u in result.unsur if u.ikm_equiv is not None},
    }


# ---------------------------------------------------------------------------------- rebuild and check


def _age_case():
    return Case(
        *[When(age__gte=lo, age__lte=hi, then=Value(str(i))) for i, (lo, hi, _l) in enumerate(AGE_BINS)],
        default=Value(""),
    )


def _measures() -> dict:
    """The counted columns as conditional aggregates (TALLY_COUNTS names)."""
    answered = Q()
    for key in UNSUR_KEYS:
        answered |= Q(**{f"{key}__isnull": False})
    included = Q(is_included=True)
    measures = {
        "n": Count("id", filter=included & answered),
        "included": Count("id", filter=included),
        "excluded": Count("id", filter=Q(is_included=False)),
        "flagged": Count("id", filter=Q(is_flagged=True)),
    }
    for key in UNSUR_KEYS:
        measures[f"{key}_sum"] = Sum(key, filter=included)
        measures[f"{key}_count"] = Count(key, filter=included)
    return measures


def _slices() -> dict:
    """How each dimension's value is computed from a response (None: the whole period)."""
    return {
        ALL: None,
        SERVICE: F("service_id"),
        GENDER: F("gender"),
        AGE: _age_case(),
        EDUCATION: F("education"),
        OCCUPATION: F("occupation"),
    }


def _recount(responses) -> dict[int, dict[tuple[str, str], list[int]]]:
    """{period id: {(dimension, value): counts}} of `responses` straight from the rows: one GROUP BY per
    dimension (its values, with conditional aggregates), so the result is a few rows per period."""
    measures = _measures()
    out: dict[int, dict[tuple[str, str], list[int]]] = {}
    for dimension, expression in _slices().items():
        qs = responses
        if expression is None:
            qs = qs.values("period_id")
        else:
            qs = qs.annotate(slice=expression).values("period_id", "slice")
        for row in qs.annotate(**measures).order_by():
            value = row.get("slice")
            value = "" if value is None else str(value)
            out.setdefault(row["period_id"], {})[(dimension, value)] = [row[c] or 0 for c in TALLY_COUNTS]
    return out


def expected(period_id: int) -> dict[tuple[str, str], list[int]]:
    """The tallies of a period recomputed from its raw rows (a GROUP BY per dimension over the period).
    Slices without rows are left out."""
    return _recount(Response.objects.filter(period_id=period_id)).get(period_id, {})


_STORED_VALUES = ("period_id", "dimension", "value", *TALLY_COUNTS, *RESULT_FIELDS)


def _stored(which: dict, *, lock: bool = False) -> dict[int, dict[tuple[str, str], tuple[list[int], dict]]]:
    """{period id: {(dimension, value): (counts, result fields)}} as stored, for the periods `which`
    selects (filter keyword arguments)."""
    qs = Tally.objects.filter(**which)
    if lock:
        qs = qs.select_for_update().order_by(
            Case(When(dimension=ALL, then=Value(0)), default=Value(1)), "dimension", "value"
        )
    out: dict[int, dict] = {}
    width = len(TALLY_COUNTS)
    for period_id, dimension, value, *rest in qs.values_list(*_STORED_VALUES):
        counts, result = list(rest[:width]), dict(zip(RESULT_FIELDS, rest[width:], strict=True))
        out.setdefault(period_id, {})[(dimension, value)] = (counts, result)
    return out


def _differences(period_id: int, stored: dict, wanted: dict) -> list[str]:
    out = []
    zero = [0] * WIDTH
    for key in sorted(set(stored) | set(wanted)):
        have = stored[key][0] if key in stored else zero
        want = wanted.get(key, zero)
        if have != want:
            diff = ", ".join(
                f"{c} {h} ≠ {w}" for c, h, w in zip(TALLY_COUNTS, have, want, strict=True) if h != w
            )
            out.append(f"periode {period_id} {key[0]}={key[1]!r}: {diff}")
    if wanted or ALL_KEY in stored:
        want_result = result_fields(wanted.get(ALL_KEY, zero))
        have_result = stored[ALL_KEY][1] if ALL_KEY in stored else None
        if have_result is None and any(wanted.get(ALL_KEY, zero)):
            out.append(f"periode {period_id}: baris 'all' tidak ada")
        elif have_result is not None and have_result != want_result:
            out.append(f"periode {period_id}: hasil tersimpan {have_result} ≠ {want_result}")
    return out


def check(period_id: int) -> list[str]:
    """Differences between a period's stored tallies and its raw rows (empty: they agree). Reads under the
    period's lock, so a concurrent write is never half-seen."""
    with transaction.atomic():
        stored = _stored({"period_id": period_id}, lock=True).get(period_id, {})
        return _differences(period_id, stored, expected(period_id))


def check_all(period_ids: Iterable[int]) -> list[str]:
    """`check` for many periods: one GROUP BY over all their responses and one read of all their tallies,
    compared without locks; a period that differs is checked again under its lock (a write between the
    two reads is not a difference)."""
    ids = sorted(period_ids)
    if not ids:
        return []
    # Few periods: by id; many: the id range (one range scan rather than a long IN list).
    which = (
        {"period_id__in": ids} if len(ids) < 500 else {"period_id__gte": ids[0], "period_id__lte": ids[-1]}
    )
    wanted = _recount(Response.objects.filter(**which))
    stored = _stored(which)
    out = []
    for period_id in ids:
        if _differences(period_id, stored.get(period_id, {}), wanted.get(period_id, {})):
            out += check(period_id)
    return out


def rebuild(period_id: int) -> int:
    """Recompute a period's tallies from its raw rows (under its lock); returns the rows written."""
    with transaction.atomic():
        Tally.objects.bulk_create(
            [Tally(period_id=period_id, dimension=ALL, value="")], ignore_conflicts=True
        )
        stored = {
            (t.dimension, t.value): t
            for t in Tally.objects.select_for_update()
            .filter(period_id=period_id)
            .order_by(Case(When(dimension=ALL, then=Value(0)), default=Value(1)), "dimension", "value")
        }
        wanted = expected(period_id)
        wanted.setdefault(ALL_KEY, [0] * WIDTH)
        changed, created = [], []
        for key in set(stored) | set(wanted):
            counts = wanted.get(key, [0] * WIDTH)
            row = stored.get(key) or Tally(period_id=period_id, dimension=key[0], value=key[1])
            for column, count in zip(TALLY_COUNTS, counts, strict=True):
                setattr(row, column, count)
            if key == ALL_KEY:
                for name, value in result_fields(counts).items():
                    setattr(row, name, value)
            (changed if row.pk else created).append(row)
        Tally.objects.bulk_update(changed, [*TALLY_COUNTS, *RESULT_FIELDS], batch_size=500)
        Tally.objects.bulk_create(created, batch_size=500)
        return len(changed) + len(created)


# -------------------------------------------------------------------------------------------- reads


class StoredUnsur(NamedTuple):
    """One unsur of a StoredResult: its tallied sum and count (the exact NRR) and the stored IKM-scale
    value and mutu. A named tuple: a ranking builds nine per period."""

    key: str
    label: str
    total: int
    count: int
    nrr: Fraction | None
    equiv_text: str | None  # the stored IKM-scale value, "87.50"
    mutu: str | None

    @property
    def ikm_equiv(self) -> Decimal | None:
        return None if self.equiv_text is None else Decimal(self.equiv_text)

    @property
    def nrr_display(self) -> str | None:
        return None if self.nrr is None else ikm.format_id(ikm.round_half_up(self.nrr))

    @property
    def kinerja(self) -> str | None:
        return KINERJA.get(self.mutu) if self.mutu else None


KINERJA = {band.mutu: band.kinerja for band in ikm.BANDS}
STORED_COLUMNS = (
    "ikm",
    "mutu",
    "n",
    "included",
    "ikm_exact",
    "unsur",
    *[f"{key}_{part}" for key in UNSUR_KEYS for part in ("sum", "count")],
)


@dataclass(frozen=True)
class StoredResult:
    """A period's result as stored on its `all` tally row: what a list of many periods shows (IKM, mutu,
    respondents, each unsur's NRR and mutu) without running the engine; `full()` runs it over the same
    sums when the reasons and displays are wanted."""

    ikm: Decimal | None
    mutu: str | None
    respondents: int
    ikm_exact_text: str
    aggregates: tuple[tuple[int, int], ...]  # (sum, count) in UNSUR_KEYS order
    unsur_stored: dict
    included: int = 0  # included responses (answered or not): > 0 means the period has counted answers

    @classmethod
    def of(cls, row: Tally | None) -> StoredResult:
        if row is None:
            return cls(None, None, 0, "", ((0, 0),) * len(UNSUR_KEYS), {})
        return cls.of_values(tuple(getattr(row, name) for name in STORED_COLUMNS))

    @classmethod
    def of_values(cls, values: tuple) -> StoredResult:
        """From a `values_list(*STORED_COLUMNS)` tuple (no model instance: lists of many periods)."""
        ikm_value, mutu, n, included, exact, unsur, *sums = values
        return cls(
            ikm=ikm_value,
            mutu=mutu or None,
            respondents=n,
            ikm_exact_text=exact,
            aggregates=tuple(zip(sums[::2], sums[1::2], strict=True)),
            unsur_stored=unsur or {},
            included=included,
        )

    @property
    def kinerja(self) -> str | None:
        return KINERJA.get(self.mutu) if self.mutu else None

    @property
    def ikm_exact(self) -> Fraction | None:
        return Fraction(self.ikm_exact_text) if self.ikm_exact_text else None

    @cached_property
    def unsur(self) -> tuple[StoredUnsur, ...]:
        out = []
        for key, (total, count) in zip(UNSUR_KEYS, self.aggregates, strict=True):
            stored = self.unsur_stored.get(key)
            equiv, mutu = (stored[0], stored[1]) if stored else (None, None)
            nrr = Fraction(total, count) if count else None
            out.append(StoredUnsur(key, ikm.UNSUR_LABELS[key], total, count, nrr, equiv, mutu))
        return tuple(out)

    @property
    def empty_unsur(self) -> tuple[str, ...]:
        return tuple(
            key for key, (_total, count) in zip(UNSUR_KEYS, self.aggregates, strict=True) if not count
        )

    def by_key(self, key: str) -> StoredUnsur:
        return self.unsur[UNSUR_KEYS.index(key)]

    @property
    def reason(self) -> str:
        """The engine's explanation (runs the engine over the stored sums)."""
        return self.full().reason

    def full(self) -> ikm.IkmResult:
        return ikm.compute_from_aggregates(
            dict(zip(UNSUR_KEYS, self.aggregates, strict=True)), self.respondents
        )


def engine_result(row: Tally | None) -> ikm.IkmResult:
    """The exact engine over a tally row's sums (an empty result without a row)."""
    if row is None:
        return ikm.compute_from_aggregates(dict.fromkeys(UNSUR_KEYS, (0, 0)), respondents=0)
    return ikm.compute_from_aggregates(row.aggregates(), respondents=row.n)


def stored_results(periods) -> dict[int, StoredResult]:
    """{period id: StoredResult} of the periods that have a tally, in one query; `periods` is a queryset
    of periods (used as a subquery) or a list of ids."""
    scope = (
        {"period_id__in_ids": Ids(periods)} if isinstance(periods, list | tuple) else {"period__in": periods}
    )
    rows = Tally.objects.filter(**scope, dimension=ALL).values_list("period_id", *STORED_COLUMNS)
    return {row[0]: StoredResult.of_values(row[1:]) for row in rows}


def period_rows(period_ids: Iterable[int], *, dimension: str | None = ALL) -> dict[int, dict]:
    """{period id: {(dimension, value): Tally}} for many periods in one query (`dimension=None`: all
    slices)."""
    qs = Tally.objects.filter(period_id__in_ids=Ids(list(period_ids)))
    if dimension is not None:
        qs = qs.filter(dimension=dimension)
    out: dict[int, dict] = {}
    for row in qs:
        out.setdefault(row.period_id, {})[(row.dimension, row.value)] = row
    return out


def pooled(rows: Iterable[Tally]) -> ikm.IkmResult:
    """The engine over the summed `all` rows of several periods (e.g. a city's IKM over all its units'
    included answers of a period)."""
    totals = [0] * WIDTH
    for row in rows:
        for i, column in enumerate(TALLY_COUNTS):
            totals[i] += getattr(row, column)
    values = dict(zip(TALLY_COUNTS, totals, strict=True))
    return ikm.compute_from_aggregates(
        {key: (values[f"{key}_sum"], values[f"{key}_count"]) for key in UNSUR_KEYS}, respondents=values["n"]
    )


__all__ = [
    "AGE_BINS",
    "FACTS",
    "StoredResult",
    "age_group",
    "check",
    "check_all",
    "engine_result",
    "expected",
    "facts_of",
    "period_rows",
    "pooled",
    "rebuild",
    "result_fields",
    "tally_apply_facts",
    "tally_apply_rows",
    "tally_change",
]
