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
from functools import cached_property, lru_cache

from django.db import connection, transaction
from django.db.models import Case, Count, Q, Sum, Value, When

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
        facts = tuple(row.get(name) for name in FACTS)
    else:
        facts = tuple(getattr(row, name) for name in FACTS)
    return facts


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
    (except the `all` key, which every period keeps: it is the lock)."""
    grouped: dict[int, dict[tuple[str, str], list[tuple[int, ...]]]] = {}
    for facts, sign in contributions:
        vector = _vector(facts, sign)
        slices = grouped.setdefault(facts[0], {})
        for key in _keys(facts):
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


# ------------------------------------------------------------------------------------------- writes


def tally_apply_rows(rows: Iterable, *, sign: int = 1) -> None:
    """Add (`sign=1`) or take away (`sign=-1`) the contribution of stored rows to their periods' tallies.

    Call it inside the transaction that writes the rows, once per batch: `rows` are Response instances or
    mappings with the FACTS keys (period_id, service_id, the nine answers, gender, age, education,
    occupation, is_included, is_flagged), of one or more periods. The bulk import calls it after each
    `bulk_create`; `response_submit` with its one row.
    """
    _apply_all(_deltas((facts_of(row), sign) for row in rows))


def tally_change(before: tuple, after: tuple) -> None:
    """Move one response's contribution from its old facts to its new ones (inclusion, service, …).
    `before`/`after` are `facts_of(...)` taken under the response's row lock."""
    if before != after:
        _apply_all(_deltas([(before, -1), (after, 1)]))


def _apply_all(deltas: dict[int, dict[tuple[str, str], tuple[int, ...]]]) -> None:
    # Inside the writer's transaction no savepoint: a failure here fails the whole write anyway, and the
    # SAVEPOINT/RELEASE pair was two of a submission's round trips to PostgreSQL.
    with transaction.atomic(savepoint=False):
        for period_id in sorted(deltas):  # a fixed order of periods: no deadlock between batches
            _apply(period_id, deltas[period_id])


# The write path's two statements are written as SQL once: built through the ORM (Q objects, F() + delta,
# Case/When) they cost about 4 ms of query compilation per submission, several times the statements
# themselves (docs/performance.md). Same statements, same lock order, same values.
@lru_cache(maxsize=64)
def _q(name: str) -> str:
    return connection.ops.quote_name(name)


@lru_cache(maxsize=64)
def _lock_sql(slices: int) -> str:
    where = " OR ".join([f"({_q('dimension')} = %s AND {_q('value')} = %s)"] * slices)
    sql = (
        f"SELECT {_q('dimension')}, {_q('value')}, {_q('id')}, {', '.join(_q(c) for c in TALLY_COUNTS)} "
        f"FROM {_q(Tally._meta.db_table)} WHERE {_q('period_id')} = %s AND ({where}) "
        f"ORDER BY CASE WHEN {_q('dimension')} = %s THEN 0 ELSE 1 END, {_q('dimension')}, {_q('value')}"
    )
    return sql + " FOR UPDATE" if connection.features.has_select_for_update else sql


def _lock(period_id: int, keys) -> dict[tuple[str, str], tuple]:
    """Lock and read the period's rows for `keys` (the `all` row first): {key: (id, *counts)}."""
    keys = list(keys)
    sql = _lock_sql(len(keys))
    params = [period_id, *(part for key in keys for part in key), ALL]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {(row[0], row[1]): tuple(row[2:]) for row in rows}


def _apply(period_id: int, deltas: dict[tuple[str, str], tuple[int, ...]]) -> None:
    deltas.setdefault(ALL_KEY, (0,) * WIDTH)
    rows = _lock(period_id, deltas)
    missing = [key for key in deltas if key not in rows]
    if missing:
        # A concurrent first writer may insert the same rows: the conflict waits for it, then is ignored.
        Tally.objects.bulk_create(
            [Tally(period_id=period_id, dimension=d, value=v) for d, v in missing], ignore_conflicts=True
        )
        rows = _lock(period_id, deltas)
    all_row = rows[ALL_KEY]
    all_id, all_delta = all_row[0], deltas[ALL_KEY]
    result = None
    if any(all_delta):
        result = result_fields([count + delta for count, delta in zip(all_row[1:], all_delta, strict=True)])
    # One UPDATE per distinct delta: a single response moves all its slices by the same vector.
    by_vector: dict[tuple[int, ...], list[int]] = {}
    for key, vector in deltas.items():
        if any(vector):
            by_vector.setdefault(vector, []).append(rows[key][0])
    for vector, ids in by_vector.items():
        sets, params = [], []
        for column, delta in zip(TALLY_COUNTS, vector, strict=True):
            if delta:
                sets.append(f"{_q(column)} = {_q(column)} + %s")
                params.append(delta)
        if result is not None and all_id in ids:
            for name, value in result.items():
                prepared = Tally._meta.get_field(name).get_db_prep_save(value, connection)
                if len(ids) == 1:
                    sets.append(f"{_q(name)} = %s")
                    params.append(prepared)
                else:
                    sets.append(f"{_q(name)} = CASE WHEN {_q('id')} = %s THEN %s ELSE {_q(name)} END")
                    params += [all_id, prepared]
        sql = (
            f"UPDATE {_q(Tally._meta.db_table)} SET {', '.join(sets)} "
            f"WHERE {_q('id')} IN ({', '.join(['%s'] * len(ids))})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *ids])


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


def expected(period_id: int) -> dict[tuple[str, str], list[int]]:
    """The tallies of a period recomputed from its raw rows: one GROUP BY over the period, rolled up to
    every slice. Slices without rows are left out."""
    answered = Q()
    for key in UNSUR_KEYS:
        answered |= Q(**{f"{key}__isnull": False})
    aggregates = {"rows": Count("id"), "answered": Count("id", filter=answered)}
    for key in UNSUR_KEYS:
        aggregates[f"{key}_sum"] = Sum(key)
        aggregates[f"{key}_count"] = Count(key)
    groups = (
        Response.objects.filter(period_id=period_id)
        .annotate(age_group=_age_case())
        .values("service_id", "gender", "age_group", "education", "occupation", "is_included", "is_flagged")
        .annotate(**aggregates)
        .order_by()
    )
    out: dict[tuple[str, str], list[int]] = {}
    for group in groups:
        vector = [0] * WIDTH
        if group["is_included"]:
            vector[N] = group["answered"]
            vector[INCLUDED] = group["rows"]
            for i, key in enumerate(UNSUR_KEYS):
                vector[FIRST_SUM + 2 * i] = group[f"{key}_sum"] or 0
                vector[FIRST_SUM + 2 * i + 1] = group[f"{key}_count"]
        else:
            vector[EXCLUDED] = group["rows"]
        if group["is_flagged"]:
            vector[FLAGGED] = group["rows"]
        service_id = group["service_id"]
        for key in (
            ALL_KEY,
            (SERVICE, "" if service_id is None else str(service_id)),
            (GENDER, group["gender"] or ""),
            (AGE, group["age_group"]),
            (EDUCATION, group["education"] or ""),
            (OCCUPATION, group["occupation"] or ""),
        ):
            total = out.setdefault(key, [0] * WIDTH)
            for i, v in enumerate(vector):
                total[i] += v
    return out


def _stored(period_id: int, *, lock: bool) -> dict[tuple[str, str], Tally]:
    qs = Tally.objects.filter(period_id=period_id)
    if lock:
        qs = qs.select_for_update().order_by(
            Case(When(dimension=ALL, then=Value(0)), default=Value(1)), "dimension", "value"
        )
    return {(t.dimension, t.value): t for t in qs}


def _differences(period_id: int, stored: dict, wanted: dict) -> list[str]:
    out = []
    zero = [0] * WIDTH
    for key in sorted(set(stored) | set(wanted)):
        row = stored.get(key)
        have = [getattr(row, c) for c in TALLY_COUNTS] if row is not None else zero
        want = wanted.get(key, zero)
        if have != want:
            diff = ", ".join(
                f"{c} {h} ≠ {w}" for c, h, w in zip(TALLY_COUNTS, have, want, strict=True) if h != w
            )
            out.append(f"periode {period_id} {key[0]}={key[1]!r}: {diff}")
    if wanted or ALL_KEY in stored:
        want_result = result_fields(wanted.get(ALL_KEY, zero))
        row = stored.get(ALL_KEY)
        have_result = {name: getattr(row, name) for name in RESULT_FIELDS} if row is not None else None
        if have_result is None and any(wanted.get(ALL_KEY, zero)):
            out.append(f"periode {period_id}: baris 'all' tidak ada")
        elif have_result is not None and have_result != want_result:
            out.append(f"periode {period_id}: hasil tersimpan {have_result} ≠ {want_result}")
    return out


def check(period_id: int) -> list[str]:
    """Differences between a period's stored tallies and its raw rows (empty: they agree). Reads under the
    period's lock, so a concurrent write is never half-seen."""
    with transaction.atomic():
        stored = _stored(period_id, lock=True)
        return _differences(period_id, stored, expected(period_id))


def rebuild(period_id: int) -> int:
    """Recompute a period's tallies from its raw rows (under its lock); returns the rows written."""
    with transaction.atomic():
        Tally.objects.bulk_create(
            [Tally(period_id=period_id, dimension=ALL, value="")], ignore_conflicts=True
        )
        stored = _stored(period_id, lock=True)
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


@dataclass(frozen=True)
class StoredUnsur:
    key: str
    label: str
    total: int
    count: int
    ikm_equiv: Decimal | None
    mutu: str | None

    @property
    def nrr(self) -> Fraction | None:
        return Fraction(self.total, self.count) if self.count else None

    @property
    def kinerja(self) -> str | None:
        return KINERJA.get(self.mutu) if self.mutu else None


KINERJA = {band.mutu: band.kinerja for band in ikm.BANDS}


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

    @classmethod
    def of(cls, row: Tally | None) -> StoredResult:
        if row is None:
            return cls(None, None, 0, "", ((0, 0),) * len(UNSUR_KEYS), {})
        return cls(
            ikm=row.ikm,
            mutu=row.mutu or None,
            respondents=row.n,
            ikm_exact_text=row.ikm_exact,
            aggregates=tuple((getattr(row, f"{k}_sum"), getattr(row, f"{k}_count")) for k in UNSUR_KEYS),
            unsur_stored=row.unsur or {},
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
            equiv, mutu = (Decimal(stored[0]), stored[1]) if stored else (None, None)
            out.append(StoredUnsur(key, ikm.UNSUR_LABELS[key], total, count, equiv, mutu))
        return tuple(out)

    @property
    def empty_unsur(self) -> tuple[str, ...]:
        return tuple(
            key for key, (_total, count) in zip(UNSUR_KEYS, self.aggregates, strict=True) if not count
        )

    def by_key(self, key: str) -> StoredUnsur:
        return self.unsur[UNSUR_KEYS.index(key)]

    def full(self) -> ikm.IkmResult:
        return ikm.compute_from_aggregates(
            dict(zip(UNSUR_KEYS, self.aggregates, strict=True)), self.respondents
        )


def engine_result(row: Tally | None) -> ikm.IkmResult:
    """The exact engine over a tally row's sums (an empty result without a row)."""
    if row is None:
        return ikm.compute_from_aggregates(dict.fromkeys(UNSUR_KEYS, (0, 0)), respondents=0)
    return ikm.compute_from_aggregates(row.aggregates(), respondents=row.n)


def period_rows(period_ids: Iterable[int], *, dimension: str | None = ALL) -> dict[int, dict]:
    """{period id: {(dimension, value): Tally}} for many periods in one query (`dimension=None`: all
    slices)."""
    qs = Tally.objects.filter(period_id__in=list(period_ids))
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
    "engine_result",
    "expected",
    "facts_of",
    "period_rows",
    "pooled",
    "rebuild",
    "result_fields",
    "tally_apply_rows",
    "tally_change",
]
