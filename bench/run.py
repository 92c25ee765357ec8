"""Entry point of `make bench`: the SKM benchmarks on SQLite and PostgreSQL. Not run by CI.

    .venv/bin/python bench/run.py                              # everything (about 10 minutes on 2 cores)
    .venv/bin/python bench/run.py --sizes 20000 --db sqlite    # a quick check

Each database runs in its own child process (Django reads DATABASE_URL once, at start-up) against a
dedicated, freshly migrated database: a temporary SQLite file and a PostgreSQL database `sewaka_bench`
that is dropped and recreated. Both are removed at the end unless --keep. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/test"


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _sizes(value: str) -> list[int]:
    try:
        sizes = sorted({int(v.replace("_", "")) for v in value.split(",") if v.strip()})
    except ValueError as exc:
        raise argparse.ArgumentTypeError("sizes are integers separated by commas") from exc
    if not sizes or sizes[0] <= 0:
        raise argparse.ArgumentTypeError("give at least one positive size")
    return sizes


def _dbs(value: str) -> list[str]:
    dbs = [v.strip() for v in value.split(",") if v.strip()]
    unknown = set(dbs) - {"sqlite", "postgres"}
    if unknown or not dbs:
        raise argparse.ArgumentTypeError("--db takes sqlite, postgres or both (comma-separated)")
    return list(dict.fromkeys(dbs))


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py",
        description="SKM benchmarks: (a) public submission throughput, real view vs a bare insert; "
        "(b) results page and city ranking vs one raw GROUP BY.",
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=_sizes("100000,1000000"),
        help="response counts for (b), comma-separated (default 100000,1000000)",
    )
    parser.add_argument(
        "--db", type=_dbs, default=["sqlite", "postgres"], help="sqlite, postgres or both (default both)"
    )
    parser.add_argument("--only", choices=["submit", "results"], help="run only (a) submit or (b) results")
    parser.add_argument(
        "--requests", type=int, default=300, help="(a) POSTs per round and view (default 300)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="(a) rounds, the best counts (default 3)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="(b) runs per operation, best counts (default 3)"
    )
    parser.add_argument("--units", type=int, default=600, help="(b) units, two periods each (default 600)")
    parser.add_argument("--no-pages", action="store_true", help="(b) skip timing the two full HTML pages")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the generated data")
    parser.add_argument("--sqlite-path", default="/tmp/sewaka-bench.sqlite3", help="benchmark SQLite file")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("SEWAKA_BENCH_POSTGRES_URL")
        or os.environ.get("SEWAKA_TEST_DATABASE_URL")
        or DEFAULT_POSTGRES,
        help="a PostgreSQL database to connect to for CREATE/DROP DATABASE "
        f"(default $SEWAKA_BENCH_POSTGRES_URL, $SEWAKA_TEST_DATABASE_URL or {DEFAULT_POSTGRES})",
    )
    parser.add_argument("--postgres-db", default="sewaka_bench", help="benchmark database name (recreated)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases afterwards")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# ------------------------------------------------------------------------------------------- parent


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _postgres_admin(args):
    """A psycopg connection in autocommit to the admin database, or None (printed) when unreachable."""
    try:
        import psycopg

        return psycopg.connect(args.postgres_url, autocommit=True, connect_timeout=5)
    except Exception as exc:  # any failure means "skip PostgreSQL"
        reason = " ".join(str(exc).split())[:200]
        say(f"PostgreSQL unreachable at {args.postgres_url} ({type(exc).__name__}: {reason}); skipped.")
        return None


def _prepare(db: str, args) -> str | None:
    """Create the empty benchmark database; returns its DATABASE_URL (None: skip this database)."""
    if db == "sqlite":
        _remove_sqlite(args.sqlite_path)
        return f"sqlite:///{args.sqlite_path}"
    admin = _postgres_admin(args)
    if admin is None:
        return None
    with admin:
        name = args.postgres_db
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return _with_db(args.postgres_url, args.postgres_db)


def _cleanup(db: str, args) -> None:
    if args.keep:
        return
    if db == "sqlite":
        _remove_sqlite(args.sqlite_path)
        return
    admin = _postgres_admin(args)
    if admin is not None:
        with admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{args.postgres_db}" WITH (FORCE)')


def _remove_sqlite(path: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(path + suffix).unlink(missing_ok=True)


def _machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def parent(args) -> int:
    machine = _machine()
    say(
        f"Sewaka benchmarks — {machine['date']} — {machine['cpus']} × {machine['cpu']}, Python {machine['python']}"
    )
    say(f"sizes {', '.join(f'{s:,}' for s in args.sizes)}; databases {', '.join(args.db)}")
    report = {"machine": machine, "args": {k: v for k, v in vars(args).items() if not k.startswith("child")}}
    failed = False
    for db in args.db:
        url = _prepare(db, args)
        if url is None:
            continue
        say(f"\n=== {db} ===")
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
            out = tmp.name
        argv = [sys.executable, str(Path(__file__).resolve()), "--child", db, "--child-out", out]
        argv += ["--sizes", ",".join(map(str, args.sizes)), "--requests", str(args.requests)]
        argv += ["--rounds", str(args.rounds), "--repeat", str(args.repeat), "--units", str(args.units)]
        argv += ["--seed", str(args.seed)]
        argv += ["--no-pages"] if args.no_pages else []
        argv += ["--only", args.only] if args.only else []
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
        began = time.perf_counter()
        code = subprocess.call(argv, env=env, cwd=ROOT)
        try:
            if code == 0:
                report[db] = json.loads(Path(out).read_text())
                report[db]["wall_seconds"] = time.perf_counter() - began
            else:
                failed = True
                say(f"{db}: the benchmark failed (exit {code})")
        finally:
            Path(out).unlink(missing_ok=True)
            _cleanup(db, args)
    _summary(report, args)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, default=str))
        say(f"\nJSON written to {args.json}")
    return 1 if failed else 0


def _summary(report: dict, args) -> None:
    dbs = [db for db in args.db if db in report]
    if not dbs:
        return
    say("\n=== summary ===")
    for db in dbs:
        info = report[db]
        say(f"{db}: {info['server']}, total {info['wall_seconds']:.0f} s")
    submit = [(db, report[db]["submit"]) for db in dbs if report[db].get("submit")]
    if submit:
        say("\n(a) Public submission throughput (django.test.Client in-process, one process)")
        say("| database | real view req/s | bare insert req/s | real/bare | queries real/bare |")
        say("|---|---|---|---|---|")
        for db, s in submit:
            q = s["queries"]
            say(
                f"| {db} | {s['real_rps']:.0f} | {s['bare_rps']:.0f} | {s['ratio']:.2f} | {q['real']}/{q['bare']} |"
            )
    results = [(db, report[db]["results"]) for db in dbs if report[db].get("results")]
    if results:
        pages = not args.no_pages
        say(
            "\n(b) Results from the tallies vs one raw GROUP BY (best of %d, ms; ratio = selector/raw)"
            % args.repeat
        )
        say(
            "Targets (issue 16): unit period_results ≤ 1.5 × the raw GROUP BY over its period; city ranking "
            "of 600 units < 100 ms, queries constant."
        )
        head = (
            "| database | responses | unit: period_results | raw | ratio | queries "
            "| city: city_ranking (units) | raw | queries | city IKM | tallies kept µs/row | check: differences |"
        )
        rule = "|---|---|---|---|---|---|---|---|---|---|---|---|"
        if pages:
            head += " unit page | city page |"
            rule += "---|---|"
        say(head)
        say(rule)
        for db, rows in results:
            for r in rows:
                added = r["size"] - (rows[rows.index(r) - 1]["size"] if rows.index(r) else 0)
                line = (
                    f"| {db} | {r['size']:,} | {r['unit_selector'] * 1000:.1f} | {r['unit_raw'] * 1000:.1f} "
                    f"| {r['unit_selector'] / r['unit_raw']:.2f} | {r['unit_queries']} "
                    f"| {r['city_selector'] * 1000:.1f} ({r['quarter_units']}) | {r['city_raw'] * 1000:.1f} "
                    f"| {r['city_queries']} | {r['city_ikm'] * 1000:.1f} "
                    f"| {r['tally_seconds'] / max(1, added) * 1e6:.1f} | {r['check_differences']} |"
                )
                if pages:
                    line += f" {r['unit_page'] * 1000:.1f} | {r['city_page'] * 1000:.1f} |"
                say(line)


# -------------------------------------------------------------------------------------------- child


def child(args) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import logging
    import warnings

    import django

    django.setup()
    warnings.filterwarnings("ignore", message="No directory at")  # STATIC_ROOT: not collected here
    logging.getLogger("axes").setLevel(logging.WARNING)  # one "successful login" line per run
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    from bench import skm

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version()")
            server = cursor.fetchone()[0].split(" on ")[0]
        else:
            cursor.execute("SELECT sqlite_version()")
            server = f"SQLite {cursor.fetchone()[0]}"
    say(f"{server}; database {connection.settings_dict['NAME']}")
    out = {"server": server}
    world = skm.build_world(units=args.units, seed=args.seed)
    if args.only in (None, "submit"):
        out["submit"] = skm.bench_submissions(
            requests=args.requests, rounds=args.rounds, warmup=min(30, args.requests), seed=args.seed
        )
    if args.only in (None, "results"):
        out["results"] = skm.bench_results(
            world, sizes=args.sizes, repeat=args.repeat, pages=not args.no_pages, seed=args.seed
        )
    Path(args.child_out).write_text(json.dumps(out, default=str))
    return 0


MODES = {"--national": "national.py", "--http": "load.py", "--import": "import_bulk.py"}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # The other benchmarks have their own scripts; `run.py --national …` runs bench/national.py with the rest.
    for flag, script in MODES.items():
        if flag in argv:
            rest = [a for a in argv if a != flag]
            return subprocess.call([sys.executable, str(Path(__file__).resolve().parent / script), *rest])
    args = parse_args(argv)
    return child(args) if args.child else parent(args)


if __name__ == "__main__":
    sys.exit(main())
