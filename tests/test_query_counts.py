"""The city-wide staff pages cost a number of queries that does not grow with the data.

Each page is fetched with a small world (n units, cases, periods) and again after the world grew to 3n;
the two counts must be equal (no magic number: a query per row would show as a difference). Sizes stay
small so the suite stays fast; the large sizes live in `bench/`.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from itertools import count

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sewaka.core.workdays import WITA
from sewaka.organisations.models import Role, UnitKind
from sewaka.organisations.tests.factories import make_member, make_unit

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=WITA)  # a Wednesday
SMALL = 2  # units added per step; the second step adds 2 * SMALL more (3x in all)
_serial = count(1)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def queries(client, url, params=None) -> int:
    """Queries of one GET, after a first GET has filled the per-process caches."""
    assert client.get(url, params or {}).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def grows(client, url, add, params=None) -> tuple[int, int]:
    """(queries with SMALL units of data, queries with 3 × SMALL)."""
    add(SMALL)
    small = queries(client, url, params)
    add(2 * SMALL)
    return small, queries(client, url, params)


def new_units(tree, n):
    return [make_unit(tree.dinkes, UnitKind.PUSKESMAS, name=f"Puskesmas Q{next(_serial)}") for _ in range(n)]


# --- Beranda ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin_pemda", "dinkes_operator", "monev", "pengaduan", "everything"])
def test_the_staff_home_page(client, tree, admin_pemda, persona):
    """Every role's block (tracker summary and letters, the unit's obligations and open periods, units to
    visit, cases by deadline, the late list), and all of them at once for a user with every role."""
    from sewaka.obligations.services import obligations_install_defaults
    from sewaka.organisations.services import membership_grant, service_create

    obligations_install_defaults(actor=None, pemda=tree.pemda)
    roles = {
        "admin_pemda": [(tree.pemda, Role.ADMIN_PEMDA)],
        "dinkes_operator": [(tree.dinkes, Role.OPERATOR)],
        "monev": [(tree.pemda, Role.TIM_MONEV)],
        "pengaduan": [(tree.dinkes, Role.PENGELOLA_PENGADUAN)],
    }
    grants = [g for gs in roles.values() for g in gs] if persona == "everything" else roles[persona]
    user = make_member(*grants[0])
    for unit, role in grants[1:]:
        membership_grant(actor=None, user=user, unit=unit, role=role)

    def add(n):
        for unit in new_units(tree, n):
            service_create(actor=None, unit=unit, name="Pemeriksaan umum")
            late_items(unit, admin_pemda)

    client.force_login(user)
    small, large = grows(client, reverse("home:home"), add)
    assert small == large


def late_items(unit, actor):
    """One follow-up past its due date, one still open, and a complaint past its verification deadline."""
    from sewaka.complaints.models import Complaint
    from sewaka.followups.services import followup_create

    for days in (-3, 10):
        followup_create(
            source=unit,
            unit=unit,
            title="Perbaiki papan alur",
            owner=None,
            due=NOW.date() + timedelta(days=days),
            actor=actor,
        )
    k = next(_serial)
    Complaint.objects.create(
        code=f"Q{k:06d}",
        idempotency_key=f"q{k}",
        what_happened="x",
        handling_unit=unit,
        status="diterima",
        channel="web",
        received_at=NOW - timedelta(days=20),
    )


# --- The city-wide late list (follow-ups of every source and complaints past a deadline) -----------


@pytest.mark.parametrize("params", [{}, {"semua": "1", "urut": "unit"}])
def test_the_late_list(client, tree, admin_pemda, params):

    def add(n):
        for unit in new_units(tree, n):
            late_items(unit, admin_pemda)

    client.force_login(admin_pemda)
    small, large = grows(client, reverse("home:worklist"), add, params)
    assert small == large


# --- SKM city ranking -------------------------------------------------------------------------------


def test_the_city_ranking(client, tree, admin_pemda):
    from sewaka.surveys import services as surveys
    from sewaka.surveys.ikm import UNSUR_KEYS
    from sewaka.surveys.tests.factories import make_period, make_response, make_service

    def add(n):
        for i, unit in enumerate(new_units(tree, n)):
            service = make_service(unit)
            period = make_period(
                unit,
                name="Triwulan IV 2026",
                services={service: 100},
                start=date(2026, 10, 1),
                end=date(2026, 12, 31),
            )
            for value in (2, 3, 4):
                make_response(period, dict.fromkeys(UNSUR_KEYS, value), service=service)
            if i % 2 == 0:  # half of them planned an action and published the result
                surveys.rtl_add(
                    actor=admin_pemda,
                    period=period,
                    unsur=UNSUR_KEYS[0],
                    title="Perjelas persyaratan",
                    owner=None,
                    due=date(2026, 12, 15),
                )
                surveys.publication_add(
                    actor=admin_pemda, period=period, medium="website", published_on=date(2026, 11, 10)
                )

    client.force_login(admin_pemda)
    small, large = grows(client, reverse("surveys:ranking"), add)
    assert small == large


# --- Readiness (self-assessments against the official results) ------------------------------------


def test_readiness(client, tree, admin_pemda):
    from sewaka.assessments import services as assessments
    from sewaka.assessments.models import InstrumentVersion
    from sewaka.followups.services import followup_create

    assessments.ensure_shipped_instruments()
    instrument = InstrumentVersion.objects.get(code="ombudsman-2022-2024")

    def add(n):
        for i, unit in enumerate(new_units(tree, n)):
            assessment = assessments.assessment_open(
                actor=admin_pemda, unit=unit, instrument=instrument, year=2026
            )
            answer = assessment.answers.order_by("id").first()
            assessments.answer_set(
                actor=admin_pemda,
                answer=answer,
                score=answer.score,
                note="",
                evidence_link="https://x.test/a",
            )
            if i % 2 == 0:
                assessments.official_result_record(
                    actor=admin_pemda, unit=unit, scheme="ombudsman", year=2026, score=80, category="B"
                )
            followup_create(
                source=unit,
                unit=unit,
                title="Lengkapi bukti",
                owner=None,
                due=NOW.date() + timedelta(days=7),
                actor=admin_pemda,
            )

    client.force_login(admin_pemda)
    small, large = grows(
        client, reverse("assessments:readiness"), add, {"instrument": instrument.pk, "year": 2026}
    )
    assert small == large


def test_readiness_forecast_of_every_unit(client, tree, admin_pemda):
    """The forecast from facts lists every unit (with or without a self-assessment): its page and workbook
    read the facts of all units at once."""
    from sewaka.assessments import services as assessments
    from sewaka.assessments.models import InstrumentVersion
    from sewaka.organisations.services import service_create
    from sewaka.standards.services import standard_new_version

    assessments.ensure_shipped_instruments()
    instrument = InstrumentVersion.objects.get(code="ombudsman-2022-2024")

    def add(n):
        for i, unit in enumerate(new_units(tree, n)):
            service = service_create(actor=None, unit=unit, name=f"Layanan {unit.pk}")
            standard_new_version(actor=admin_pemda, service=service)
            if i % 2:
                assessments.assessment_open(actor=admin_pemda, unit=unit, instrument=instrument, year=2026)

    client.force_login(admin_pemda)
    params = {"instrument": instrument.pk, "year": 2026}
    small, large = grows(client, reverse("assessments:readiness"), add, params)
    assert small == large
    small = queries(client, reverse("assessments:readiness_forecast_xlsx"), params)
    add(2 * SMALL)
    assert queries(client, reverse("assessments:readiness_forecast_xlsx"), params) == small


# --- Complaints list --------------------------------------------------------------------------------


@pytest.mark.parametrize("tab", ["open", "due", "all"])
def test_the_complaints_list(client, tree, admin_pemda, tab):
    from sewaka.complaints import services as complaints
    from sewaka.complaints.models import Complaint

    def add(n):
        for i, unit in enumerate(new_units(tree, n)):
            received = NOW - timedelta(days=7 + i)
            c, _new = complaints.complaint_submit(
                what_happened="Antrean panjang tanpa nomor.",
                idempotency_key=str(uuid.uuid4()),
                privacy="anonim",
                reported_unit=unit,
                received_at=received,
            )
            complaints.complaint_transition(complaint=c, to="diverifikasi", actor=admin_pemda)
            if i % 2 == 0:  # half of them wait for the reporter
                complaints.complaint_pause(complaint=c, actor=admin_pemda, question="Nomor antrean?")
            complaints.complaint_submit(  # and one unassigned case in the triage queue
                what_happened="Petugas tidak ada di loket.",
                idempotency_key=str(uuid.uuid4()),
                privacy="anonim",
                received_at=received,
            )
        assert Complaint.objects.exists()

    client.force_login(admin_pemda)
    small, large = grows(client, reverse("complaints:list"), add, {"tab": tab})
    assert small == large


# --- Leadership dashboard ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["pimpinan", "admin_pemda"])
def test_the_leadership_dashboard(client, tree, admin_pemda, pimpinan, persona):
    from sewaka.assessments import services as assessments
    from sewaka.complaints.models import Complaint
    from sewaka.followups.services import followup_create
    from sewaka.innovations import services as innovations
    from sewaka.obligations.services import obligations_install_defaults
    from sewaka.surveys.ikm import UNSUR_KEYS
    from sewaka.surveys.tests.factories import make_period, make_response, make_service

    obligations_install_defaults(actor=None, pemda=tree.pemda)

    def add(n):
        for i, unit in enumerate(new_units(tree, n)):
            service = make_service(unit)
            for start, end in (
                (date(2026, 7, 1), date(2026, 9, 30)),
                (date(2026, 10, 1), date(2026, 12, 31)),
            ):
                period = make_period(unit, services={service: 100}, start=start, end=end)
                for value in (2, 3, 4):
                    make_response(period, dict.fromkeys(UNSUR_KEYS, value), service=service)
            followup_create(
                source=unit,
                unit=unit,
                title="Perbaiki papan alur",
                owner=None,
                due=NOW.date() - timedelta(days=2),
                actor=None,
            )
            Complaint.objects.create(
                code=f"QD{next(_serial):05d}",
                idempotency_key=str(uuid.uuid4()),
                what_happened="x",
                handling_unit=unit,
                status="didisposisikan",
                received_at=NOW - timedelta(days=20 + i),
            )
            assessments.official_result_record(
                actor=admin_pemda, unit=unit, scheme="ombudsman", year=2025, score=80, category="B"
            )
            innovation = innovations.innovation_create(
                actor=admin_pemda, unit=unit, name=f"Inovasi {unit.name}"
            )
            innovations.award_record(
                actor=admin_pemda, innovation=innovation, year=2026, award_code="top99", scheme_name="KIPP"
            )

    client.force_login(pimpinan if persona == "pimpinan" else admin_pemda)
    small, large = grows(client, reverse("dashboard:index"), add)
    assert small == large
