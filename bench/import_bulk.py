"""Bulk import benchmark: a Google-Forms CSV of 100 000 answers analysed and stored (`make bench-import`).
Not run by CI.

    .venv/bin/python bench/import_bulk.py                       # SQLite then PostgreSQL, 100 000 rows
    .venv/bin/python bench/import_bulk.py --db sqlite --rows 20000

For each database, in a child process of its own (so that its peak memory is the import's): a fresh
database, one puskesmas with an open period over two services, and a CSV in the shape of a Google Forms
export in Indonesian (timestamp, profile, service, nine questions answered with their labels, suggestion).
One row in 200 is bad (an answer that is not one of the four labels, or a date outside the period); the run
checks that every bad row is reported with its line and every good row is stored once. Timed: the
analysis (`import_analyse`) and the saving (`import_run`) through the same services the background tasks
call. Printed: seconds per step, rows per second and the peak resident memory of the process (target: both
steps together < 15 s, peak < 300 MB).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import DEFAULT_POSTGRES, _machine, _postgres_admin, _remove_sqlite, _with_db, say  # noqa: E402

TARGET_SECONDS = 15
TARGET_RSS_MB = 300

QUESTIONS = [
    "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
    "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
    "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
    "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
    "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
    "pelayanan dengan hasil yang diberikan?",
    "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
    "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
    "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
    "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
]
HEADER = [
    "Stempel waktu",
    "Jenis kelamin",
    "Usia",
    "Pendidikan terakhir",
    "Pekerjaan",
    "Jenis layanan",
    *QUESTIONS,
    "Saran",
]
GENDERS = ("Laki-laki", "Perempuan", "Perempuan")
AGES = ("19", "25", "34", "41", "20 - 29 tahun", "56", "63")
EDUCATIONS = ("SD", "SMP", "SMA/SMK", "SMA/SMK", "D3", "S1", "S1", "S2")
OCCUPATIONS = ("PNS", "Swasta", "Wiraswasta", "Pelajar/Mahasiswa", "Lainnya")
SERVICES = ("Pemeriksaan Umum", "Kesehatan Ibu dan Anak")
SUGGESTIONS = ("", "", "", "Ruang tunggu perlu kipas angin.", "Antrean mohon dipercepat, terima kasih")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/import_bulk.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres or both (default both)")
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the CSV (default 100000)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--sqlite-path", default="/tmp/sewaka-bench-import.sqlite3")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("SEWAKA_BENCH_POSTGRES_URL")
        or os.environ.get("SEWAKA_TEST_DATABASE_URL")
        or DEFAULT_POSTGRES,
    )
    parser.add_argument("--postgres-db", default="sewaka_bench_import")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # the CSV to import, in a child process
    return parser.parse_args(argv)


def write_csv(path: Path, rows: int, seed: int, start: date) -> list[int]:
    """The Google Forms export; returns the line numbers of the bad rows (header = line 1)."""
    rng = random.Random(seed)
    labels = [
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
        ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"),
        ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"),
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
    ]
    bad = []
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for n in range(rows):
            line = n + 2
            day = start + timedelta(days=rng.randrange(80))
            stamp = (
                f"{day:%d/%m/%Y} {rng.randrange(8, 16):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
            )
            answers = [lab[rng.choices((0, 1, 2, 3), cum_weights=(3, 12, 70, 100))[0]] for lab in labels]
            if n % 200 == 199:
                bad.append(line)
                if n % 400 == 399:
                    answers[2] = "Lumayan"  # not one of the four labels
                else:
                    stamp = f"01/01/2020 {stamp[11:]}"  # outside the period
            writer.writerow(
                [
                    stamp,
                    GENDERS[n % 3],
                    AGES[n % 7],
                    EDUCATIONS[n % 8],
                    OCCUPATIONS[n % 5],
                    SERVICES[0] if rng.random() < 0.7 else SERVICES[1],
                    *answers,
                    SUGGESTIONS[n % 5],
                ]
            )
    return bad


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


# -------------------------------------------------------------------------------------------- child


def child(csv_path: str, bad_lines: list[int]) -> dict:
    import django

    django.setup()
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    from django.contrib.auth import get_user_model
    from django.core.files import File
    from django.core.management import call_command
    from django.db import connection, transaction

    from sewaka.core.models import AuditEvent
    from sewaka.organisations.services import unit_create
    from sewaka.surveys import import_services
    from sewaka.surveys.models import Response
    from sewaka.surveys.tests.factories import make_period, make_service

    call_command("migrate", verbosity=0, interactive=False)
    rss_start = peak_rss_mb()
    with transaction.atomic():
        root = unit_create(actor=None, parent=None, kind="pemda", code="imp-kota", name="Pemerintah Kota Uji")
        unit = unit_create(actor=None, parent=root, kind="puskesmas", code="imp-pkm", name="Puskesmas Impor")
        services = {make_service(unit, name): 20_000 for name in SERVICES}
        period = make_period(unit, services=services, start=date(2026, 1, 1), end=date(2026, 12, 31))
        user = get_user_model().objects.create_superuser(
            username="imp-admin", email="imp@example.invalid", password="x" * 20
        )
    size = Path(csv_path).stat().st_size
    with open(csv_path, "rb") as handle:
        uploaded = File(handle, name="jawaban-google-forms.csv")  # as the view's uploaded file
        began = time.perf_counter()
        job = import_services.import_upload(actor=user, period=period, uploaded=uploaded)
        upload_seconds = time.perf_counter() - began
    job = import_services.import_set_mapping(actor=user, job=job, mapping=job.mapping)
    began, cpu = time.perf_counter(), time.process_time()
    job = import_services.import_analyse(job=job)
    analyse_seconds, analyse_cpu = time.perf_counter() - began, time.process_time() - cpu
    if job.status != "analysed":
        raise SystemExit(f"analysis failed: {job.message}")
    reported = {line for line, _reason in job.errors}
    job = import_services.import_confirm(actor=user, job=job, valid_only=True)
    began, cpu = time.perf_counter(), time.process_time()
    job = import_services.import_run(job=job)
    run_seconds, run_cpu = time.perf_counter() - began, time.process_time() - cpu
    stored = Response.objects.filter(period=period).count()
    audits = AuditEvent.objects.filter(action="survey_import.run").count()
    return {
        "server": connection.vendor,
        "rows": job.total_rows,
        "file_mb": size / 1048576,
        "upload_seconds": upload_seconds,
        "analyse_seconds": analyse_seconds,
        "run_seconds": run_seconds,
        "analyse_cpu": analyse_cpu,
        "run_cpu": run_cpu,
        "load_average": os.getloadavg()[0],
        "valid": job.valid_rows,
        "rejected": job.rejected_rows,
        "stored": stored,
        "stored_by_job": job.stored_rows,
        "bad_rows": len(bad_lines),
        "bad_rows_reported": len(reported & set(bad_lines)),
        "reported_not_bad": len(reported - set(bad_lines)),
        "audit_events": audits,
        "rss_start_mb": rss_start,
        "rss_peak_mb": peak_rss_mb(),
    }


# ------------------------------------------------------------------------------------------- parent


def _prepare(db: str, args) -> str | None:
    if db == "sqlite":
        _remove_sqlite(args.sqlite_path)
        return f"sqlite:///{args.sqlite_path}"
    admin = _postgres_admin(args)
    if admin is None:
        return None
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{args.postgres_db}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{args.postgres_db}"')
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


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.child:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        bad = json.loads(os.environ["BENCH_BAD_LINES"])
        sys.stdout.write(json.dumps(child(args.child, bad)) + "\n")
        return 0
    machine = _machine()
    say(
        f"Sewaka bulk import — {machine['date']} — {machine['cpus']} × {machine['cpu']}, Python {machine['python']}"
    )
    results = []
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "jawaban-google-forms.csv"
        began = time.perf_counter()
        bad = write_csv(path, args.rows, args.seed, date(2026, 2, 1))
        say(
            f"CSV: {args.rows:,} rows, {path.stat().st_size / 1048576:.1f} MB, {len(bad)} bad rows "
            f"(written in {time.perf_counter() - began:.1f} s)"
        )
        for db in [d.strip() for d in args.db.split(",") if d.strip()]:
            url = _prepare(db, args)
            if url is None:
                continue
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "SEWAKA_DEBUG": "True",  # development settings (no query log is kept outside requests)
                "SEWAKA_MEDIA_ROOT": str(Path(tmp) / "media"),
                "BENCH_BAD_LINES": json.dumps(bad),
            }
            try:
                out = subprocess.run(
                    [sys.executable, str(Path(__file__).resolve()), "--child", str(path)],
                    env=env,
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                )
            finally:
                _cleanup(db, args)
            if out.returncode != 0:
                say(f"{db}: failed\n{out.stderr[-3000:]}")
                failed = True
                continue
            result = json.loads(out.stdout.strip().splitlines()[-1])
            result["db"] = db
            results.append(result)
            ok = (
                result["stored"] == result["valid"] == args.rows - len(bad)
                and result["bad_rows_reported"] == len(bad)
                and result["reported_not_bad"] == 0
            )
            failed |= not ok
            total = result["analyse_seconds"] + result["run_seconds"]
            say(
                f"\n=== {db} ===\n"
                f"  upload (store the file, read the header): {result['upload_seconds']:.1f} s\n"
                f"  analysis: {result['analyse_seconds']:.1f} s ({result['rows'] / result['analyse_seconds']:,.0f} rows/s), CPU of this process {result['analyse_cpu']:.1f} s\n"
                f"  saving:   {result['run_seconds']:.1f} s ({result['stored'] / result['run_seconds']:,.0f} rows/s), CPU of this process {result['run_cpu']:.1f} s "
                f"(load average {result['load_average']:.1f})\n"
                f"  total analysis + saving: {total:.1f} s (target < {TARGET_SECONDS} s: "
                f"{'met' if total < TARGET_SECONDS else 'NOT met'})\n"
                f"  peak RSS {result['rss_peak_mb']:.0f} MB (after start-up {result['rss_start_mb']:.0f} MB; target "
                f"< {TARGET_RSS_MB} MB: {'met' if result['rss_peak_mb'] < TARGET_RSS_MB else 'NOT met'})\n"
                f"  rows stored {result['stored']:,} = valid {result['valid']:,}; bad rows reported with their line "
                f"{result['bad_rows_reported']}/{len(bad)}; audit events for the import run: {result['audit_events']}"
                + ("" if ok else "\n  CHECK FAILED")
            )
    if results:
        say(
            "\n| database | rows | analysis s (CPU) | saving s (CPU) | total s | peak RSS MB | stored = valid | bad rows reported |"
        )
        say("|---|---|---|---|---|---|---|---|")
        for r in results:
            say(
                f"| {r['db']} | {r['rows']:,} | {r['analyse_seconds']:.1f} ({r['analyse_cpu']:.1f}) | {r['run_seconds']:.1f} ({r['run_cpu']:.1f}) "
                f"| {r['analyse_seconds'] + r['run_seconds']:.1f} | {r['rss_peak_mb']:.0f} "
                f"| {r['stored']:,} = {r['valid']:,} | {r['bad_rows_reported']}/{r['bad_rows']} |"
            )
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine, "results": results}, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
