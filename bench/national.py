"""National scale on PostgreSQL (`bench/run.py --national`, `make bench-national`). Not run by CI.

    .venv/bin/python bench/national.py                       # 548 pemda × 20 units, 1 000 000 then 3 000 000
    .venv/bin/python bench/national.py --sizes 200000 --pemda 50     # a quick look

A fresh PostgreSQL database `sewaka_bench_national`: `--pemda` (548) pemda roots with `--units` (20) units
each, two services per unit, one open period per unit (10 960 periods). Responses are generated inside
PostgreSQL (`INSERT … SELECT … FROM generate_series`, the server-side equivalent of COPY with no Python in
the loop): periods skewed (a period's share ∝ 1/rank^0.5 within its pemda), answers mostly 3–4, profile
filled, 1 % excluded, 2 % flagged. The tallies are then built for every period in three set-based
statements (one GROUP BY per dimension over the new rows, added to the tally rows) and the stored engine
result of each period's `all` row is recomputed in Python (the exact engine, per period), as
`rebuildtallies` would; a sample of periods is checked against its raw rows (`tallies.check`, zero
differences expected).

Measured at each size, best of `--repeat` (3), with the number of SQL queries:
- national ranking: every pemda's IKM from its periods' tally rows (one GROUP BY over the `all` rows, then
  the exact engine per pemda, as `tallies.pooled`);
- one pemda's figures: its units' IKM, respondents and mutu from their `all` tally rows (one query);
- one unit's page: `selectors.period_results(period)` for the busiest period;
- one submission: `services.response_submit` into that period (integrity checks, insert, tallies).
The figures should not grow from 1 000 000 to 3 000 000 responses.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import DEFAULT_POSTGRES, _machine, _postgres_admin, _with_db, say  # noqa: E402

UNSUR = (
    "persyaratan",
    "prosedur",
    "waktu",
    "biaya",
    "produk",
    "kompetensi",
    "perilaku",
    "pengaduan",
    "sarana",
)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/national.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pemda", type=int, default=548)
    parser.add_argument("--units", type=int, default=20, help="units per pemda (default 20)")
    parser.add_argument("--sizes", default="1000000,3000000", help="cumulative response counts")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", type=int, default=30, help="periods checked against their raw rows")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("SEWAKA_BENCH_POSTGRES_URL")
        or os.environ.get("SEWAKA_TEST_DATABASE_URL")
        or DEFAULT_POSTGRES,
    )
    parser.add_argument("--postgres-db", default="sewaka_bench_national")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--json", metavar="FILE")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# -------------------------------------------------------------------------------------------- child


def build_tree(pemda: int, units: int) -> dict:
    """Pemda, units, services, one open period per unit and its two period services, in bulk."""
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from sewaka.organisations.models import Service, Unit
    from sewaka.organisations.services import PATH_STEP
    from sewaka.surveys.models import PeriodService, SurveyPeriod
    from sewaka.surveys.services import default_questionnaire

    today = timezone.localdate()
    questionnaire = default_questionnaire()
    with transaction.atomic():
        roots = Unit.objects.bulk_create(
            [
                Unit(kind="pemda", code=f"pemda-{p:03d}", name=f"Pemerintah Daerah {p:03d}", path=f"tmp-r{p}")
                for p in range(pemda)
            ]
        )
        for root in roots:
            root.path = f"{root.pk:0{PATH_STEP}d}."
        Unit.objects.bulk_update(roots, ["path"])
        children = Unit.objects.bulk_create(
            [
                Unit(
                    parent=root,
                    depth=1,
                    kind="puskesmas",
                    code=f"u-{p:03d}-{i:02d}",
                    name=f"Puskesmas {i:02d} Pemda {p:03d}",
                    path=f"tmp-u{p}-{i}",
                )
                for p, root in enumerate(roots)
                for i in range(units)
            ]
        )
        for unit in children:
            unit.path = f"{unit.parent.path}{unit.pk:0{PATH_STEP}d}."
        Unit.objects.bulk_update(children, ["path"])
        services = Service.objects.bulk_create(
            [
                Service(unit=unit, name=name, slug=slug)
                for unit in children
                for name, slug in (("Pemeriksaan Umum", "umum"), ("Kesehatan Ibu dan Anak", "kia"))
            ]
        )
        periods = SurveyPeriod.objects.bulk_create(
            [
                SurveyPeriod(
                    unit=unit,
                    name="Tahun ini",
                    kind="tahun",
                    start=today - timedelta(days=200),
                    end=today + timedelta(days=160),
                    questionnaire=questionnaire,
                )
                for unit in children
            ]
        )
        PeriodService.objects.bulk_create(
            [
                PeriodService(period=period, service=service, population=5000)
                for period, pair in zip(
                    periods, zip(services[0::2], services[1::2], strict=True), strict=True
                )
                for service in pair
            ]
        )
        # The generator's map: index within the pemda → period, unit, services.
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE bench_period_map (idx int, pemda int, rank int, period_id bigint, unit_id bigint, "
                "service_a bigint, service_b bigint)"
            )
            rows = []
            for n, (period, unit) in enumerate(zip(periods, children, strict=True)):
                rows.append(
                    (n, n // units, n % units, period.pk, unit.pk, services[2 * n].pk, services[2 * n + 1].pk)
                )
            cursor.executemany("INSERT INTO bench_period_map VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)
            cursor.execute("CREATE INDEX ON bench_period_map (pemda, rank)")
    return {"periods": len(periods), "units": len(children), "pemda": len(roots)}


GENERATE = """
INSERT INTO surveys_response (
    uid, period_id, unit_id, service_id, {unsur}, gender, age, education, occupation, why, suggestion,
    extra_answers, source, submitted_at, idempotency_key, client_id, ip_hash, duration_seconds, kiosk_id,
    entered_by_id, flags, is_flagged, is_included, inclusion_reason)
SELECT
    md5(g::text || 'uid')::uuid, m.period_id, m.unit_id, CASE WHEN r.a < 0.7 THEN m.service_a ELSE m.service_b END,
    {answers},
    (ARRAY['L','P','P',''])[1 + g %% 4],
    CASE WHEN r.a < 0.9 THEN 15 + (g * 7) %% 65 END,
    (ARRAY['sd','smp','sma','sma','d1_d4','s1','s1','s2',''])[1 + g %% 9],
    (ARRAY['pns','swasta','wirausaha','wirausaha','pelajar','lainnya','lainnya',''])[1 + g %% 8],
    '{{}}'::jsonb, CASE WHEN r.a > 0.9 THEN 'Ruang tunggu perlu kipas angin.' ELSE '' END, '{{}}'::jsonb,
    CASE WHEN r.a < 0.85 THEN 'web' ELSE 'paper' END,
    now() - make_interval(secs => (g %% 15000000)),
    'nat-' || lpad(g::text, 12, '0'), '', '', 40 + g %% 500, NULL, NULL,
    CASE WHEN r.b < 0.02 THEN '[{{"code": "repeat_browser", "reason": "Pengiriman berulang."}}]'::jsonb
         ELSE '[]'::jsonb END,
    r.b < 0.02, r.b >= 0.01, CASE WHEN r.b < 0.01 THEN 'Duplikat (uji beban)' ELSE '' END
FROM generate_series(%s, %s) AS g
CROSS JOIN LATERAL (SELECT random() + 0 * g AS a, random() + 0 * g AS b, {draws},
                           floor(random() * %s + 0 * g)::int AS pemda,
                           floor(power(random(), 2) * %s + 0 * g)::int AS rank) AS r
JOIN bench_period_map m ON m.pemda = r.pemda AND m.rank = r.rank
"""


def generate(start: int, count: int, pemda: int, units: int) -> float:
    from django.db import connection, transaction

    # Answers: mostly 3, some 4, few 2 and 1, from one random draw per unsur (correlated with g, so that
    # PostgreSQL draws anew for every row).
    answers = ", ".join(
        f"CASE WHEN r.q{i} < 0.03 THEN 1 WHEN r.q{i} < 0.12 THEN 2 WHEN r.q{i} < 0.70 THEN 3 ELSE 4 END"
        for i in range(len(UNSUR))
    )
    draws = ", ".join(f"random() + 0 * g AS q{i}" for i in range(len(UNSUR)))
    sql = GENERATE.format(unsur=", ".join(UNSUR), answers=answers, draws=draws)
    began = time.perf_counter()
    step = 500_000
    for low in range(start + 1, start + count + 1, step):
        high = min(start + count, low + step - 1)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [low, high, pemda, units])
    return time.perf_counter() - began


def build_tallies(low_id: int) -> float:
    """Add the rows with id > low_id to the tallies (set-based, one statement per dimension), then
    recompute the stored engine result of every changed period's `all` row."""
    from django.db import connection, transaction

    from sewaka.surveys import tallies
    from sewaka.surveys.models import TALLY_COUNTS, Tally

    answered = " OR ".join(f"{u} IS NOT NULL" for u in UNSUR)
    sums = ", ".join(
        f"SUM(CASE WHEN is_included THEN {u} ELSE 0 END), COUNT(CASE WHEN is_included THEN {u} END)"
        for u in UNSUR
    )
    age = (
        "CASE "
        + " ".join(
            f"WHEN age BETWEEN {lo} AND {hi} THEN '{i}'" for i, (lo, hi, _l) in enumerate(tallies.AGE_BINS)
        )
        + " ELSE '' END"
    )
    dimensions = {
        "all": "''",
        "service": "COALESCE(service_id::text, '')",
        "gender": "gender",
        "age": age,
        "education": "education",
        "occupation": "occupation",
    }
    columns = ", ".join(TALLY_COUNTS)
    updates = ", ".join(f"{c} = surveys_tally.{c} + EXCLUDED.{c}" for c in TALLY_COUNTS)
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for dimension, value in dimensions.items():
            cursor.execute(
                f"""
                INSERT INTO surveys_tally (period_id, dimension, value, {columns}, ikm_exact, mutu, unsur)
                SELECT period_id, %s, {value},
                    COUNT(CASE WHEN is_included AND ({answered}) THEN 1 END),
                    COUNT(CASE WHEN is_included THEN 1 END),
                    COUNT(CASE WHEN NOT is_included THEN 1 END),
                    COUNT(CASE WHEN is_flagged THEN 1 END),
                    {sums}, '', '', '{{}}'::jsonb
                FROM surveys_response WHERE id > %s GROUP BY 1, 3
                ON CONFLICT (period_id, dimension, value) DO UPDATE SET {updates}
                """,
                [dimension, low_id],
            )
        changed = list(Tally.objects.filter(dimension="all"))
        for row in changed:
            for name, value in tallies.result_fields([getattr(row, c) for c in TALLY_COUNTS]).items():
                setattr(row, name, value)
        Tally.objects.bulk_update(changed, list(tallies.RESULT_FIELDS), batch_size=2000)
        cursor.execute("ANALYZE surveys_tally")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE surveys_response")
        cursor.execute("ANALYZE")  # the tree built in bulk too (what autovacuum would do, later)
    return time.perf_counter() - began


def best(fn, repeat: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    queries = len(ctx.captured_queries)
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return min(times), queries


def national_ranking() -> list:
    """Every pemda's IKM over its units' periods, from the `all` tally rows: one GROUP BY, then the exact
    engine per pemda."""
    from django.db import connection

    from sewaka.surveys import ikm
    from sewaka.surveys.models import TALLY_COUNTS

    sums = ", ".join(f"SUM(t.{c})" for c in TALLY_COUNTS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT u.parent_id, {sums} FROM surveys_tally t
                JOIN surveys_surveyperiod p ON p.id = t.period_id
                JOIN organisations_unit u ON u.id = p.unit_id
                WHERE t.dimension = 'all' AND p.in_ranking GROUP BY u.parent_id"""
        )
        rows = cursor.fetchall()
    ranking = []
    for pemda_id, *counts in rows:
        values = dict(zip(TALLY_COUNTS, counts, strict=True))
        result = ikm.compute_from_aggregates(
            {u: (int(values[f"{u}_sum"]), int(values[f"{u}_count"])) for u in UNSUR},
            respondents=int(values["n"]),
        )
        ranking.append((result.ikm_exact or 0, pemda_id, int(values["n"])))
    ranking.sort(reverse=True)
    return ranking


def pemda_figures(pemda_id: int) -> list:
    """One pemda's units: IKM, mutu and respondents from their periods' stored `all` rows (one query)."""
    from sewaka.surveys.models import Tally

    return list(
        Tally.objects.filter(dimension="all", period__unit__parent_id=pemda_id)
        .order_by("-ikm")
        .values_list("period__unit__name", "ikm", "mutu", "n")
    )


def child(args) -> dict:
    import django

    django.setup()
    import logging
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    logging.getLogger("axes").setLevel(logging.WARNING)
    import uuid

    from django.core.management import call_command
    from django.db import connection

    from sewaka.surveys import selectors, tallies
    from sewaka.surveys.ikm import UNSUR_KEYS
    from sewaka.surveys.models import Response, SurveyPeriod
    from sewaka.surveys.services import Submission, response_submit

    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        server = cursor.fetchone()[0].split(" on ")[0]
    began = time.perf_counter()
    tree = build_tree(args.pemda, args.units)
    say(
        f"{server}: {tree['pemda']} pemda, {tree['units']} units, {tree['periods']} periods in {time.perf_counter() - began:.0f} s"
    )
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    out = {"server": server, **tree, "rows": []}
    loaded = 0
    for size in sizes:
        low_id = Response.objects.order_by("-id").values_list("id", flat=True).first() or 0
        gen = generate(loaded, size - loaded, args.pemda, args.units)
        tal = build_tallies(low_id)
        loaded = size
        total = Response.objects.count()
        say(f"\n{total:,} responses: generated in {gen:.0f} s, tallies in {tal:.0f} s")
        sample = list(SurveyPeriod.objects.order_by("?").values_list("id", flat=True)[: args.check])
        differences = [d for pid in sample for d in tallies.check(pid)]
        say(
            f"  tallies of {len(sample)} random periods checked against their raw rows: {len(differences)} differences"
        )
        busiest = (
            Response.objects.values("period_id")
            .order_by()
            .annotate(n=django.db.models.Count("id"))
            .order_by("-n")[0]
        )
        period = SurveyPeriod.objects.select_related("unit", "questionnaire").get(pk=busiest["period_id"])
        pemda_id = period.unit.parent_id
        service_id = period.period_services.values_list("service_id", flat=True).first()

        def submit(period=period, service_id=service_id):
            response_submit(
                period=period,
                submission=Submission(answers=dict.fromkeys(UNSUR_KEYS, 3), service_id=service_id),
                idempotency_key=str(uuid.uuid4()),
                client_id=uuid.uuid4().hex,
                ip=f"10.1.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}",
                duration_seconds=120,
            )

        ranking = national_ranking()
        assert len(ranking) == args.pemda, len(ranking)
        row = {"size": total, "generate_seconds": gen, "tally_seconds": tal, "differences": len(differences)}
        for name, fn in (
            ("national_ranking", national_ranking),
            ("pemda_figures", lambda pemda_id=pemda_id: pemda_figures(pemda_id)),
            ("unit_page", lambda period=period: selectors.period_results(period)),
            ("submission", submit),
        ):
            seconds, queries = best(fn, args.repeat)
            row[name] = {"ms": seconds * 1000, "queries": queries}
        row["busiest_period_rows"] = busiest["n"]
        out["rows"].append(row)
        say(
            "  | operation | ms | queries |\n  |---|---|---|\n"
            + "\n".join(
                f"  | {name} | {row[name]['ms']:.1f} | {row[name]['queries']} |"
                for name in ("national_ranking", "pemda_figures", "unit_page", "submission")
            )
            + f"\n  (unit page: the busiest period, {busiest['n']:,} responses)"
        )
    return out


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.child:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        result = child(args)
        Path(os.environ["BENCH_OUT"]).write_text(json.dumps(result, default=str))
        return 0
    machine = _machine()
    say(
        f"Sewaka national scale — {machine['date']} — {machine['cpus']} × {machine['cpu']}, Python {machine['python']}"
    )
    admin = _postgres_admin(args)
    if admin is None:
        return 1
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{args.postgres_db}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{args.postgres_db}"')
    out_file = Path(f"/tmp/sewaka-bench-national-{os.getpid()}.json")
    env = {
        **os.environ,
        "DATABASE_URL": _with_db(args.postgres_url, args.postgres_db),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SEWAKA_DEBUG": "True",
        "BENCH_OUT": str(out_file),
    }
    import subprocess

    argv = [sys.executable, str(Path(__file__).resolve()), "--child", "--pemda", str(args.pemda)]
    argv += ["--units", str(args.units), "--sizes", args.sizes, "--repeat", str(args.repeat)]
    argv += ["--check", str(args.check)]
    try:
        code = subprocess.call(argv, env=env, cwd=ROOT)
    finally:
        if not args.keep:
            admin = _postgres_admin(args)
            if admin is not None:
                with admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{args.postgres_db}" WITH (FORCE)')
    if code != 0:
        return code
    result = json.loads(out_file.read_text())
    out_file.unlink(missing_ok=True)
    say(
        "\n| responses | national ranking ms (q) | one pemda ms (q) | one unit page ms (q) | one submission ms (q) |"
    )
    say("|---|---|---|---|---|")
    for r in result["rows"]:
        cells = " | ".join(
            f"{r[k]['ms']:.1f} ({r[k]['queries']})"
            for k in ("national_ranking", "pemda_figures", "unit_page", "submission")
        )
        say(f"| {r['size']:,} | {cells} |")
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine, **result}, indent=2))
    return 1 if any(r["differences"] for r in result["rows"]) else 0


if __name__ == "__main__":
    sys.exit(main())
