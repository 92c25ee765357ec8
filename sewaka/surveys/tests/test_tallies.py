"""Issue 16 items 1–2: the tallies equal the raw rows after every write, whatever the order of writes.

The oracle is a raw SQL GROUP BY over surveys_response written here (not the code that builds the
tallies). A Hypothesis state machine runs random sequences of web submissions, paper entries, retried
submissions, imports (through the import services), exclusions, re-inclusions and service reassignments
over two periods, and compares after every step. Budget: SEWAKA_HYPOTHESIS_PROFILE=sewaka-ci (default, a
few examples for CI on both databases) or sewaka-dev (many more).
"""

from __future__ import annotations

import io
import os
import uuid
from datetime import datetime, time, timedelta
from fractions import Fraction
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
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


def oracle() -> dict[tuple[int, str, str], tuple[int, ...]]:
    """{(period, dimension, value): counts} straight from the responses table."""
    out = {}
    with connection.cursor() as cursor:
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


def stored() -> dict[tuple[int, str, str], tuple[int, ...]]:
    """The tally rows that count something (a row emptied by a move stays with zeros)."""
    rows = Tally.objects.values_list("period_id", "dimension", "value", *COUNTED)
    return {(p, d, v): tuple(counts) for p, d, v, *counts in rows if any(counts)}


def assert_tallies_equal_the_rows() -> None:
    expected = oracle()
    assert stored() == expected
    for row in Tally.objects.filter(dimension="all"):
        counts = dict(
            zip(COUNTED, expected.get((row.period_id, "all", ""), (0,) * len(COUNTED)), strict=True)
        )
        result = ikm.compute_from_aggregates(
            {k: (counts[f"{k}_sum"], counts[f"{k}_count"]) for k in UNSUR_KEYS}, respondents=counts["n"]
        )
        assert (row.ikm, row.mutu or None) == (result.ikm, result.mutu)
        assert (Fraction(row.ikm_exact) if row.ikm_exact else None) == result.ikm_exact
        assert row.unsur == {
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
