"""Issue 16 items 1–2: the tallies equal the raw rows after every write, whatever the order of writes.

The oracle is a raw SQL GROUP BY over surveys_response written here (not the code that builds the
tallies). A Hypothesis state machine runs random sequences of web submissions, paper entries, retried
submissions, imports (through the import services), exclusions, re-inclusions and service reassignments
over two periods, and compares after every step. Budget: SEWAKA_HYPOTHESIS_PROFILE=sewaka-ci (default, a
few examples for CI on both databases) or sewaka-dev (many more).
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from sewaka.surveys import ikm, import_services
from sewaka.surveys.ikm import UNSUR_KEYS
from sewaka.surveys.models import Response, Source, Tally
from sewaka.surveys.selectors import period_results
from sewaka.surveys.services import Submission, response_set_inclusion, response_set_service, response_submit

from .factories import make_period, make_service

PROFILES = {
    "sewaka-ci": settings(max_examples=6, stateful_step_count=12, deadline=None),
    "sewaka-dev": settings(max_examples=60, stateful_step_count=30, deadline=None),
}
BUDGET = PROFILES.get(os.environ.get("SEWAKA_HYPOTHESIS_PROFILE", "sewaka-ci"), PROFILES["sewaka-ci"])

# ---------------------------------------------------------------------------------------------- oracle

COUNTED = [
    "n",
    "included",
    "excluded",
    "flagged",
    *[f"{k}_{p}" for k in UNSUR_KEYS for p in ("sum", "count")],
]
_ANSWERED = " OR ".join(f"{key} IS NOT NULL" for key in UNSUR_KEYS)
_MEASURES = ", ".join(
    [
        f"SUM(CASE WHEN is_included AND ({_ANSWERED}) THEN 1 ELSE 0 END)",
        "SUM(CASE WHEN is_included THEN 1 ELSE 0 END)",
        "SUM(CASE WHEN is_included THEN 0 ELSE 1 END)",
        "SUM(CASE WHEN is_flagged THEN 1 ELSE 0 END)",
        *[
            f"COALESCE(SUM(CASE WHEN is_included THEN {k} END), 0), COUNT(CASE WHEN is_included THEN {k} END)"
            for k in UNSUR_KEYS
        ],
    ]
)
_SLICES = {
    "service": "COALESCE(CAST(service_id AS VARCHAR(20)), '')",
    "gender": "gender",
    "education": "education",
    "occupation": "occupation",
    "age": (
        "CASE WHEN age BETWEEN 0 AND 19 THEN '0' WHEN age BETWEEN 20 AND 29 THEN '1' "
        "WHEN age BETWEEN 30 AND 39 THEN '2' WHEN age BETWEEN 40 AND 49 THEN '3' "
        "WHEN age BETWEEN 50 AND 59 THEN '4' WHEN age BETWEEN 60 AND 200 THEN '5' ELSE '' END"
    ),
}


class _cursor:
    """The given DB-API cursor, or a cursor of Django's connection (closed afterwards)."""

    def __init__(self, cursor):
        self.given, self.own = cursor, None

    def __enter__(self):
        if self.given is not None:
            return self.given
        self.own = connection.cursor()
        return self.own

    def __exit__(self, *exc):
        if self.own is not None:
            self.own.close()


def oracle(cursor=None) -> dict[tuple[int, str, str], tuple[int, ...]]:
    """{(period, dimension, value): counts} straight from the responses table."""
    out = {}
    with _cursor(cursor) as cursor:
        cursor.execute(f"SELECT period_id, {_MEASURES} FROM surveys_response GROUP BY period_id")
        for period_id, *counts in cursor.fetchall():
            out[(period_id, "all", "")] = tuple(int(c) for c in counts)
        for dimension, expression in _SLICES.items():
            cursor.execute(
                f"SELECT period_id, {expression} AS slice, {_MEASURES} FROM surveys_response "
                f"GROUP BY period_id, {expression}"
            )
            for period_id, value, *counts in cursor.fetchall():
                out[(period_id, dimension, value)] = tuple(int(c) for c in counts)
    return out


def stored(cursor=None) -> dict[tuple[int, str, str], tuple[int, ...]]:
    """The tally rows that count something (a row emptied by a move stays with zeros)."""
    with _cursor(cursor) as cursor:
        cursor.execute(f"SELECT period_id, dimension, value, {', '.join(COUNTED)} FROM surveys_tally")
        rows = cursor.fetchall()
    return {(p, d, v): tuple(int(c) for c in counts) for p, d, v, *counts in rows if any(counts)}


def assert_tallies_equal_the_rows(cursor=None) -> None:
    """The tallies equal the oracle, and each period's stored result is the engine over the oracle's sums."""
    expected = oracle(cursor)
    assert stored(cursor) == expected
    with _cursor(cursor) as cursor:
        cursor.execute(
            "SELECT period_id, ikm_exact, ikm, mutu, unsur FROM surveys_tally WHERE dimension = 'all'"
        )
        results = cursor.fetchall()
    zero = (0,) * len(COUNTED)
    for period_id, ikm_exact, ikm_value, mutu, unsur in results:
        counts = dict(zip(COUNTED, expected.get((period_id, "all", ""), zero), strict=True))
        result = ikm.compute_from_aggregates(
            {k: (counts[f"{k}_sum"], counts[f"{k}_count"]) for k in UNSUR_KEYS}, respondents=counts["n"]
        )
        stored_ikm = None if ikm_value is None else Decimal(str(ikm_value)).quantize(Decimal("0.01"))
        assert (stored_ikm, mutu or None) == (result.ikm, result.mutu)
        assert (Fraction(ikm_exact) if ikm_exact else None) == result.ikm_exact
        assert (json.loads(unsur) if isinstance(unsur, str) else unsur) == {
            u.key: [format(u.ikm_equiv, "f"), u.mutu] for u in result.unsur if u.ikm_equiv is not None
        }


# ------------------------------------------------------------------------------------------ the machine

answer = st.one_of(st.none(), st.integers(1, 4))
answers = st.fixed_dictionaries(dict.fromkeys(UNSUR_KEYS, answer)).filter(
    lambda a: any(v is not None for v in a.values())
)
GENDERS = {"L": "Laki-laki", "P": "Perempuan", "": ""}
EDUCATIONS = {"sd": "SD", "sma": "SMA", "d1_d4": "D3", "s1": "S1", "": ""}
OCCUPATIONS = {"pns": "PNS", "wirausaha": "Wiraswasta", "pelajar": "Pelajar", "": ""}
profile = st.fixed_dictionaries(
    {
        "gender": st.sampled_from(sorted(GENDERS)),
        "age": st.one_of(st.none(), st.integers(15, 75)),
        "education": st.sampled_from(sorted(EDUCATIONS)),
        "occupation": st.sampled_from(sorted(OCCUPATIONS)),
    }
)


class TallyMachine(RuleBasedStateMachine):
    """Writes through the real services; the tallies must equal the oracle after each one."""

    ctx: SimpleNamespace  # set by the test: the persona tree and the actors
    responses = Bundle("responses")

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()  # every example rolls back to the test's clean database
        self.seconds = 0
        self.keys: list[str] = []

    @initialize()
    def open_periods(self):
        unit = self.ctx.tree.pkm_a
        today = timezone.localdate()
        self.services = [make_service(unit, "Umum"), make_service(unit, "Gigi")]
        self.periods = [
            make_period(
                unit,
                name=f"Periode {i}",
                services=dict.fromkeys(self.services, 100),
                start=today - timedelta(days=30 + 100 * i),
                end=today + timedelta(days=30 - 100 * i) if i else today + timedelta(days=30),
                open_=not i,
            )
            for i in range(2)
        ]

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _service(self, index):
        return None if index is None else self.services[index]

    @rule(
        target=responses,
        answers=answers,
        person=profile,
        service=st.sampled_from([None, 0, 1]),
        browser=st.sampled_from(["a", "b", "c"]),
    )
    def submit(self, answers, person, service, browser):
        """A web answer; a browser seen within the hour gets flagged (the integrity check)."""
        key = str(uuid.uuid4())
        self.keys.append(key)
        chosen = self._service(service)
        response, created = response_submit(
            period=self.periods[0],
            submission=Submission(answers=answers, service_id=chosen and chosen.pk, **person),
            idempotency_key=key,
            client_id=browser,
            ip="10.0.0.1",
            duration_seconds=120,
        )
        assert created
        return response

    @rule(target=responses, answers=answers, person=profile, period=st.sampled_from([0, 1]))
    def paper(self, answers, person, period):
        response, _created = response_submit(
            period=self.periods[period],
            submission=Submission(answers=answers, **person),
            idempotency_key=str(uuid.uuid4()),
            source=Source.PAPER,
            entered_by=self.ctx.operator,
        )
        return response

    @rule(data=st.data())
    def retry(self, data):
        """A retried submission (same key) stores nothing and counts nothing."""
        if not self.keys:
            return
        key = data.draw(st.sampled_from(self.keys))
        _response, created = response_submit(
            period=self.periods[0],
            submission=Submission(answers=dict.fromkeys(UNSUR_KEYS, 1)),
            idempotency_key=key,
        )
        assert not created

    @rule(
        rows=st.lists(st.tuples(answers, profile, st.sampled_from([None, 0, 1])), min_size=1, max_size=6),
        period=st.sampled_from([0, 1]),
    )
    def import_file(self, rows, period):
        """A CSV through the import services (upload → mapping → analysis → confirm → run)."""
        target = self.periods[period]
        out = io.StringIO()
        out.write(
            "Timestamp,Jenis kelamin,Usia,Pendidikan,Pekerjaan,Jenis layanan," + ",".join(UNSUR_KEYS) + "\n"
        )
        for values, person, service in rows:
            self.seconds += 1  # a distinct timestamp per row: no two rows are the same answer
            moment = datetime.combine(target.start + timedelta(days=1), time(8)) + timedelta(
                seconds=self.seconds
            )
            stamp = f"{moment:%d/%m/%Y %H:%M:%S}"
            cells = [
                stamp,
                GENDERS[person["gender"]],
                "" if person["age"] is None else str(person["age"]),
                EDUCATIONS[person["education"]],
                OCCUPATIONS[person["occupation"]],
                "" if service is None else self.services[service].name,
                *["" if values[k] is None else str(values[k]) for k in UNSUR_KEYS],
            ]
            out.write(",".join(cells) + "\n")
        actor = self.ctx.operator
        data = out.getvalue().encode()
        job = import_services.import_upload(
            actor=actor, period=target, uploaded=SimpleUploadedFile(f"f{self.seconds}.csv", data)
        )
        job = import_services.import_set_mapping(actor=actor, job=job, mapping=job.mapping)
        job = import_services.import_analyse(job=job)
        assert job.status == "analysed" and not job.errors, job.errors
        job = import_services.import_confirm(actor=actor, job=job, valid_only=False)
        job = import_services.import_run(job=job)
        assert job.stored_rows == len(rows)

    @rule(response=responses, include=st.booleans())
    def decide(self, response, include):
        """Exclude or re-include (twice the same decision must not count twice)."""
        response_set_inclusion(response=response, include=include, reason="Pemeriksaan", actor=self.ctx.monev)

    @rule(response=responses, service=st.sampled_from([None, 0, 1]))
    def reassign(self, response, service):
        response_set_service(
            response=response, service=self._service(service), reason="Salah pilih", actor=self.ctx.monev
        )

    @invariant()
    def tallies_equal_the_rows(self):
        assert_tallies_equal_the_rows()

    @invariant()
    def the_results_page_reads_the_same(self):
        if not hasattr(self, "services"):
            return
        for period in self.periods:
            rows = Response.objects.filter(period=period)
            results = period_results(period)
            assert results.excluded == rows.filter(is_included=False).count()
            assert results.flagged == rows.filter(is_flagged=True).count()
            assert results.respondents == rows.filter(is_included=True).count()


@pytest.mark.django_db
def test_tallies_equal_a_raw_group_by_after_every_write(tree, operator_unit_a, tim_monev):
    TallyMachine.ctx = SimpleNamespace(tree=tree, operator=operator_unit_a, monev=tim_monev)
    run_state_machine_as_test(
        TallyMachine,
        settings=settings(
            BUDGET, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
        ),
    )


def test_rebuildtallies_check_finds_a_tampered_tally_and_rebuild_repairs_it(tree):
    from .factories import make_response

    period = make_period(tree.pkm_a)
    make_response(period, dict.fromkeys(UNSUR_KEYS, 3), gender="P", age=34)
    make_response(period, dict.fromkeys(UNSUR_KEYS, 4) | {"biaya": None}, gender="L")
    out = io.StringIO()
    call_command("rebuildtallies", "--check", stdout=out)
    assert "0 selisih" in out.getvalue()

    Tally.objects.filter(period=period, dimension="gender", value="P").update(waktu_sum=99)
    Tally.objects.filter(period=period, dimension="all").update(mutu="D")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("rebuildtallies", "--check", "--period", str(period.pk), stdout=out)
    assert exit_.value.code == 1
    report = out.getvalue()
    assert "gender='P': waktu_sum 99 ≠ 3" in report and "hasil tersimpan" in report and "2 selisih" in report

    call_command("rebuildtallies", "--period", str(period.pk), stdout=io.StringIO())
    assert_tallies_equal_the_rows()
    out = io.StringIO()
    call_command("rebuildtallies", "--check", stdout=out)
    assert "0 selisih" in out.getvalue()


def test_the_data_migration_builds_the_tallies_of_rows_stored_before_them(tree):
    """Rows written without tallies (as before the migration) get them from the migration's builder."""
    import importlib

    from django.apps import apps

    period = make_period(tree.pkm_a)
    for i, values in enumerate(
        [dict.fromkeys(UNSUR_KEYS, 2), dict.fromkeys(UNSUR_KEYS, 4) | {"sarana": None}]
    ):
        Response.objects.create(
            period=period, unit=period.unit, idempotency_key=f"old-{i}", education="s1", age=70, **values
        )
    Response.objects.create(
        period=period,
        unit=period.unit,
        idempotency_key="old-x",
        is_included=False,
        is_flagged=True,
        persyaratan=1,
    )
    Response.objects.create(
        period=period, unit=period.unit, idempotency_key="old-empty"
    )  # included, unanswered
    migration = importlib.import_module("sewaka.surveys.migrations.0007_tally")
    migration.build_tallies(apps, None)
    assert_tallies_equal_the_rows()


@pytest.mark.django_db(transaction=True)
def test_two_writer_processes_on_one_period_never_lose_an_increment(tree, tim_monev, tmp_path):
    """Two real processes submit to the same period and flip the inclusion of one shared response at the
    same time, on this database (PostgreSQL: the test database; SQLite: a file copy of it, WAL)."""
    from .factories import make_response

    service_a, service_b = make_service(tree.pkm_a, "Umum"), make_service(tree.pkm_a, "Gigi")
    period = make_period(tree.pkm_a, services={service_a: 100, service_b: 100})
    shared = make_response(period, dict.fromkeys(UNSUR_KEYS, 2), service=service_a)
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "writers.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
        target.close()
        url = f"sqlite:///{path}"
    else:
        user = settings_dict["USER"] or ""
        password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
        host = settings_dict["HOST"] or "127.0.0.1"
        port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
        url = f"postgres://{user}{password}@{host}{port}/{settings_dict['NAME']}"
    go = tmp_path / "go"
    count = 30
    env = {**os.environ, "DATABASE_URL": url, "SEWAKA_DEBUG": "True"}
    root = Path(__file__).resolve().parents[3]
    args = [str(period.pk), str(count)]
    shared_args = [str(go), str(shared.pk), str(tim_monev.pk)]
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "sewaka.surveys.tests.concurrent_writer", *args, tag, *shared_args],
            env=env,
            cwd=root,
            stderr=subprocess.PIPE,
        )
        for tag in ("kiri", "kanan")
    ]
    go.touch()
    for writer in writers:
        _out, err = writer.communicate(timeout=180)
        assert writer.returncode == 0, err.decode()[-3000:]
    if connection.vendor == "sqlite":
        database = sqlite3.connect(path)
        cursor = database.cursor()
    else:
        cursor = connection.cursor()
    try:
        cursor.execute(f"SELECT COUNT(*) FROM surveys_response WHERE period_id = {int(period.pk)}")
        assert cursor.fetchone()[0] == 1 + 2 * count
        assert_tallies_equal_the_rows(cursor)
    finally:
        cursor.close()


def _city(parent, units: int, responses: int, admin):
    """`units` units under `parent`, each with one period this quarter, `responses` answers, an RTL and a
    publication."""
    from datetime import date

    from sewaka.organisations.tests.factories import make_unit
    from sewaka.surveys.models import Publication
    from sewaka.surveys.services import rtl_add

    from .factories import make_response

    for i in range(units):
        unit = make_unit(parent)
        service = make_service(unit, "Umum")
        period = make_period(
            unit, name=f"T4-{i}", services={service: 50}, start=date(2026, 10, 1), end=date(2026, 12, 31)
        )
        for j in range(responses):
            make_response(
                period, dict.fromkeys(UNSUR_KEYS, 1 + (i + j) % 4), service=service, gender="LP"[j % 2]
            )
        rtl_add(actor=admin, period=period, unsur="waktu", title="x", owner=None, due=date(2027, 1, 31))
        Publication.objects.create(
            period=period, medium="website", published_on=date(2027, 1, 5), recorded_by=admin
        )


def test_the_city_ranking_and_the_results_page_read_a_constant_number_of_queries(client, tree, admin_pemda):
    """Issue 16 item 2: the query count grows neither with units nor with responses (the selector and the
    whole ranking page)."""
    from datetime import date

    from django.test.utils import CaptureQueriesContext

    from sewaka.surveys.selectors import city_ranking

    client.force_login(admin_pemda)
    client.get("/skm/peringkat/")  # session, memberships: what a first request costs once
    counts, pages = [], []
    for parent, units, responses in ((tree.dinkes, 2, 2), (tree.capil, 7, 9)):
        _city(parent, units, responses, admin_pemda)
        with CaptureQueriesContext(connection) as ctx:
            rows = city_ranking(user=admin_pemda, start=date(2026, 10, 1), end=date(2026, 12, 31))
        assert sum(r["n"] for r in rows) == Response.objects.count()
        counts.append(len(ctx.captured_queries))
        with CaptureQueriesContext(connection) as ctx:
            page = client.get("/skm/peringkat/?start=2026-10-01&end=2026-12-31")
        assert page.status_code == 200 and page.content.decode().count('class="num">–</td>') == 0
        pages.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 5, counts
    assert pages[0] == pages[1], pages

    period = make_period(tree.pkm_a)
    from .factories import make_response

    sizes = []
    for n in (1, 12):
        for _ in range(n):
            make_response(period, dict.fromkeys(UNSUR_KEYS, 3), gender="P", age=30, education="s1")
        with CaptureQueriesContext(connection) as ctx:
            results = period_results(period)
        assert results.respondents == Response.objects.filter(period=period).count()
        sizes.append(len(ctx.captured_queries))
    assert sizes == [2, 2]  # the tally rows, the services; the exclusion reasons only when any


def test_a_city_ikm_pools_every_answer_and_the_units_ikm_come_from_their_tallies(tree):
    """Hand-derived: unit A two respondents answering 4 everywhere (IKM 100), unit B one answering 1
    (IKM 25). Pooled, every NRR is (4 + 4 + 1) / 3 = 3, so the city IKM is 75.00 — not the mean 62.50."""
    from sewaka.surveys.selectors import pooled_result, results_of

    from .factories import make_response

    a, b = make_period(tree.pkm_a), make_period(tree.pkm_b)
    make_response(a, dict.fromkeys(UNSUR_KEYS, 4))
    make_response(a, dict.fromkeys(UNSUR_KEYS, 4))
    make_response(b, dict.fromkeys(UNSUR_KEYS, 1))
    city = pooled_result([a, b])
    assert city.ikm_exact == 75 and city.respondents == 3 and city.mutu == "C"
    results = results_of([a.pk, b.pk])
    assert (results[a.pk].ikm, results[b.pk].ikm) == (Decimal("100.00"), Decimal("25.00"))
    assert results[b.pk].mutu == "D" and results[b.pk].by_key("waktu").nrr == 1


def test_reassigning_a_service_needs_a_reviewer_a_reason_and_a_service_of_the_period(
    tree, tim_monev, operator_unit_a
):
    from django.core.exceptions import PermissionDenied, ValidationError

    from sewaka.core.models import AuditEvent

    from .factories import make_response

    umum, gigi, other = (
        make_service(tree.pkm_a, "Umum"),
        make_service(tree.pkm_a, "Gigi"),
        make_service(tree.pkm_b),
    )
    period = make_period(tree.pkm_a, services={umum: 10, gigi: 10})
    response = make_response(period, service=umum)
    with pytest.raises(PermissionDenied):
        response_set_service(response=response, service=gigi, reason="x", actor=operator_unit_a)
    with pytest.raises(ValidationError):
        response_set_service(response=response, service=gigi, reason=" ", actor=tim_monev)
    with pytest.raises(ValidationError):
        response_set_service(response=response, service=other, reason="x", actor=tim_monev)
    response_set_service(response=response, service=gigi, reason="Salah pilih layanan", actor=tim_monev)
    response.refresh_from_db()
    assert response.service == gigi
    event = AuditEvent.objects.get(action="response.service")
    assert event.changes == {
        "service": {"before": umum.pk, "after": gigi.pk},
        "reason": "Salah pilih layanan",
    }
    per_service = {str(s): n for s, _r, n, _p in period_results(period).per_service}
    assert per_service == {"Gigi": 1}


@settings(max_examples=60, deadline=None)
@given(
    pairs=st.lists(
        st.integers(0, 500).flatmap(lambda c: st.tuples(st.integers(c, 4 * c), st.just(c))),
        min_size=len(UNSUR_KEYS),
        max_size=len(UNSUR_KEYS),
    ),
    extra=st.integers(0, 20),
)
def test_a_stored_result_says_what_the_engine_says(pairs, extra):
    """What lists read from a tally row (no engine run) equals the engine over the same sums."""
    from sewaka.surveys.tallies import StoredResult, result_fields

    aggregates = dict(zip(UNSUR_KEYS, pairs, strict=True))
    respondents = max(c for _s, c in pairs) + extra
    row = Tally(
        n=respondents,
        **{
            f"{k}_{p}": v
            for k, pair in aggregates.items()
            for p, v in zip(("sum", "count"), pair, strict=True)
        },
    )
    counts = [getattr(row, c) for c in COUNTED]
    for name, value in result_fields(counts).items():
        setattr(row, name, value)
    stored, engine = StoredResult.of(row), ikm.compute_from_aggregates(aggregates, respondents=respondents)
    assert (stored.ikm, stored.ikm_exact, stored.mutu, stored.kinerja) == (
        engine.ikm,
        engine.ikm_exact,
        engine.mutu,
        engine.kinerja,
    )
    assert (stored.respondents, stored.empty_unsur, stored.reason) == (
        engine.respondents,
        engine.empty_unsur,
        engine.reason,
    )
    for mine, theirs in zip(stored.unsur, engine.unsur, strict=True):
        assert (mine.key, mine.label, mine.total, mine.count, mine.nrr) == (
            theirs.key,
            theirs.label,
            theirs.total,
            theirs.count,
            theirs.nrr,
        )
        assert (mine.nrr_display, mine.ikm_equiv, mine.mutu, mine.kinerja) == (
            theirs.nrr_display,
            theirs.ikm_equiv,
            theirs.mutu,
            theirs.kinerja,
        )
