"""The two SKM benchmarks (issue "SKM I", item 6). Import only after django.setup(): bench/run.py does it.

(a) `bench_submissions`: public submissions per second through the real view `/s/<unit>/`
    (sewaka.surveys.public_views.survey) against a bare view that inserts one row into the same table
    (bench/urls.py), in the same process and database, through django.test.Client.
(b) `bench_results`: `period_results(period)` (unit results page, from the tallies) and `city_ranking(...)`
    (600 units by default, from the tallies) at growing numbers of responses, against one raw SQL GROUP BY
    over the same table, with the issue-16 targets beside them; the cost of keeping the tallies while
    loading, and `rebuildtallies --check` (zero differences) at every size; optionally also the two full
    HTML pages (/skm/periode/<pk>/ and /skm/peringkat/) as a logged-in superuser.

Every function returns plain dicts (JSON-serialisable) and prints a table as it goes.
"""

from __future__ import annotations

import gc
import itertools
import operator
import random
import sys
import time
import uuid
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import connection, reset_queries, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sewaka.dashboard import selectors as dashboard
from sewaka.organisations.models import Unit
from sewaka.organisations.services import unit_create
from sewaka.surveys import selectors, tallies
from sewaka.surveys.ikm import UNSUR_KEYS
from sewaka.surveys.models import Response, SurveyPeriod
from sewaka.surveys.public_views import CLIENT_COOKIE, STARTED_SALT
from sewaka.surveys.tests.factories import make_period, make_service

BENCH_URLCONF = "bench.urls"
RATE_LIMIT_OFF = 10**9


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def table(headers: list[str], rows: list[list[str]]) -> None:
    """Print a Markdown table (pasteable into docs/performance.md)."""
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=True)]
    say("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    say("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        say("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}"


def best_of(fn, repeat: int) -> float:
    """Best (lowest) wall time of `repeat` calls; the first call also warms the caches."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


# --------------------------------------------------------------------------------------------- world


@dataclass
class PeriodSpec:
    period_id: int
    unit_id: int
    service_ids: tuple[int, ...]
    answer_weights: tuple[int, ...]  # cumulative weights of the answers 1..4
    timestamps: list = field(default_factory=list)  # submitted_at values already adapted for the DB


@dataclass
class World:
    root_code: str
    unit_codes: list[str]
    periods: list[PeriodSpec]  # the periods that receive generated responses
    period_weights: list[float]  # cumulative share of the responses per period (skewed, see build_world)
    user_pk: int


def build_world(*, units: int, seed: int) -> World:
    """A pemda root, `units` puskesmas with two services each, two periods per unit (last quarter,
    closed; this quarter, open). Unit i receives a share of the responses proportional to
    1/(i+1)^0.8, so the largest unit holds about a tenth of them (a busy RSUD or Dukcapil)."""
    rng = random.Random(seed)
    today = timezone.localdate()
    specs: list[PeriodSpec] = []
    weights: list[float] = []
    codes = []
    with transaction.atomic():
        root = unit_create(
            actor=None, parent=None, kind="pemda", code="bench-kota", name="Pemerintah Kota Bench"
        )
        for i in range(units):
            unit = unit_create(
                actor=None,
                parent=root,
                kind="puskesmas",
                code=f"bench-pkm-{i:03d}",
                name=f"UPTD Puskesmas Bench {i:03d}",
            )
            codes.append(unit.code)
            general = make_service(unit, "Pemeriksaan Umum")
            mch = make_service(unit, "Kesehatan Ibu dan Anak")
            populations = {general: 4000 + 40 * (units - i), mch: 1500 + 10 * (units - i)}
            past = make_period(
                unit,
                name="Triwulan lalu",
                services=populations,
                open_=False,
                start=today - timedelta(days=120),
                end=today - timedelta(days=31),
            )
            current = make_period(
                unit,
                name="Triwulan ini",
                services=populations,
                start=today - timedelta(days=30),
                end=today + timedelta(days=60),
            )
            quality = rng.uniform(-1, 1)  # some units are better than others: a ranking worth its name
            answer_weights = tuple(
                accumulate(
                    [
                        max(1, round(4 - 3 * quality)),
                        max(2, round(12 - 8 * quality)),
                        55,
                        round(29 + 20 * quality),
                    ]
                )
            )
            for period in (past, current):
                specs.append(
                    PeriodSpec(
                        period_id=period.pk,
                        unit_id=unit.pk,
                        service_ids=(general.pk, mch.pk),
                        answer_weights=answer_weights,
                        timestamps=_timestamps(period, rng),
                    )
                )
                weights.append(1 / (i + 1) ** 0.8)
        user = get_user_model().objects.create_superuser(
            username="bench-admin", email="bench@example.invalid", password=uuid.uuid4().hex
        )
    return World(
        root_code=root.code,
        unit_codes=codes,
        periods=specs,
        period_weights=list(accumulate(weights)),
        user_pk=user.pk,
    )


def _timestamps(period: SurveyPeriod, rng: random.Random, n: int = 256) -> list:
    """A pool of submission times inside the period (working hours), adapted once for the backend."""
    tz = timezone.get_current_timezone()
    days = max(1, min((period.end - period.start).days, (timezone.localdate() - period.start).days))
    out = []
    for _ in range(n):
        day = period.start + timedelta(days=rng.randrange(days))
        moment = datetime(day.year, day.month, day.day, 8, 0, tzinfo=tz) + timedelta(
            seconds=rng.randrange(8 * 3600)
        )
        out.append(connection.ops.adapt_datetimefield_value(moment))
    return out


# ------------------------------------------------------------------------------------- bulk loading

# Every concrete column of surveys_response except the primary key, in insert order.
COLUMNS = (
    "uid",
    "period_id",
    "unit_id",
    "service_id",
    *UNSUR_KEYS,
    "gender",
    "age",
    "education",
    "occupation",
    "why",
    "suggestion",
    "extra_answers",
    "source",
    "submitted_at",
    "idempotency_key",
    "client_id",
    "ip_hash",
    "duration_seconds",
    "kiosk_id",
    "entered_by_id",
    "flags",
    "is_flagged",
    "is_included",
    "inclusion_reason",
)

GENDERS = ("L", "P", "P", "")
EDUCATIONS = ("sd", "smp", "sma", "sma", "d1_d4", "s1", "s1", "s2", "")
OCCUPATIONS = ("pns", "swasta", "wirausaha", "wirausaha", "pelajar", "lainnya", "lainnya", "")
WHY = '{"waktu": "Antrean terlalu lama."}'
FLAGS = '[{"code": "repeat_browser", "reason": "Pengiriman berulang dari peramban yang sama."}]'


def _check_columns() -> None:
    actual = {f.column for f in Response._meta.concrete_fields if not f.primary_key}
    if actual != set(COLUMNS):
        raise SystemExit(
            "bench/skm.py: the Response model changed; update COLUMNS "
            f"(missing {sorted(actual - set(COLUMNS))}, unknown {sorted(set(COLUMNS) - actual)})"
        )


def _rows(world: World, start: int, count: int, seed: int):
    """`count` responses numbered from `start` (deterministic for a seed). Keys and uids grow with
    the number, so the unique indexes are appended to rather than split at random."""
    rng = random.Random(seed * 1_000_003 + start)
    periods = world.periods
    cum = world.period_weights
    total = cum[-1]
    postgres = connection.vendor == "postgresql"
    answers_pool = (1, 2, 3, 4)
    for n in range(start, start + count):
        spec = periods[bisect_right(cum, rng.random() * total)]
        answers = rng.choices(answers_pool, cum_weights=spec.answer_weights, k=9)
        if rng.random() < 0.1:
            answers[3] = None  # biaya not answered
        r = rng.random()
        flagged = r < 0.02
        included = r >= 0.01  # the first percent is flagged and excluded
        uid = uuid.UUID(int=n + 1)
        yield (
            uid if postgres else uid.hex,
            spec.period_id,
            spec.unit_id,
            spec.service_ids[0] if r < 0.7 else spec.service_ids[1],
            *answers,
            GENDERS[n % 4],
            rng.randrange(15, 80) if r < 0.9 else None,
            EDUCATIONS[n % 9],
            OCCUPATIONS[n % 8],
            WHY if answers[2] is not None and answers[2] <= 2 else "{}",
            "Ruang tunggu perlu kipas angin." if r > 0.9 else "",
            "{}",
            "web" if r < 0.85 else "paper",
            spec.timestamps[n % len(spec.timestamps)],
            f"bench-{n:012d}",
            "",
            "",
            rng.randrange(40, 600),
            None,
            None,
            FLAGS if flagged else "[]",
            flagged,
            included,
            "" if included else "Duplikat (uji beban)",
        )


# A generated row's tally facts (sewaka.surveys.tallies.FACTS), picked from its COLUMNS tuple.
_FACTS_OF_ROW = operator.itemgetter(*(COLUMNS.index(name) for name in tallies.FACTS))
CHUNK = 50_000


def load_responses(world: World, *, start: int, count: int, seed: int) -> tuple[float, float]:
    """Insert `count` generated responses (PostgreSQL: COPY, SQLite: executemany) and keep their tallies
    as the bulk import does: `tallies.tally_apply_facts` once per chunk of 50 000, in the chunk's
    transaction. Returns (seconds in all, of which seconds spent on the tallies)."""
    _check_columns()
    began = time.perf_counter()
    tally_seconds = 0.0
    rows = _rows(world, start, count, seed)
    postgres = connection.vendor == "postgresql"
    sql = (
        f"COPY surveys_response ({', '.join(COLUMNS)}) FROM STDIN"
        if postgres
        else f"INSERT INTO surveys_response ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
    )
    done = False
    while not done:
        batch = list(itertools.islice(rows, CHUNK))
        done = len(batch) < CHUNK
        if not batch:
            break
        with transaction.atomic():
            if postgres:
                with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                connection.ensure_connection()
                connection.connection.executemany(sql, batch)
            tally_began = time.perf_counter()
            tallies.tally_apply_facts(_FACTS_OF_ROW(row) for row in batch)
            tally_seconds += time.perf_counter() - tally_began
    if postgres:
        # What autovacuum does on a live server; without it the first reads also set hint bits.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE surveys_response")
            cursor.execute("VACUUM ANALYZE surveys_tally")
    return time.perf_counter() - began, tally_seconds


# --------------------------------------------------------------------------- (a) public submissions


def _submission_target():
    """A separate unit with one open period over two services (its rows are deleted afterwards)."""
    today = timezone.localdate()
    with transaction.atomic():
        root = Unit.objects.get(code="bench-kota")
        unit = unit_create(
            actor=None, parent=root, kind="puskesmas", code="bench-submit", name="UPTD Puskesmas Kirim"
        )
        services = [make_service(unit, "Pemeriksaan Umum"), make_service(unit, "Kesehatan Ibu dan Anak")]
        period = make_period(
            unit,
            name="Triwulan ini",
            services=dict.fromkeys(services, 5000),
            start=today - timedelta(days=30),
            end=today + timedelta(days=60),
        )
    return unit, period, services


def bench_submissions(*, requests: int, rounds: int, warmup: int, seed: int) -> dict:
    """POST `requests` answers `rounds` times to each view (interleaved); the best round counts."""
    rng = random.Random(seed)
    unit, period, services = _submission_target()
    real_url = f"/s/{unit.code}/"
    bare_url = f"/bench/bare/{period.pk}/{unit.pk}/"
    started = signing.dumps(time.time() - 180, salt=STARTED_SALT)  # filled in three minutes

    def payloads(n):
        out = []
        for _ in range(n):
            data = {key: str(rng.choice((2, 3, 3, 3, 4, 4))) for key in UNSUR_KEYS}
            data.update(
                service=str(rng.choice(services).pk),
                idempotency_key=str(uuid.uuid4()),
                t0=started,
                gender=rng.choice(("L", "P")),
                age=str(rng.randrange(18, 70)),
            )
            ip = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
            out.append((data, ip, uuid.uuid4().hex))
        return out

    client = Client()  # enforce_csrf_checks=False: a real browser sends the token, the cost is the same

    def run(url, batch):
        # Each respondent is a different phone: own browser cookie, own address (no rate-limit or
        # burst interplay between requests).
        start = time.perf_counter()
        for data, ip, cookie in batch:
            client.cookies[CLIENT_COOKIE] = cookie
            response = client.post(url, data, REMOTE_ADDR=ip)
            if response.status_code != 302:
                raise SystemExit(f"bench: POST {url} answered {response.status_code}, expected 302")
        return time.perf_counter() - start

    def time_get(n):
        start = time.perf_counter()
        for _ in range(n):
            client.cookies.pop(CLIENT_COOKIE, None)
            response = client.get(real_url)
            if response.status_code != 200:
                raise SystemExit(f"bench: GET {real_url} answered {response.status_code}")
        return time.perf_counter() - start

    with override_settings(
        ROOT_URLCONF=BENCH_URLCONF, SEWAKA_SKM_RATE_LIMIT_PER_HOUR=RATE_LIMIT_OFF, DEBUG=False
    ):
        run(real_url, payloads(warmup))
        run(bare_url, payloads(warmup))
        time_get(warmup)
        queries = {}
        for name, url in (("real", real_url), ("bare", bare_url)):
            with CaptureQueriesContext(connection) as ctx:
                run(url, payloads(1))
            queries[name] = len(ctx.captured_queries)
        with CaptureQueriesContext(connection) as ctx:
            time_get(1)
        queries["form"] = len(ctx.captured_queries)
        best = {"real": float("inf"), "bare": float("inf"), "form": float("inf")}
        for _ in range(rounds):
            best["real"] = min(best["real"], run(real_url, payloads(requests)))
            best["bare"] = min(best["bare"], run(bare_url, payloads(requests)))
            best["form"] = min(best["form"], time_get(requests))
    stored = Response.objects.filter(period=period).count()
    expected = 2 * (warmup + 1 + rounds * requests)
    if stored != expected:
        raise SystemExit(f"bench: {stored} responses stored, expected {expected}")
    with connection.cursor() as cursor:  # keep the results benchmark's counts exact
        cursor.execute("DELETE FROM surveys_response WHERE period_id = %s", [period.pk])
    tallies.rebuild(period.pk)  # a raw DELETE bypasses the write path: recompute that period's tallies
    rate = {k: requests / v for k, v in best.items()}
    result = {
        "requests": requests,
        "rounds": rounds,
        "real_rps": rate["real"],
        "bare_rps": rate["bare"],
        "form_rps": rate["form"],
        "ratio": rate["real"] / rate["bare"],
        "queries": queries,
    }
    say(f"\n(a) Public submission, {requests} POSTs per round, best of {rounds} rounds")
    table(
        ["view", "req/s", "ms/req", "queries/req", "vs bare"],
        [
            [
                "POST /s/<unit>/ (real)",
                f"{rate['real']:.0f}",
                f"{1000 / rate['real']:.2f}",
                str(queries["real"]),
                f"{result['ratio']:.2f}",
            ],
            [
                "POST bare insert",
                f"{rate['bare']:.0f}",
                f"{1000 / rate['bare']:.2f}",
                str(queries["bare"]),
                "1.00",
            ],
            [
                "GET /s/<unit>/ (form)",
                f"{rate['form']:.0f}",
                f"{1000 / rate['form']:.2f}",
                str(queries["form"]),
                f"{rate['form'] / rate['bare']:.2f}",
            ],
        ],
    )
    say(
        f"ratio real/bare (throughput): {result['ratio']:.3f}  (the real view costs {1 / result['ratio']:.1f}x)"
    )
    return result


# ------------------------------------------------------------------------------------- (b) results

AGGREGATES = ", ".join(f"SUM({key}), COUNT({key})" for key in UNSUR_KEYS) + ", COUNT(*)"
RAW_CITY = f"SELECT period_id, {AGGREGATES} FROM surveys_response WHERE is_included GROUP BY period_id"
RAW_UNIT = (
    f"SELECT period_id, {AGGREGATES} FROM surveys_response "
    "WHERE period_id = %s AND is_included GROUP BY period_id"
)


def _raw(sql: str, params=()) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


UNIT_TARGET = 1.5  # period_results ≤ 1.5 × one raw GROUP BY over the period (issue 16)
CITY_TARGET = 0.100  # the city ranking of 600 units < 100 ms server time (issue 16)
DASHBOARD_TARGET = 0.300  # the leadership dashboard of 600 units < 300 ms server time (issue 17)


def _city_raw_quarter(ids: list[int]):
    sql = (
        f"SELECT period_id, {AGGREGATES} FROM surveys_response WHERE is_included AND period_id IN "
        f"({', '.join(str(int(i)) for i in ids)}) GROUP BY period_id"
    )
    return lambda: _raw(sql)


def _check_all() -> tuple[int, int, float]:
    """`rebuildtallies --check` over every period: (periods, differences, seconds)."""
    began = time.perf_counter()
    ids = list(SurveyPeriod.objects.order_by("pk").values_list("pk", flat=True))
    differences = len(tallies.check_all(ids))
    return len(ids), differences, time.perf_counter() - began


def bench_results(world: World, *, sizes: list[int], repeat: int, pages: bool, seed: int) -> list[dict]:
    """Grow the table to each size in turn (cumulative loads) and time the reads at each size, with DEBUG
    off as on a server (no query log)."""
    with override_settings(DEBUG=False):
        return _bench_results(world, sizes=sizes, repeat=repeat, pages=pages, seed=seed)


def _bench_results(world: World, *, sizes: list[int], repeat: int, pages: bool, seed: int) -> list[dict]:
    user = get_user_model().objects.get(pk=world.user_pk)
    client = Client()
    client.force_login(user)
    # The unit page is timed on the busiest period: the worst case a unit sees.
    biggest = world.periods[1]  # unit 0, this quarter (unit 0 has the largest share)
    period = SurveyPeriod.objects.select_related("unit", "questionnaire").get(pk=biggest.period_id)
    today = timezone.localdate()
    root = Unit.objects.get(code=world.root_code)
    quarter = [spec.period_id for spec in world.periods[1::2]]  # every unit's period of this quarter
    results = []
    loaded = 0
    for size in sorted(set(sizes)):
        say(f"\n(b) loading responses {loaded:,} → {size:,} …")
        seconds, tally_seconds = load_responses(world, start=loaded, count=size - loaded, seed=seed)
        say(
            f"    {size - loaded:,} rows in {seconds:.1f} s, of which {tally_seconds:.1f} s keeping the tallies "
            f"({tally_seconds / max(1, size - loaded) * 1e6:.1f} µs a row)"
        )
        loaded = size
        total = Response.objects.count()
        unit_rows = Response.objects.filter(period_id=period.pk, is_included=True).count()
        # Sanity: the selectors and the raw SQL agree; the tallies equal the raw rows.
        ranking = selectors.city_ranking(user=user, start=None, end=None)
        raw_city = _raw(RAW_CITY)
        if sum(r["n"] for r in ranking) != sum(row[-1] for row in raw_city):
            raise SystemExit("bench: city_ranking and the raw GROUP BY disagree")
        if selectors.period_results(period).respondents != unit_rows:
            raise SystemExit("bench: period_results and the raw count disagree")
        checked, differences, check_seconds = _check_all()
        say(
            f"    rebuildtallies --check: {checked} periods, {differences} differences, {check_seconds:.1f} s"
        )
        if differences:
            raise SystemExit("bench: the tallies differ from the raw rows")

        # Time the reads as a web worker runs them: the loader's objects out of the collector's passes, and
        # what is alive now frozen as config/wsgi.py freezes a worker's start-up (a worker holds no loader).
        gc.collect()
        gc.freeze()

        def city_quarter():
            return selectors.city_ranking(user=user, start=today, end=today)

        timings = {
            "unit_selector": best_of(lambda: selectors.period_results(period), repeat),
            "unit_raw": best_of(lambda: _raw(RAW_UNIT, [period.pk]), repeat),
            "city_selector": best_of(city_quarter, repeat),
            "city_raw": best_of(_city_raw_quarter(quarter), repeat),
            "city_all_selector": best_of(
                lambda: selectors.city_ranking(user=user, start=None, end=None), repeat
            ),
            "city_all_raw": best_of(lambda: _raw(RAW_CITY), repeat),
            "city_ikm": best_of(lambda: selectors.pooled_result(quarter), repeat),
            # The leadership dashboard (issue 17 item 5): the figures, then the whole page as the city sees it.
            "dashboard": best_of(lambda: dashboard.dashboard(user=user, root=root), repeat),
            "dashboard_page": best_of(lambda: _get(client, "/dasbor/"), repeat),
        }
        queries = {}
        for name, fn in (
            ("unit", lambda: selectors.period_results(period)),
            ("city", city_quarter),
            ("city_all", lambda: selectors.city_ranking(user=user, start=None, end=None)),
            ("city_ikm", lambda: selectors.pooled_result(quarter)),
            ("dashboard", lambda: dashboard.dashboard(user=user, root=root)),
            ("dashboard_page", lambda: _get(client, "/dasbor/")),
        ):
            reset_queries()  # a full query log (from loading with DEBUG on) would make the count 0
            with CaptureQueriesContext(connection) as ctx:
                fn()
            queries[name] = len(ctx.captured_queries)
        quarter_units = len(city_quarter())  # every unit, plus the submission benchmark's own unit
        if quarter_units < len(quarter):
            raise SystemExit("bench: the quarter's ranking does not list every unit")
        if pages:
            timings["unit_page"] = best_of(lambda: _get(client, f"/skm/periode/{period.pk}/"), repeat)
            timings["city_page"] = best_of(
                lambda: _get(client, f"/skm/peringkat/?start={today:%Y-%m-%d}&end={today:%Y-%m-%d}"), repeat
            )
        row = {
            "size": size,
            "rows_total": total,
            "unit_rows": unit_rows,
            "periods": len(raw_city),
            "quarter_units": quarter_units,
            "load_seconds": seconds,
            "tally_seconds": tally_seconds,
            "check_seconds": check_seconds,
            "check_differences": differences,
            "unit_queries": queries["unit"],
            "city_queries": queries["city"],
            "city_all_queries": queries["city_all"],
            "city_ikm_queries": queries["city_ikm"],
            "dashboard_queries": queries["dashboard"],
            "dashboard_page_queries": queries["dashboard_page"],
            **timings,
        }
        results.append(row)
        _print_results_row(row, pages)
    return results


def _get(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"bench: GET {url} answered {response.status_code}")


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _print_results_row(row: dict, pages: bool) -> None:
    say(
        f"    {row['rows_total']:,} responses over {row['periods']} periods; "
        f"unit page period: {row['unit_rows']:,} included responses; this quarter: {row['quarter_units']} units"
    )
    unit_ratio = row["unit_selector"] / row["unit_raw"]
    lines = [
        [
            "unit: period_results()",
            ms(row["unit_selector"]),
            ms(row["unit_raw"]),
            f"{unit_ratio:.2f}",
            str(row["unit_queries"]),
            f"≤ {UNIT_TARGET} × raw: {_verdict(unit_ratio <= UNIT_TARGET)}",
        ],
        [
            f"city: city_ranking(), {row['quarter_units']} units this quarter",
            ms(row["city_selector"]),
            ms(row["city_raw"]),
            f"{row['city_selector'] / row['city_raw']:.2f}",
            str(row["city_queries"]),
            f"< {CITY_TARGET * 1000:.0f} ms: {_verdict(row['city_selector'] < CITY_TARGET)}",
        ],
        [
            f"city: city_ranking(), all {row['periods']} periods",
            ms(row["city_all_selector"]),
            ms(row["city_all_raw"]),
            f"{row['city_all_selector'] / row['city_all_raw']:.2f}",
            str(row["city_all_queries"]),
            "",
        ],
        [
            "city IKM: pooled_result(), this quarter",
            ms(row["city_ikm"]),
            ms(row["city_raw"]),
            f"{row['city_ikm'] / row['city_raw']:.2f}",
            str(row["city_ikm_queries"]),
            "",
        ],
        [
            "dashboard: selectors.dashboard(), the city",
            ms(row["dashboard"]),
            ms(row["city_raw"]),
            f"{row['dashboard'] / row['city_raw']:.2f}",
            str(row["dashboard_queries"]),
            "",
        ],
        [
            "dashboard: GET /dasbor/ (whole page)",
            ms(row["dashboard_page"]),
            ms(row["city_raw"]),
            f"{row['dashboard_page'] / row['city_raw']:.2f}",
            str(row["dashboard_page_queries"]),
            f"< {DASHBOARD_TARGET * 1000:.0f} ms: {_verdict(row['dashboard_page'] < DASHBOARD_TARGET)}",
        ],
    ]
    if pages:
        lines += [
            [
                "unit: GET /skm/periode/<pk>/",
                ms(row["unit_page"]),
                ms(row["unit_raw"]),
                f"{row['unit_page'] / row['unit_raw']:.2f}",
                "",
                "",
            ],
            [
                "city: GET /skm/peringkat/ (this quarter)",
                ms(row["city_page"]),
                ms(row["city_raw"]),
                f"{row['city_page'] / row['city_raw']:.2f}",
                "",
                "",
            ],
        ]
    table(["operation", "ms", "raw GROUP BY ms", "ratio", "queries", "target"], lines)
