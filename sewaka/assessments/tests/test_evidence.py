"""Evidence per indicator (file, link, Sewaka object), frozen with the assessment; visit photos and links."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from sewaka.assessments import selectors, services
from sewaka.assessments.models import AssessmentEvidence, InstrumentVersion, MonevVisit
from sewaka.assessments.tests.test_prefill_rules import set_standard
from sewaka.core.models import AuditEvent
from sewaka.followups.models import FollowUp

YEAR = timezone.localdate().year


@pytest.fixture
def assessment(tree, operator_unit_a):
    services.ensure_shipped_instruments()
    pekppp = InstrumentVersion.objects.get(code="pekppp-2023")
    return services.assessment_open(actor=operator_unit_a, unit=tree.pkm_a, instrument=pekppp, year=YEAR)


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "S", 2: (8.0, 39.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_sewaka_object_is_offered_and_attached_by_reference(tree, assessment, operator_unit_a):
    standard = set_standard(tree.pkm_a, operator_unit_a)
    refs = {c["ref"]: c for c in selectors.evidence_candidates(tree.pkm_a, YEAR)}
    assert f"standard:{standard.pk}" in refs and f"complaints:{tree.pkm_a.pk}:{YEAR}" in refs
    answer = assessment.answers.get(indicator="1")
    e = services.evidence_add(
        actor=operator_unit_a, answer=answer, kind="object", ref=f"standard:{standard.pk}"
    )
    assert e.url == reverse("standards:detail", args=[standard.pk]) and "Pelayanan Umum" in e.label
    with pytest.raises(ValidationError):  # the same object twice
        services.evidence_add(
            actor=operator_unit_a, answer=answer, kind="object", ref=f"standard:{standard.pk}"
        )
    with pytest.raises(ValidationError):  # an object of another unit is not a candidate
        services.evidence_add(actor=operator_unit_a, answer=answer, kind="object", ref="standard:999999")


def test_links_and_files_are_checked(assessment, operator_unit_a, operator_unit_b):
    answer = assessment.answers.get(indicator="11")
    with pytest.raises(ValidationError):
        services.evidence_add(actor=operator_unit_a, answer=answer, kind="link", url="bukan tautan")
    services.evidence_add(
        actor=operator_unit_a, answer=answer, kind="link", url="https://pkm.example/kode-etik"
    )
    with pytest.raises(ValidationError):  # not a PDF despite its name
        services.evidence_add(
            actor=operator_unit_a,
            answer=answer,
            kind="file",
            uploaded=SimpleUploadedFile("kode-etik.pdf", b"MZ\x90\x00 not a pdf"),
        )
    e = services.evidence_add(
        actor=operator_unit_a,
        answer=answer,
        kind="file",
        uploaded=SimpleUploadedFile("kode-etik.pdf", b"%PDF-1.4 kode etik"),
        label="SK Kode Etik",
    )
    assert e.attachment.mime == "application/pdf" and e.label == "SK Kode Etik"
    with pytest.raises(PermissionDenied):
        services.evidence_add(actor=operator_unit_b, answer=answer, kind="link", url="https://x.example/")
    assert {i["kind"] for i in selectors.evidence_list(assessment)} == {"link", "file"}


def test_evidence_is_frozen_on_finalise_and_copied_to_a_revision(tree, assessment, operator_unit_a):
    answer = assessment.answers.get(indicator="11")
    e = services.evidence_add(actor=operator_unit_a, answer=answer, kind="link", url="https://pkm.example/a")
    services.assessment_finalise(actor=operator_unit_a, assessment=assessment)
    assert [i["url"] for i in assessment.snapshot["evidence_items"]] == ["https://pkm.example/a"]
    with pytest.raises(ValidationError):
        services.evidence_remove(actor=operator_unit_a, evidence=e)
    with pytest.raises(ValidationError):
        services.evidence_add(actor=operator_unit_a, answer=answer, kind="link", url="https://pkm.example/b")
    revision = services.assessment_revise(actor=operator_unit_a, assessment=assessment)
    copied = AssessmentEvidence.objects.get(answer__assessment=revision)
    services.evidence_remove(actor=operator_unit_a, evidence=copied)
    assert selectors.evidence_list(revision) == []
    assessment.refresh_from_db()
    assert len(selectors.evidence_list(assessment)) == 1  # the final revision keeps its list
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"assessment.evidence_add", "assessment.evidence_remove"} <= actions


def test_a_prefilled_indicator_may_be_argued_with_an_attached_file(tree, assessment, operator_unit_a):
    set_standard(tree.pkm_a, operator_unit_a)
    services.assessment_refresh_prefill(assessment=assessment)
    answer = assessment.answers.get(indicator="1")
    with pytest.raises(ValidationError):
        services.answer_set(actor=operator_unit_a, answer=answer, score=4, note="FKP 2025 di luar Sewaka")
    services.evidence_add(
        actor=operator_unit_a,
        answer=answer,
        kind="file",
        uploaded=SimpleUploadedFile("ba.pdf", b"%PDF-1.4 berita acara"),
    )
    services.answer_set(actor=operator_unit_a, answer=answer, score=4, note="FKP 2025 di luar Sewaka")
    answer.refresh_from_db()
    assert (answer.score, answer.source) == (4, "argued")


def test_the_evidence_views(client, tree, assessment, operator_unit_a, operator_unit_b, pimpinan):
    standard = set_standard(tree.pkm_a, operator_unit_a)
    url = reverse("assessments:evidence_add", args=[assessment.pk, "1"])
    client.force_login(operator_unit_a)
    r = client.post(url, {"kind": "object", "ref": f"standard:{standard.pk}"})
    assert r.status_code == 302
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "Standar pelayanan Pelayanan Umum" in page and "Lampirkan bukti" in page
    r = client.post(url, {"kind": "file"}, follow=True)
    assert "Pilih berkas bukti." in r.content.decode()
    evidence = AssessmentEvidence.objects.get()
    client.force_login(pimpinan)
    assert client.post(url, {"kind": "link", "url": "https://x.example/"}).status_code == 403
    client.force_login(operator_unit_b)
    assert client.post(url, {"kind": "link", "url": "https://x.example/"}).status_code == 404
    assert (
        client.post(reverse("assessments:evidence_remove", args=[assessment.pk, evidence.pk])).status_code
        == 404
    )
    client.force_login(operator_unit_a)
    client.post(reverse("assessments:evidence_remove", args=[assessment.pk, evidence.pk]))
    assert not AssessmentEvidence.objects.exists()


def test_a_visit_keeps_photos_without_gps_and_links_the_assessment(
    client, tree, assessment, tim_monev, operator_unit_a, operator_unit_b
):
    client.force_login(tim_monev)
    page = client.get(reverse("assessments:unit", args=[tree.pkm_a.pk])).content.decode()
    assert reverse("assessments:visit", args=[tree.pkm_a.pk]) in page  # the button is there for Tim Monev
    today = timezone.localdate()
    r = client.post(
        reverse("assessments:visit", args=[tree.pkm_a.pk]),
        {
            "visited_on": today.isoformat(),
            "representative": "Kepala Tata Usaha",
            "assessment": assessment.pk,
            "findings": "Papan standar tertutup lemari",
            "owner": operator_unit_a.pk,
            "due": today.isoformat(),
            "photos": [
                SimpleUploadedFile("a.jpg", jpeg_with_gps(), content_type="image/jpeg"),
                SimpleUploadedFile("b.jpg", jpeg_with_gps(), content_type="image/jpeg"),
            ],
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    visit = MonevVisit.objects.get()
    assert visit.assessment == assessment and visit.photos.count() == 2
    stored = visit.photos.first().file.read()
    assert b"PhoneMaker" not in stored and Image.open(io.BytesIO(stored)).getexif().get(0x8825) is None
    finding = FollowUp.objects.get(unit=tree.pkm_a, title="Papan standar tertutup lemari")
    assert finding.owner == operator_unit_a and finding.due == today
    assert "Kepala Tata Usaha" in client.get(assessment.get_absolute_url()).content.decode()


def test_a_bad_visit_photo_is_refused_with_a_message(client, tree, tim_monev):
    client.force_login(tim_monev)
    today = timezone.localdate()
    r = client.post(
        reverse("assessments:visit", args=[tree.pkm_a.pk]),
        {
            "visited_on": today.isoformat(),
            "representative": "Kepala Tata Usaha",
            "due": today.isoformat(),
            "photos": [SimpleUploadedFile("virus.jpg", b"MZ not an image", content_type="image/jpeg")],
        },
    )
    assert r.status_code == 200 and "virus.jpg" in r.content.decode()
    assert not MonevVisit.objects.exists()


def test_the_revision_history_is_shown_to_readers(client, tree, assessment, operator_unit_a, pimpinan):
    services.answer_set(actor=operator_unit_a, answer=assessment.answers.get(indicator="11"), score=4)
    services.assessment_finalise(actor=operator_unit_a, assessment=assessment)
    revision = services.assessment_revise(actor=operator_unit_a, assessment=assessment)
    client.force_login(pimpinan)
    old = client.get(assessment.get_absolute_url()).content.decode()
    assert "Difinalkan dan dibekukan" in old and "indikator 11, – → 4" in old
    new = client.get(revision.get_absolute_url()).content.decode()
    assert "Revisi baru dibuka" in new and f"dari revisi sebelumnya #{assessment.pk}" in new
    assert assessment.get_absolute_url() in new  # the revision list links the frozen one


def test_readiness_counts_documented_indicators_and_the_rules_page_lists_every_rule(
    client, tree, assessment, operator_unit_a, tim_monev
):
    from django.utils.html import escape

    from sewaka.assessments import prefill

    services.answer_set(actor=operator_unit_a, answer=assessment.answers.get(indicator="11"), score=4)
    services.evidence_add(
        actor=operator_unit_a,
        answer=assessment.answers.get(indicator="11"),
        kind="link",
        url="https://pkm.example/kode-etik",
    )
    row = selectors.readiness(user=tim_monev, instrument=assessment.instrument, year=YEAR)["rows"][0]
    documented, weighted = row["evidence"]
    # Indicator 11 plus the indicators pre-filled from Sewaka's data; the zero-weight indicator 31 never counts.
    prefilled = assessment.answers.filter(prefill_score__isnull=False).exclude(indicator="31").count()
    assert (documented, weighted) == (1 + prefilled, 30) and row["missing_evidence"]
    client.force_login(tim_monev)
    page = client.get(
        reverse("assessments:readiness") + f"?instrument={assessment.instrument.pk}&year={YEAR}"
    ).content.decode()
    assert f"{documented}/30" in page and "belum lengkap" in page
    rules_page = client.get(reverse("assessments:rules")).content.decode()
    assert all(escape(rule.description) in rules_page for rule in prefill.RULES)


def test_a_finding_owner_must_work_at_the_unit(client, tree, tim_monev, operator_unit_b):
    client.force_login(tim_monev)
    today = timezone.localdate()
    r = client.post(
        reverse("assessments:visit", args=[tree.pkm_a.pk]),
        {
            "visited_on": today.isoformat(),
            "representative": "Kepala Tata Usaha",
            "findings": "Antrean tidak tertib",
            "owner": operator_unit_b.pk,
            "due": today.isoformat(),
        },
    )
    assert r.status_code == 200 and not MonevVisit.objects.exists()


def test_complaint_statistics_evidence_opens_for_the_unit_without_case_details(
    client, tree, assessment, operator_unit_a, operator_unit_b
):
    from sewaka.complaints.services import complaint_submit

    complaint_submit(
        what_happened="Petugas meminta uang tambahan",
        idempotency_key="stat-1",
        reported_unit=tree.pkm_a,
        reporter_name="Made Rahasia",
    )
    candidate = next(
        c for c in selectors.evidence_candidates(tree.pkm_a, YEAR) if c["ref"].startswith("complaints:")
    )
    assert "1 pengaduan" in candidate["label"]
    client.force_login(operator_unit_a)  # an operator has no complaint-handler role
    page = client.get(candidate["url"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Jumlah pengaduan" in text and "Made Rahasia" not in text and "uang tambahan" not in text
    client.force_login(operator_unit_b)
    assert client.get(candidate["url"]).status_code == 404


def test_the_unit_page_lists_each_assessment_with_its_forecast(client, tree, assessment, operator_unit_a):
    from sewaka.core.templatetags.fmt import angka

    for answer in assessment.answers.filter(prefill_score__isnull=True):
        services.answer_set(actor=operator_unit_a, answer=answer, score=4)
    forecast = services.predicted(assessment)
    client.force_login(operator_unit_a)
    page = client.get(reverse("assessments:unit", args=[tree.pkm_a.pk])).content.decode()
    assert angka(forecast.total) in page and forecast.category in page
