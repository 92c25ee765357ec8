"""HTTP load benchmark of the public SKM submission (`make bench-http`). Not run by CI.

    .venv/bin/python bench/load.py                        # SQLite then PostgreSQL, about 2 minutes
    .venv/bin/python bench/load.py --db sqlite --seconds 5 --turns 1     # a quick look

For each database: a fresh database is created and migrated, gunicorn serves Sewaka with `--workers` (4)
sync workers on 127.0.0.1 with production settings (bench/load_settings.py: DEBUG off, the real
middleware, plus the bench URLconf with a bare insert view), and a loopback load generator in this
process (asyncio, `--connections` (16) concurrent clients, one TCP connection per request as a sync worker
closes it) posts in turns to

- the real view, `POST /s/<unit>/` (form, integrity checks, insert, redirect to the thank-you page), and
- the bare view, `POST /bench/bare/<period>/<unit>/` (one `Response.objects.create`, redirect),

warm-up first, then `--turns` (2) × (`--seconds` real, `--seconds` bare). Every request is a different
respondent: its own idempotency key, browser cookie and client address (X-Forwarded-For, believed because
SEWAKA_TRUSTED_PROXIES=127.0.0.1); the rate limit is raised for the run. Both views get the same CSRF
token check. After the run the server is stopped and the rows are counted: every acknowledged answer
(a redirect to the thank-you page) must be a stored row, and no row may be stored unacknowledged.

Printed per database: answers/s of each view, the ratio real/bare (target ≥ 0.5), latency p50/p95/p99 in
ms, and "answers acknowledged = rows stored". See docs/performance.md for the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import DEFAULT_POSTGRES, _machine, _postgres_admin, _remove_sqlite, _with_db, say  # noqa: E402

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
TARGET_RATIO = 0.5


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/load.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres or both (default both)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--seconds", type=float, default=10, help="length of one turn per view (default 10)")
    parser.add_argument("--turns", type=int, default=2, help="turns real/bare (default 2)")
    parser.add_argument("--warmup", type=float, default=3, help="warm-up seconds per view (default 3)")
    parser.add_argument("--sqlite-path", default="/tmp/sewaka-bench-http.sqlite3")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("SEWAKA_BENCH_POSTGRES_URL")
        or os.environ.get("SEWAKA_TEST_DATABASE_URL")
        or DEFAULT_POSTGRES,
    )
    parser.add_argument("--postgres-db", default="sewaka_bench_http")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--step", choices=["setup", "count"], help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# ------------------------------------------------------------------- steps run inside Django (children)


def _django():
    import django

    django.setup()


def step_setup() -> dict:
    """Migrate, then one pemda with two puskesmas: one receives the real view's answers, the other the
    bare view's (so each view's rows are counted apart). Printed as JSON for the parent."""
    _django()
    from datetime import timedelta

    from django.core import signing
    from django.core.management import call_command
    from django.db import transaction
    from django.urls import reverse
    from django.utils import timezone

    from sewaka.organisations.services import unit_create
    from sewaka.surveys.public_views import STARTED_SALT
    from sewaka.surveys.tests.factories import make_period, make_service

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    today = timezone.localdate()
    out = {}
    with transaction.atomic():
        root = unit_create(
            actor=None, parent=None, kind="pemda", code="load-kota", name="Pemerintah Kota Uji"
        )
        for name in ("real", "bare"):
            unit = unit_create(
                actor=None, parent=root, kind="puskesmas", code=f"load-{name}", name=f"Puskesmas Uji {name}"
            )
            services = [make_service(unit, "Pemeriksaan Umum"), make_service(unit, "Kesehatan Ibu dan Anak")]
            period = make_period(
                unit,
                name="Triwulan ini",
                services=dict.fromkeys(services, 5000),
                start=today - timedelta(days=30),
                end=today + timedelta(days=60),
            )
            out[name] = {
                "unit": unit.pk,
                "code": unit.code,
                "period": period.pk,
                "services": [s.pk for s in services],
            }
    out["real"]["url"] = reverse("public_survey", args=["load-real"])
    out["real"]["ok"] = reverse("public_survey_thanks", args=["load-real"])
    out["bare"]["url"] = f"/bench/bare/{out['bare']['period']}/{out['bare']['unit']}/"
    out["bare"]["ok"] = "/"
    out["t0"] = signing.dumps(time.time() - 180, salt=STARTED_SALT)  # the form was opened 3 minutes ago
    return out


def step_count() -> dict:
    _django()
    from django.db import connection

    from sewaka.surveys.models import Response

    counts = {}
    for code in ("load-real", "load-bare"):
        rows = Response.objects.filter(unit__code=code)
        counts[code] = {"rows": rows.count(), "flagged": rows.filter(is_flagged=True).count()}
    counts["server"] = connection.vendor
    return counts


# ---------------------------------------------------------------------------------- load generator


@dataclass
class Turn:
    ok: int = 0  # acknowledged: a redirect to the expected page
    other: dict = field(default_factory=dict)  # status -> count (anything else)
    errors: int = 0  # connection failures
    latencies: list = field(default_factory=list)  # seconds, every request
    seconds: float = 0.0


class Generator:
    """Posts one respondent's answers per request; a fresh TCP connection each time (gunicorn's sync
    workers close it after every response)."""

    def __init__(self, port: int, world: dict, seed: int):
        self.port = port
        self.world = world
        self.rng = random.Random(seed)
        self.n = 0
        self.csrf = "".join(
            self.rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
            for _ in range(32)
        )

    def request(self, kind: str) -> bytes:
        target = self.world[kind]
        self.n += 1
        n = self.n
        rng = self.rng
        form = {key: str(rng.choice((2, 3, 3, 3, 4, 4))) for key in UNSUR}
        form.update(
            service=str(rng.choice(target["services"])),
            idempotency_key=str(uuid.uuid4()),
            t0=self.world["t0"],
            gender=rng.choice(("L", "P")),
            age=str(rng.randrange(18, 70)),
            csrfmiddlewaretoken=self.csrf,
        )
        body = urllib.parse.urlencode(form).encode()
        address = f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"
        head = (
            f"POST {target['url']} HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{self.port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n"
            f"Cookie: csrftoken={self.csrf}; skm_client={uuid.uuid4().hex}\r\n"
            f"X-Forwarded-For: {address}\r\n"
            "Connection: close\r\n\r\n"
        )
        return head.encode() + body

    async def one(self, kind: str, turn: Turn) -> None:
        payload = self.request(kind)
        began = time.perf_counter()
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            writer.write(payload)
            data = await reader.read()
            writer.close()
        except OSError:
            turn.errors += 1
            return
        turn.latencies.append(time.perf_counter() - began)
        head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        lines = head.split("\r\n")
        try:
            status = int(lines[0].split()[1])
        except (IndexError, ValueError):
            turn.errors += 1
            return
        location = next(
            (ln.split(":", 1)[1].strip() for ln in lines[1:] if ln.lower().startswith("location:")), ""
        )
        if status == 302 and location == self.world[kind]["ok"]:
            turn.ok += 1
        else:
            turn.other[status] = turn.other.get(status, 0) + 1

    async def run(self, kind: str, seconds: float, connections: int) -> Turn:
        turn = Turn()
        deadline = time.perf_counter() + seconds

        async def client():
            while time.perf_counter() < deadline:
                await self.one(kind, turn)

        began = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(connections)))
        turn.seconds = time.perf_counter() - began
        return turn


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


# ------------------------------------------------------------------------------------------- parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(url: str) -> dict:
    key = lambda: base64.b64encode(secrets.token_bytes(36)).decode()  # noqa: E731
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "PYTHONPATH": str(ROOT),
        "SEWAKA_DEBUG": "False",
        "SEWAKA_SECRET_KEY": key(),
        "SEWAKA_HASH_KEY": key(),
        "SEWAKA_SECURE_SSL_REDIRECT": "False",
        "SEWAKA_ALLOWED_HOSTS": "127.0.0.1",
        "SEWAKA_TRUSTED_PROXIES": "127.0.0.1",
        "SEWAKA_SKM_RATE_LIMIT_PER_HOUR": str(10**9),
        "SEWAKA_LOG_LEVEL": "WARNING",
    }


def _step(step: str, env: dict) -> dict:
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--step", step],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


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


def _wait_ready(port: int, path: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                s.sendall(
                    f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
                )
                status = s.recv(64).split(b" ")[1]
                if status == b"200":
                    return
                raise SystemExit(f"GET {path} answered {status.decode()}")
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer in time")


def measure(db: str, url: str, args) -> dict:
    env = _env(url)
    world = _step("setup", env)
    port = _free_port()
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "config.wsgi", "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}"]
        + ["--log-level", "warning", "--backlog", "2048", "--timeout", "60"],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    gen = Generator(port, world, seed=2026)
    turns: dict[str, list[Turn]] = {"real": [], "bare": []}
    acknowledged = {"real": 0, "bare": 0}
    try:
        _wait_ready(port, world["real"]["url"], server)
        for kind in ("real", "bare"):  # warm-up: every worker imports, connects, fills its caches
            warm = asyncio.run(gen.run(kind, args.warmup, args.connections))
            acknowledged[kind] += warm.ok
        for _ in range(args.turns):
            for kind in ("real", "bare"):
                turn = asyncio.run(gen.run(kind, args.seconds, args.connections))
                turns[kind].append(turn)
                acknowledged[kind] += turn.ok
                say(
                    f"  {kind:4}: {turn.ok / turn.seconds:7.1f} answers/s over {turn.seconds:.1f} s"
                    + (f"; other answers {turn.other}" if turn.other else "")
                    + (f"; connection errors {turn.errors}" if turn.errors else "")
                )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    counts = _step("count", env)
    out = {"db": db, "workers": args.workers, "connections": args.connections}
    for kind in ("real", "bare"):
        done = turns[kind]
        ok = sum(t.ok for t in done)
        seconds = sum(t.seconds for t in done)
        lat = [x for t in done for x in t.latencies]
        stored = counts[f"load-{kind}"]["rows"]
        out[kind] = {
            "answers_per_s": ok / seconds,
            "p50_ms": percentile(lat, 50) * 1000,
            "p95_ms": percentile(lat, 95) * 1000,
            "p99_ms": percentile(lat, 99) * 1000,
            "requests": len(lat),
            "not_acknowledged": sum(sum(t.other.values()) + t.errors for t in done),
            "acknowledged": acknowledged[kind],
            "stored": stored,
            "flagged": counts[f"load-{kind}"]["flagged"],
        }
    out["ratio"] = out["real"]["answers_per_s"] / out["bare"]["answers_per_s"]
    return out


def _print(results: list[dict]) -> None:
    say("\n| database | view | answers/s | p50 ms | p95 ms | p99 ms | acknowledged = stored |")
    say("|---|---|---|---|---|---|---|")
    for r in results:
        for kind, label in (("real", "POST /s/<unit>/"), ("bare", "bare insert")):
            k = r[kind]
            same = "yes" if k["acknowledged"] == k["stored"] else "NO"
            say(
                f"| {r['db']} | {label} | {k['answers_per_s']:.0f} | {k['p50_ms']:.0f} | {k['p95_ms']:.0f} "
                f"| {k['p99_ms']:.0f} | {k['acknowledged']} = {k['stored']}: {same} |"
            )
    say("")
    for r in results:
        verdict = "met" if r["ratio"] >= TARGET_RATIO else "NOT met"
        say(f"{r['db']}: ratio real/bare {r['ratio']:.2f} (target ≥ {TARGET_RATIO}: {verdict})")


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.step:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.load_settings")
        result = step_setup() if args.step == "setup" else step_count()
        sys.stdout.write(json.dumps(result) + "\n")
        return 0
    machine = _machine()
    say(
        f"Sewaka HTTP load — {machine['date']} — {machine['cpus']} × {machine['cpu']}, Python {machine['python']}"
    )
    say(
        f"gunicorn {args.workers} sync workers, {args.connections} connections, warm-up {args.warmup:g} s, "
        f"{args.turns} × ({args.seconds:g} s real + {args.seconds:g} s bare)"
    )
    results = []
    failed = False
    for db in [d.strip() for d in args.db.split(",") if d.strip()]:
        url = _prepare(db, args)
        if url is None:
            continue
        say(f"\n=== {db} ===")
        try:
            result = measure(db, url, args)
        finally:
            _cleanup(db, args)
        results.append(result)
        for kind in ("real", "bare"):
            if result[kind]["acknowledged"] != result[kind]["stored"]:
                failed = True
    _print(results)
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine, "results": results}, indent=2))
    if failed:
        say("answers acknowledged ≠ rows stored: FAILED")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
