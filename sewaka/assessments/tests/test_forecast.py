"""The readiness forecast from facts for every unit (issue 17 item 7): values derived by hand against the
Ombudsman 2022–2024 bands (domain.md §7), access, labels without internal codes, the 2025 instrument without
zones, the workbook."""

import io
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from sewaka.assessments import forecast, selectors, services
from sewaka.assessments.models import InstrumentVersion
from sewaka.assessments.tests.test_prefill_rules import draft_maklumat, set_standard
from sewaka.core.workdays import WITA
from sewaka.events import services as events
from sewaka.organisations.models import Role, UnitKind
from sewaka.organisations.tests.factories import make_member, make_unit
from sewaka.standards.services import maklumat_transition
from sewaka.surveys.models import UNSUR_KEYS
from sewaka.surveys.tests.factories import make_period, make_response

YEAR = 2026


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2026, 11, 18, 10, tzinfo=WITA), tick=False):
        yield


@pytest.fixture
def omb(db):
    services.ensure_shipped_instruments()
    return InstrumentVersion.objects.get(code="ombudsman-2022-2024")


@pytest.fixture
def full_facts(tree, operator_unit_a):
    """Puskesmas A: one service with a set, complete, published standard (complaint channel WhatsApp, not
    SP4N-LAPOR!), a published Maklumat, an SKM of the year with every answer 4 (IKM 100, mutu A), no
    complaint, present at the year's coordination meeting with the Ombudsman."""
    set_standard(tree.pkm_a, operator_unit_a)
    m = draft_maklumat(tree.pkm_a, operator_unit_a)
    maklumat_transition(actor=operator_unit_a, maklumat=m, to="ditetapkan")
    maklumat_transition(actor=operator_unit_a, maklumat=m, to="published")
    period = make_period(tree.pkm_a)
    for _ in range(3):
        make_response(period, dict.fromkeys(UNSUR_KEYS, 4))
    bagian = make_unit(tree.pemda, UnitKind.BAGIAN, name="Bagian Organisasi", code="bag-org")
    organiser = make_member(bagian, Role.OPERATOR, "operator_org")
    event = events.event_create(
        actor=organiser,
        organiser=bagian,
        kind="rakor_ombudsman",
        topic="Rapat koordinasi kepatuhan",
        date=date(2026, 8, 20),
        place="Ruang Rapat Sekda",
        speakers="Ombudsman RI Perwakilan Bali",
    )
    events.event_invite(actor=organiser, event=event, units=[tree.pkm_a])
    events.invitations_mark_attended(actor=organiser, event=event, unit_ids=[tree.pkm_a.pk])
    return tree.pkm_a


def rows_by_unit(user, instrument, **kw):
    return {
        r.unit: r for r in selectors.readiness_forecast(user=user, instrument=instrument, year=YEAR, **kw)
    }


def test_a_unit_with_full_facts_and_one_with_none_derived_by_hand(tree, omb, admin_pemda, full_facts):
    rows = rows_by_unit(admin_pemda, omb)
    # Empty facts (Puskesmas B): no service, no SKM, no invitation → only Pengaduan is decided: no complaint
    # and no channel in any standard → 0. Every other indicator counts 0: total 0,00, zona merah.
    # Best case: Input 10 × 3 → 21,85; Proses 11 × 3 → 32,37; Output 3 → 24,24; Pengaduan 0 → 78,46 (hijau).
    empty = rows[tree.pkm_b]
    assert (empty.score, empty.zone, empty.category) == (Decimal("0.00"), "merah", "D/E")
    assert (empty.best, empty.zone_best) == (Decimal("78.46"), "hijau")
    assert (empty.decided, empty.total, empty.decided_weight) == (
        1,
        23,
        Decimal("22"),
    )  # 21,54 % of the weight
    assert empty.assessment is None  # listed without a self-assessment
    # Full facts (Puskesmas A): Proses 11 × 3 = 100 % → 32,37; Output mutu A → 3 → 24,24; Pengaduan: no
    # complaint, WhatsApp but not SP4N-LAPOR! → 1 → 21,54 ÷ 3 = 7,18; Input: knowledge of the Ombudsman 3
    # (1 of 10 equal indicators) → 21,85 × 10 % = 2,185. Total 65,975 → 65,98: zona kuning (54,00–77,99).
    # Best case: + 9 × 2,185 = 19,665 → 85,64, zona hijau (kategori B).
    full = rows[full_facts]
    assert (full.score, full.zone, full.category) == (Decimal("65.98"), "kuning", "C")
    assert (full.best, full.zone_best) == (Decimal("85.64"), "hijau")
    assert (full.decided, full.total) == (14, 23)
    # 32,37 + 24,24 + 21,54 + 2,185 = 80,335 % of the weight decided.
    assert full.decided_weight == Decimal("80")
    # Worst first.
    ordered = selectors.readiness_forecast(user=admin_pemda, instrument=omb, year=YEAR)
    assert ordered.index(rows[tree.pkm_b]) < ordered.index(full)
    # Gaps: the undecided Input indicators with what to do; Pengaduan below full with the facts' reason.
    assert [g.number for g in full.low] == ["4.1"] and "SP4N-LAPOR! belum tercantum" in full.low[0].reason
    assert len(full.undecided) == 9 and all(g.todo for g in full.undecided)
    # The eleven compliance indicators read as one line (undecided for Puskesmas B: no service at all).
    assert [g.number for g in empty.gaps][:2] == ["1.1", "1.2"]
    compliance = next(g for g in empty.gaps if g.number == "2.1–2.11")
    assert compliance.undecided and compliance.text == "Kepatuhan standar pelayanan (11 indikator)"
    assert (empty.undecided_count, empty.low_count) == (22, 1)  # 23 indicators: 22 undecided, 4.1 at 0
    assert (full.undecided_count, full.low_count) == (9, 1)


def test_a_self_assessment_is_shown_beside_the_forecast(tree, omb, admin_pemda, operator_unit_a):
    a = services.assessment_open(actor=operator_unit_a, unit=tree.pkm_a, instrument=omb, year=YEAR)
    for answer in a.answers.all():
        services.answer_set(actor=operator_unit_a, answer=answer, score=3)
    row = rows_by_unit(admin_pemda, omb)[tree.pkm_a]
    assert row.assessment == a and (row.self_score, row.self_zone) == (Decimal("100.00"), "hijau")
    assert row.zone == "merah"  # the facts say otherwise: both are shown


def test_scope_tim_monev_and_admin_city_wide_operator_own_unit(
    tree, omb, admin_pemda, tim_monev, operator_unit_a, pimpinan
):
    everyone = {tree.dinkes, tree.pkm_a, tree.pkm_b, tree.capil, tree.dpmptsp, tree.mpp, tree.gerai}
    for user in (admin_pemda, tim_monev, pimpinan):
        assert set(rows_by_unit(user, omb)) >= everyone and tree.pemda not in rows_by_unit(user, omb)
    assert set(rows_by_unit(operator_unit_a, omb)) == {tree.pkm_a}
    # Filters: unit type, perangkat daerah (its subtree), zone.
    assert set(rows_by_unit(admin_pemda, omb, kind=UnitKind.PUSKESMAS)) == {tree.pkm_a, tree.pkm_b}
    assert set(rows_by_unit(admin_pemda, omb, agency=tree.dinkes)) == {tree.dinkes, tree.pkm_a, tree.pkm_b}
    assert rows_by_unit(admin_pemda, omb, zone="hijau") == {}
    # Inactive units are not forecast.
    tree.pkm_b.is_active = False
    tree.pkm_b.save()
    assert tree.pkm_b not in rows_by_unit(admin_pemda, omb)
    # Tim Monev's home-page list: worst first, at most `limit`.
    assert len(selectors.units_to_visit(user=tim_monev, year=YEAR, limit=2)) == 2


def test_the_page_lists_every_unit_without_internal_codes_and_filters_by_zone(
    client, tree, omb, admin_pemda, operator_unit_a, full_facts
):
    client.force_login(admin_pemda)
    page = client.get(reverse("assessments:readiness")).content.decode()
    assert "Ini prakiraan, bukan hasil penilaian resmi." in page
    assert "metode 2022–2024" in page and "tahun 2026" in page
    assert "Puskesmas B" in page and "Puskesmas A" in page  # neither filled a self-assessment
    assert "Zona kuning" in page and "Zona merah" in page
    assert "14 dari 23 indikator" in page
    # No indicator key anywhere ("input.kp-sp", "proses.k01", "output.persepsi", "pengaduan.pengelolaan").
    assert not re.search(r"\b(input|proses|output|pengaduan)\.[a-z0-9-]+", page)
    only_low = client.get(reverse("assessments:readiness"), {"zone": "kuning"}).content.decode()
    assert "Puskesmas A" in only_low and "Puskesmas B" not in only_low
    client.force_login(operator_unit_a)
    own = client.get(reverse("assessments:readiness")).content.decode()
    assert "Puskesmas A" in own and "Puskesmas B" not in own


def test_the_2025_instrument_shows_a_score_without_a_zone(client, tree, omb, admin_pemda, full_facts):
    opini = InstrumentVersion.objects.get(code="ombudsman-2025-opini")
    row = rows_by_unit(admin_pemda, opini)[full_facts]
    assert row.zone is None and row.category is None and row.score is not None
    assert forecast.zone_ranges(services.parsed(opini)) == []
    client.force_login(admin_pemda)
    page = client.get(
        reverse("assessments:readiness"), {"instrument": opini.pk, "year": YEAR}
    ).content.decode()
    assert "tanpa zona" in page and "Zona merah" not in page and "Zona kuning" not in page
    assert not re.search(r"\b(input|proses|output|pengaduan|kepercayaan)\.[a-z0-9-]+", page)


def test_bad_filters_fall_back_to_the_defaults(client, tree, omb, admin_pemda):
    client.force_login(admin_pemda)
    response = client.get(reverse("assessments:readiness"), {"year": "x", "zone": "ungu", "agency": "999999"})
    assert response.status_code == 200 and "Puskesmas A" in response.content.decode()


def test_the_forecast_workbook_has_the_rows_of_the_page(client, tree, omb, admin_pemda, full_facts):
    client.force_login(admin_pemda)
    response = client.get(reverse("assessments:readiness_forecast_xlsx"), {"zone": "kuning"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [r for r in sheet.iter_rows(min_row=8, values_only=True) if r[0]]
    assert [(r[1], r[4], r[5], r[9], r[10]) for r in rows] == [("Puskesmas A", 65.98, "kuning", 14, 23)]
    assert "input.kp" not in " ".join(str(c) for r in rows for c in r if c)


def test_the_units_assessment_page_shows_its_own_forecast_and_what_it_lacks(
    client, tree, omb, operator_unit_a, full_facts
):
    client.force_login(operator_unit_a)
    page = client.get(reverse("assessments:unit", args=[tree.pkm_a.pk])).content.decode()
    assert "Prakiraan zona Ombudsman dari data Sewaka tahun 2026" in page
    assert "65,98" in page and "Zona kuning" in page and "14 dari 23 indikator" in page
    assert "9 indikator tanpa bukti, 1 belum penuh" in page
    assert not re.search(r"\b(input|proses|output|pengaduan)\.[a-z0-9-]+", page)


@pytest.mark.parametrize(
    "code",
    ["ombudsman-2022-2024", "ombudsman-2025-opini", "ombudsman-2013-2021", "pekppp-2023", "monev-denpasar"],
)
def test_the_fast_scoring_equals_the_engine(db, code):
    import random

    from sewaka.assessments.scoring import engine

    inst = services.parsed_code(code)
    rng = random.Random(code)
    indicators = [i for d in inst.dimensions for i in d.indicators]
    for case in range(40):
        if case == 0:
            answers = {i.code: inst.scale_min for i in indicators}
        elif case == 1:
            answers = {i.code: inst.scale_max for i in indicators}
        else:
            answers = {i.code: rng.randint(inst.scale_min, inst.scale_max) for i in indicators}
        want = engine.score(inst, answers)
        got = forecast.fast_score(inst, answers)
        assert (got.total, got.category, got.label, got.zone) == (
            want.total,
            want.category,
            want.label,
            want.zone,
        )
