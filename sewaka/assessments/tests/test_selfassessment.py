"""Self-assessment with indicators pre-filled from Sewaka's data; finalise freezes; revisions; access."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sewaka.assessments import services
from sewaka.assessments.models import Assessment, InstrumentVersion
from sewaka.assessments.scoring.engine import format_id
from sewaka.core.models import AuditEvent
from sewaka.organisations.services import service_create
from sewaka.standards.services import standard_new_version, standard_transition, standard_update
from sewaka.standards.tests.test_standards import COMPLETE


@pytest.fixture
def pekppp(db):
    services.ensure_shipped_instruments()
    return InstrumentVersion.objects.get(code="pekppp-2023")


@pytest.fixture
def set_standard(tree, operator_unit_a):
    service = service_create(actor=None, unit=tree.pkm_a, name="Pelayanan Umum")
    standard = standard_new_version(actor=operator_unit_a, service=service)
    standard_update(actor=operator_unit_a, standard=standard, **COMPLETE)
    standard_transition(
        actor=operator_unit_a,
        standard=standard,
        to="ditetapkan",
        decree_number="1/2026",
        decree_date=date(2026, 11, 1),
        signing_official="Kepala",
        decree_pdf=SimpleUploadedFile("sk.pdf", b"%PDF-1.4 sk"),
    )
    return standard_transition(actor=operator_unit_a, standard=standard, to="published")


def test_indicator_1_is_prefilled_from_the_standards_and_follows_a_new_version(
    tree, pekppp, set_standard, operator_unit_a
):
    a = services.assessment_open(actor=operator_unit_a, unit=tree.pkm_a, instrument=pekppp, year=2026)
    answer = a.answers.get(indicator="1")
    assert answer.score == 3 and answer.source == "sewaka"
    assert (
        "Pelayanan Umum" in answer.prefill_reason and "belum melibatkan masyarakat" in answer.prefill_reason
    )
    before = services.result_of(a).dimension("kebijakan").score
    # A new version without a component: the weakest version counts once it is the current one.
    v2 = standard_new_version(actor=operator_unit_a, service=set_standard.service)
    standard_update(actor=operator_unit_a, standard=v2, produk="")
    standard_transition(
        actor=operator_unit_a,
        standard=v2,
        to="ditetapkan",
        decree_number="2/2026",
        decree_date=date(2026, 11, 20),
        signing_official="Kepala",
        decree_pdf=SimpleUploadedFile("sk.pdf", b"%PDF-1.4 sk2"),
    )
    standard_transition(actor=operator_unit_a, standard=v2, to="published")
    services.assessment_refresh_prefill(assessment=a)
    answer.refresh_from_db()
    assert answer.score == 1 and "belum lengkap" in answer.prefill_reason
    assert services.result_of(a).dimension("kebijakan").score < before  # the prediction follows


def test_a_prefilled_indicator_can_only_be_argued_with_evidence(tree, pekppp, set_standard, operator_unit_a):
    a = services.assessment_open(actor=operator_unit_a, unit=tree.pkm_a, instrument=pekppp, year=2026)
    answer = a.answers.get(indicator="1")
    with pytest.raises(ValidationError):
        services.answer_set(actor=operator_unit_a, answer=answer, score=5)
    services.answer_set(
        actor=operator_unit_a,
        answer=answer,
        score=4,
        note="FKP 2025 belum dicatat di Sewaka",
        evidence_link="https://example.test/berita-acara-fkp.pdf",
    )
    answer.refresh_from_db()
    assert answer.source == "argued" and answer.score == 4
    other = a.answers.get(indicator="2")
    with pytest.raises(ValidationError):
        services.answer_set(actor=operator_unit_a, answer=other, score=9)


def test_a_final_assessment_cannot_change_and_a_revision_keeps_the_old_one(tree, pekppp, operator_unit_a):
    a = services.assessment_open(actor=operator_unit_a, unit=tree.pkm_a, instrument=pekppp, year=2026)
    services.answer_set(actor=operator_unit_a, answer=a.answers.get(indicator="2"), score=3)
    services.assessment_finalise(actor=operator_unit_a, assessment=a)
    with pytest.raises(ValidationError):
        services.answer_set(actor=operator_unit_a, answer=a.answers.get(indicator="2"), score=5)
    assert a.snapshot["answers"]["2"] == 3 and a.snapshot["instrument"] == "pekppp-2023"
    revision = services.assessment_revise(actor=operator_unit_a, assessment=a)
    assert (
        revision.revision == 2 and revision.previous == a and revision.answers.get(indicator="2").score == 3
    )
    a.refresh_from_db()
    assert a.status == "final"
    actions = set(
        AuditEvent.objects.filter(object_type="assessments.assessment").values_list("action", flat=True)
    )
    assert {"assessment.open", "assessment.answer", "assessment.finalise", "assessment.revise"} <= actions


def test_a_published_instrument_version_is_immutable(pekppp):
    data = dict(pekppp.data)
    data["title"] = "Diubah diam-diam"
    with pytest.raises(ValidationError):
        services.instrument_load(data=data)


def test_access_other_unit_404_pimpinan_read_only(
    client, tree, pekppp, operator_unit_a, operator_unit_b, pimpinan
):
    a = services.assessment_open(actor=operator_unit_a, unit=tree.pkm_a, instrument=pekppp, year=2026)
    client.force_login(operator_unit_b)
    assert client.get(a.get_absolute_url()).status_code == 404
    assert client.get(reverse("assessments:unit", args=[tree.pkm_a.pk])).status_code == 404
    assert client.post(reverse("assessments:answer", args=[a.pk, "2"]), {"score": "5"}).status_code == 404
    client.force_login(pimpinan)
    assert client.get(a.get_absolute_url()).status_code == 200
    assert client.post(reverse("assessments:answer", args=[a.pk, "2"]), {"score": "5"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.assessment_open(actor=pimpinan, unit=tree.pkm_b, instrument=pekppp, year=2026)


def test_the_pages_render_and_official_results_are_recorded(
    client, tree, pekppp, admin_pemda, operator_unit_a
):
    client.force_login(operator_unit_a)
    response = client.post(
        reverse("assessments:unit", args=[tree.pkm_a.pk]), {"instrument": pekppp.pk, "year": "2026"}
    )
    assert response.status_code == 302
    a = Assessment.objects.get()
    body = client.get(a.get_absolute_url()).content.decode()
    assert "Kebijakan Pelayanan" in body and "Prediksi saat ini" in body
    client.force_login(admin_pemda)
    client.post(
        reverse("assessments:official_record", args=[tree.pkm_a.pk]),
        {"scheme": "ombudsman", "year": "2024", "score": "97.93", "category": "A", "zone": "hijau"},
    )
    page = client.get(reverse("assessments:unit", args=[tree.pkm_a.pk])).content.decode()
    assert "97,93" in page


def test_a_monev_visit_records_findings_as_follow_ups_and_reviews_correct_scores(
    client, tree, pekppp, tim_monev, operator_unit_a
):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(operator_unit_a)
    assert client.get(reverse("assessments:visit", args=[tree.pkm_a.pk])).status_code == 403
    client.force_login(tim_monev)
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    response = client.post(
        reverse("assessments:visit", args=[tree.pkm_a.pk]),
        {
            "visited_on": timezone.localdate().isoformat(),
            "representative": "Kepala TU",
            "item_sp-dipampang": "on",
            "findings": "Maklumat belum dipasang di ruang tunggu\nKursi prioritas kurang",
            "due": due,
        },
    )
    assert response.status_code == 302
    client.force_login(operator_unit_a)
    listing = client.get(reverse("followups:list")).content.decode()
    assert "Maklumat belum dipasang" in listing and "Kursi prioritas kurang" in listing
    a = services.assessment_open(actor=operator_unit_a, unit=tree.pkm_a, instrument=pekppp, year=2026)
    answer = a.answers.get(indicator="2")
    services.answer_set(actor=operator_unit_a, answer=answer, score=5)
    with pytest.raises(PermissionDenied):
        services.answer_review(actor=operator_unit_a, answer=answer, score=2, note="x")
    services.answer_review(actor=tim_monev, answer=answer, score=2, note="Tidak ada bukti FKP")
    assert services.result_of(a).line("2").answer == 2


def test_date_inputs_carry_their_initial_value_in_iso_format(client, tree, tim_monev):
    from django.utils import timezone

    client.force_login(tim_monev)
    body = client.get(reverse("assessments:visit", args=[tree.pkm_a.pk])).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in body  # browsers ignore "24/11/2026" in type=date


def test_readiness_ranks_units_and_calibrates_against_official_results(
    client, tree, admin_pemda, operator_unit_a, operator_unit_b
):
    from decimal import Decimal

    services.ensure_shipped_instruments()
    omb = InstrumentVersion.objects.get(code="ombudsman-2022-2024")
    for user, unit, value in ((operator_unit_a, tree.pkm_a, 3), (operator_unit_b, tree.pkm_b, 1)):
        a = services.assessment_open(actor=user, unit=unit, instrument=omb, year=2026)
        for answer in a.answers.all():
            services.answer_set(actor=user, answer=answer, score=value)
    services.official_result_record(
        actor=admin_pemda,
        unit=tree.pkm_a,
        scheme="ombudsman",
        year=2026,
        score=Decimal("97.99"),
        category="A",
        zone="hijau",
    )
    from sewaka.assessments.selectors import readiness

    data = readiness(user=admin_pemda, instrument=omb, year=2026)
    assert [r["unit"] for r in data["rows"]] == [tree.pkm_a, tree.pkm_b]
    assert not data["rows"][0]["below_green"] and data["rows"][1]["below_green"]
    assert data["rows"][1]["losses"]  # the indicators that cost most points are named
    assert data["mae"] == Decimal("2.01") and data["agreement"] == 100
    assert [r["unit"] for r in readiness(user=operator_unit_b, instrument=omb, year=2026)["rows"]] == [
        tree.pkm_b
    ]
    client.force_login(admin_pemda)
    page = client.get(
        reverse("assessments:readiness"), {"instrument": omb.pk, "year": "2026"}
    ).content.decode()
    assert "di bawah zona hijau" in page and "<svg" in page and "2,01" in page


def test_the_demo_monev_round_gives_hijau_kuning_and_merah(db, settings):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from sewaka.assessments.selectors import readiness

    settings.SEWAKA_DEMO_USERS = True
    call_command("seeddemo", verbosity=0)
    admin = get_user_model().objects.get(username="admin.pemda")
    omb = InstrumentVersion.objects.get(code="ombudsman-2022-2024")
    zones = {
        r["unit"].code: r["result"].zone
        for r in readiness(user=admin, instrument=omb, year=timezone.localdate().year)["rows"]
    }
    assert zones == {"disdukcapil": "hijau", "pkm-1-denbar": "kuning", "dpmptsp": "merah"}


def test_finalising_keeps_tim_monev_corrections_in_the_frozen_result(
    tree, pekppp, operator_unit_a, tim_monev
):
    a = services.assessment_open(actor=operator_unit_a, unit=tree.pkm_a, instrument=pekppp, year=2026)
    for answer in a.answers.exclude(prefill_score__isnull=False):
        services.answer_set(actor=operator_unit_a, answer=answer, score=5)
    services.answer_review(
        actor=tim_monev, answer=a.answers.get(indicator="11"), score=2, note="Kode etik belum ditetapkan"
    )
    live = services.result_of(a)
    services.assessment_finalise(actor=operator_unit_a, assessment=a)
    frozen = services.result_of(a)
    assert a.snapshot["answers"]["11"] == 2 and frozen.total == live.total
    assert live.total is not None
    assert a.snapshot["result"]["total_display"] == format_id(frozen.total)


def test_a_final_assessment_returns_its_frozen_result_never_todays_engine(
    tree, pekppp, operator_unit_a, monkeypatch
):
    from sewaka.assessments.scoring import engine

    a = services.assessment_open(actor=operator_unit_a, unit=tree.pkm_a, instrument=pekppp, year=2026)
    for answer in a.answers.exclude(prefill_score__isnull=False):
        services.answer_set(actor=operator_unit_a, answer=answer, score=4)
    services.assessment_finalise(actor=operator_unit_a, assessment=a)
    a.refresh_from_db()
    assert a.snapshot["engine_version"] == engine.ENGINE_VERSION
    assert a.snapshot["instrument_version"] == services.parsed(pekppp).version
    assert a.snapshot["instrument_sha256"] == pekppp.sha256
    frozen = services.result_of(a)
    # A later engine that scores differently must not change the recorded result.
    real = engine.score
    monkeypatch.setattr(engine, "score", lambda inst, answers: real(inst, dict.fromkeys(answers, 0)))
    again = services.result_of(Assessment.objects.get(pk=a.pk))
    assert again == frozen and again.total == frozen.total
    assert format_id(again.total) == a.snapshot["result"]["total_display"]
    # The patched engine is in force: a draft revision is scored with it (all zeros).
    revision = services.assessment_revise(actor=operator_unit_a, assessment=a)
    assert services.result_of(revision).total == 0 != frozen.total
