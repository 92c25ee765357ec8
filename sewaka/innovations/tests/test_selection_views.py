"""The internal selection over HTTP (issue 18 items 4-6): the acceptance flow from registration to the
exported proposal, and who may see and do what.

The scheme of these tests (conftest.scheme_dict plus rules): registration deadline 30 September 2026,
cap 2, one group "umum" with aspects ringkasan (40 %, 10 words at most) and dampak (60 %, no limit),
rules: 2 years of implementation, innovator SK, no earlier "juara_1", within the cap. Today is
20 August 2026 (conftest)."""

import os
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from sewaka.innovations import services
from sewaka.innovations.models import Nomination, Scheme, SchemeYear
from sewaka.innovations.transitions import CallStatus, NominationStatus, Stage
from sewaka.organisations.models import Role
from sewaka.organisations.tests.factories import make_member

from .conftest import pdf, scheme_dict

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

RULES = [
    {"type": "min_implementation", "years": 2, "months": 0, "status": "confirmed"},
    {"type": "innovator_sk_required", "status": "unconfirmed"},
    {"type": "award_history", "mode": "forbid", "awards": ["juara_1"], "status": "confirmed"},
    {"type": "within_cap", "status": "confirmed"},
]


def _scheme_with_rules(**over):
    data = scheme_dict(**over)
    data["groups"][0]["rules"] = RULES
    return data


@pytest.fixture
def kompetisi(db):
    scheme = Scheme.objects.create(code="uji", name="Kompetisi Uji")
    return SchemeYear.objects.create(
        scheme=scheme,
        year=2026,
        version="2026.2",
        name="Kompetisi Uji",
        data=_scheme_with_rules(),
        sha256="1" * 64,
    )


@pytest.fixture
def juror_capil(tree):
    return make_member(tree.capil, Role.OPERATOR, "juri_capil")


@pytest.fixture
def juror_pimpinan(pimpinan):
    return pimpinan


@pytest.fixture
def juror_dinkes(tree):
    """A juror of the perangkat daerah that owns Puskesmas A: may not score its innovation."""
    return make_member(tree.dinkes, Role.OPERATOR, "juri_dinkes")


def _login(client, user):
    client.force_login(user)
    return client


def _create_call(client, admin, kompetisi, **fields):
    _login(client, admin)
    data = {"title": "Seleksi Uji 2026", "nomination_deadline": "2026-08-31", "cap": "2"} | fields
    response = client.post(reverse("innovations:call_create") + f"?skema={kompetisi.pk}", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return services.Call.objects.get(title=data["title"])


def _score(client, user, nomination, values, *, submit=True):
    _login(client, user)
    data = {f"value-{code}": v for code, v in values.items()} | {
        f"comment-{code}": f"catatan {user.username} {code}" for code in values
    }
    if submit:
        data["submit"] = "1"
    return client.post(reverse("innovations:score", args=[nomination.pk]), data)


def _pdftotext(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


@needs_poppler
def test_the_acceptance_flow_from_registration_to_the_exported_proposal(
    client, tree, admin_pemda, operator_unit_a, innovation, kompetisi, juror_capil, juror_pimpinan
):
    # The operator's innovation (registered through the service in the fixture) is implemented.
    services.innovation_transition(actor=operator_unit_a, innovation=innovation, to=Stage.IMPLEMENTASI)

    # Admin pemda creates the call; the registration deadline comes from the scheme data.
    call = _create_call(client, admin_pemda, kompetisi)
    assert call.status == CallStatus.DRAFT
    assert call.cap == 2
    assert call.registration_deadline == date(2026, 9, 30)
    page = client.get(reverse("innovations:call_detail", args=[call.pk])).content.decode()
    assert "belum terkonfirmasi" in page  # the scheme's facts are unconfirmed and flagged
    response = client.post(reverse("innovations:call_transition", args=[call.pk]), {"to": "open"})
    assert response.status_code == 302
    for juror in (juror_capil, juror_pimpinan):
        client.post(reverse("innovations:juror_add", args=[call.pk]), {"user": juror.pk})
    assert set(call.jurors.values_list("user__username", flat=True)) == {"juri_capil", "pimpinan"}

    # The eligibility page says why it cannot compete yet: no innovator SK.
    _login(client, operator_unit_a)
    url = reverse("innovations:eligibility", args=[innovation.pk]) + f"?skema={kompetisi.pk}&kelompok=umum"
    page = client.get(url).content.decode()
    assert "Tidak memenuhi syarat" in page
    assert "SK pejabat berwenang yang menetapkan inovator belum ada" in page
    # 2 January 2023 → 30 September 2026, counted back: 44 months reach 30 January 2023, 28 days after
    # the start.
    assert "Inovasi berjalan 3 tahun 8 bulan 28 hari sebelum batas pendaftaran 30 September 2026" in page
    assert "Instansi sudah meneruskan 0 dari kuota 2 proposal; tersisa 2." in page
    services.innovation_file_add(actor=operator_unit_a, innovation=innovation, kind="sk", uploaded=pdf())
    page = client.get(url).content.decode()
    assert "Memenuhi syarat" in page and "Tidak memenuhi syarat" not in page

    # The unit nominates it; the nomination page shows the check before the button.
    nominate = reverse("innovations:nominate", args=[call.pk])
    page = client.get(nominate, {"innovation": innovation.pk, "group_code": "umum"}).content.decode()
    assert "Memenuhi syarat" in page and "Usulkan" in page
    response = client.post(nominate, {"innovation": innovation.pk, "group_code": "umum", "category_code": ""})
    nomination = Nomination.objects.get(call=call, innovation=innovation)
    assert response.status_code == 302 and response["Location"] == reverse(
        "innovations:proposal", args=[nomination.pk]
    )

    # The proposal is drafted within the word limit: 11 words refused, 10 saved, then a second version.
    aspect = reverse("innovations:proposal_aspect", args=[nomination.pk, "ringkasan"])
    eleven = "Antrean daring memangkas waktu tunggu pasien dari tiga jam menjadi sejam."
    response = client.post(aspect, {"text": eleven})
    assert response.status_code == 400
    assert "Teks berisi 11 kata; batas aspek ini 10 kata." in response.content.decode()
    assert not nomination.texts.exists()
    ten = "Antrean daring memangkas waktu tunggu pasien dari tiga jam saja."
    assert client.post(aspect, {"text": "Versi pertama ringkasan."}).status_code == 302
    assert client.post(aspect, {"text": ten}).status_code == 302
    assert list(nomination.texts.filter(aspect_code="ringkasan").values_list("version", flat=True)) == [2, 1]
    old = client.get(reverse("innovations:proposal_version", args=[nomination.pk, "ringkasan", 1]))
    assert "Versi pertama ringkasan." in old.content.decode()
    dampak = "Waktu tunggu turun dan keluhan antrean berkurang."
    dampak_url = reverse("innovations:proposal_aspect", args=[nomination.pk, "dampak"])
    # "Sisipkan data dampak" appends the evidence from Sewaka's data to the editor without saving it.
    response = client.post(dampak_url, {"text": dampak, "impact": "1"})
    assert response.status_code == 200
    editor = response.content.decode()
    assert "Dampak inovasi berdasarkan data Sewaka (mulai diterapkan 2 Januari 2023" in editor
    assert dampak in editor and not nomination.texts.filter(aspect_code="dampak").exists()
    client.post(dampak_url, {"text": dampak})

    # Two jurors score it once the call moves to scoring; 0.4 × 80 + 0.6 × 90 = 86 and
    # 0.4 × 70 + 0.6 × 60 = 64, mean 75.
    _login(client, admin_pemda)
    client.post(reverse("innovations:call_transition", args=[call.pk]), {"to": "scoring"})
    assert _score(client, juror_capil, nomination, {"ringkasan": "80", "dampak": "90"}).status_code == 302
    assert _score(client, juror_pimpinan, nomination, {"ringkasan": "70", "dampak": "60"}).status_code == 302

    # The ranking and the cap select it.
    _login(client, admin_pemda)
    page = client.get(reverse("innovations:ranking", args=[call.pk])).content.decode()
    assert "75,00" in page and "Diteruskan" in page
    client.post(reverse("innovations:apply_ranking", args=[call.pk]))
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SELECTED
    assert (nomination.total_score, nomination.rank) == (Decimal("75.00"), 1)

    # Exported as PDF and as text.
    _login(client, operator_unit_a)
    response = client.get(reverse("innovations:proposal_pdf", args=[nomination.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    if os.environ.get("SEWAKA_PROPOSAL_PDF"):  # a copy to look at (pdftoppm)
        Path(os.environ["SEWAKA_PROPOSAL_PDF"]).write_bytes(response.content)
    text = " ".join(_pdftotext(response.content).split())
    assert "PROPOSAL INOVASI" in text.upper()
    assert "Antrean Daring Puskesmas" in text
    assert ten in text and dampak in text
    assert "10 / 10" in text  # ringkasan: words / limit
    assert "sk.pdf" in text  # the attachments list
    response = client.get(reverse("innovations:proposal_txt", args=[nomination.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert f"== Ringkasan (10 / 10 kata) ==\n{ten}\n" in body
    assert f"== Dampak (7 kata) ==\n{dampak}\n" in body
    page = client.get(reverse("innovations:proposal_copy", args=[nomination.pk])).content.decode()
    assert ten in page


def test_a_too_young_innovation_is_told_why(client, tree, operator_unit_a, kompetisi):
    young = services.innovation_create(
        actor=operator_unit_a, unit=tree.pkm_a, name="Inovasi Muda", started_on=date(2025, 1, 1)
    )
    services.innovation_transition(actor=operator_unit_a, innovation=young, to=Stage.IMPLEMENTASI)
    _login(client, operator_unit_a)
    url = reverse("innovations:eligibility", args=[young.pk]) + f"?skema={kompetisi.pk}&kelompok=umum"
    page = client.get(url).content.decode()
    # 1 January 2025 → 30 September 2026: 20 months back reach 30 January 2025, 29 days after the start.
    assert "Inovasi berjalan 1 tahun 8 bulan 29 hari sebelum batas pendaftaran 30 September 2026" in page
    assert "Tidak memenuhi syarat" in page


def test_an_idea_does_not_count_its_start_date(client, operator_unit_a, innovation, kompetisi):
    _login(client, operator_unit_a)
    url = reverse("innovations:eligibility", args=[innovation.pk]) + f"?skema={kompetisi.pk}&kelompok=umum"
    page = client.get(url).content.decode()
    assert "Tanggal mulai implementasi belum diisi" in page
    assert "tanggal mulainya belum dihitung" in page


@pytest.fixture
def scoring_call(client, tree, admin_pemda, operator_unit_a, operator_unit_b, innovation, kompetisi):
    """A call in scoring with the innovation of Puskesmas A nominated (eligibility is not enforced)."""
    call = services.call_create(
        actor=admin_pemda,
        pemda=tree.pemda,
        scheme_year=kompetisi,
        title="Seleksi",
        nomination_deadline=date(2026, 8, 31),
    )
    services.call_open(actor=admin_pemda, call=call)
    nomination = services.nomination_create(
        actor=operator_unit_a, call=call, innovation=innovation, group_code="umum"
    )
    services.call_transition(actor=admin_pemda, call=call, to=CallStatus.SCORING)
    return call, nomination


def test_a_juror_cannot_score_an_innovation_of_their_own_unit(
    client, admin_pemda, scoring_call, juror_dinkes
):
    call, nomination = scoring_call
    services.juror_add(actor=admin_pemda, call=call, user=juror_dinkes)
    _login(client, juror_dinkes)
    assert client.get(reverse("innovations:score", args=[nomination.pk])).status_code == 403
    response = _score(client, juror_dinkes, nomination, {"ringkasan": "90", "dampak": "90"})
    assert response.status_code == 403
    assert not nomination.scores.exists()
    page = client.get(reverse("innovations:jury", args=[call.pk])).content.decode()
    assert nomination.innovation.name not in page


def test_a_juror_sees_no_other_scores_before_submitting(
    client, admin_pemda, scoring_call, juror_capil, juror_pimpinan
):
    call, nomination = scoring_call
    for juror in (juror_capil, juror_pimpinan):
        services.juror_add(actor=admin_pemda, call=call, user=juror)
    assert _score(client, juror_capil, nomination, {"ringkasan": "81", "dampak": "91"}).status_code == 302
    # A draft only: saved, not submitted.
    assert _score(client, juror_pimpinan, nomination, {"ringkasan": "55"}, submit=False).status_code == 302
    page = client.get(reverse("innovations:score", args=[nomination.pk])).content.decode()
    assert "catatan juri_capil" not in page and "81,00" not in page
    page = client.get(reverse("innovations:nomination_detail", args=[nomination.pk])).content.decode()
    assert "catatan juri_capil" not in page
    assert client.get(reverse("innovations:ranking", args=[call.pk])).status_code == 403
    # After submitting, the other juror's submitted scores and the panel's ranking show.
    assert _score(client, juror_pimpinan, nomination, {"ringkasan": "55", "dampak": "65"}).status_code == 302
    page = client.get(reverse("innovations:score", args=[nomination.pk])).content.decode()
    assert "catatan juri_capil ringkasan" in page and "81,00" in page
    # 0.4 × 81 + 0.6 × 91 = 87 and 0.4 × 55 + 0.6 × 65 = 61: mean 74.
    assert "74,00" in client.get(reverse("innovations:ranking", args=[call.pk])).content.decode()


def test_a_tie_at_the_cap_waits_for_the_jury(
    client, tree, admin_pemda, operator_unit_a, operator_unit_b, innovation, kompetisi, juror_capil
):
    call = services.call_create(
        actor=admin_pemda,
        pemda=tree.pemda,
        scheme_year=kompetisi,
        title="Seleksi kuota satu",
        nomination_deadline=date(2026, 8, 31),
        cap=1,
    )
    services.call_open(actor=admin_pemda, call=call)
    other = services.innovation_create(actor=operator_unit_b, unit=tree.pkm_b, name="Resep Daring")
    first = services.nomination_create(
        actor=operator_unit_a, call=call, innovation=innovation, group_code="umum"
    )
    second = services.nomination_create(actor=operator_unit_b, call=call, innovation=other, group_code="umum")
    services.juror_add(actor=admin_pemda, call=call, user=juror_capil)
    services.call_transition(actor=admin_pemda, call=call, to=CallStatus.SCORING)
    for n in (first, second):
        assert _score(client, juror_capil, n, {"ringkasan": "70", "dampak": "80"}).status_code == 302
    _login(client, admin_pemda)
    page = client.get(reverse("innovations:ranking", args=[call.pk])).content.decode()
    assert "Perlu keputusan juri" in page
    assert "Seri di batas kuota (perlu keputusan juri)" in page
    assert "batas kuota: 1 proposal" not in page  # no clean cap line inside a tie
    client.post(reverse("innovations:apply_ranking", args=[call.pk]))
    assert set(call.nominations.values_list("status", flat=True)) == {NominationStatus.NOMINATED}
    # The admin decides the tie explicitly.
    client.post(reverse("innovations:decide", args=[call.pk]), {"nomination": second.pk, "selected": "1"})
    second.refresh_from_db()
    assert second.status == NominationStatus.SELECTED and second.total_score == Decimal("76.00")


def test_an_operator_of_another_unit_cannot_see_or_edit_the_proposal(client, operator_unit_b, scoring_call):
    _call, nomination = scoring_call
    _login(client, operator_unit_b)
    for name in ("proposal", "proposal_pdf", "proposal_txt", "proposal_copy", "nomination_detail"):
        assert client.get(reverse(f"innovations:{name}", args=[nomination.pk])).status_code == 404
    aspect = reverse("innovations:proposal_aspect", args=[nomination.pk, "dampak"])
    assert client.post(aspect, {"text": "disusupi"}).status_code == 404
    assert not nomination.texts.exists()


def test_a_non_admin_cannot_manage_calls(client, tree, operator_unit_a, scoring_call, juror_capil):
    call, _nomination = scoring_call
    _login(client, operator_unit_a)
    assert client.get(reverse("innovations:call_create")).status_code == 403
    assert client.get(reverse("innovations:call_update", args=[call.pk])).status_code == 403
    assert (
        client.post(reverse("innovations:call_transition", args=[call.pk]), {"to": "closed"}).status_code
        == 403
    )
    assert (
        client.post(reverse("innovations:juror_add", args=[call.pk]), {"user": juror_capil.pk}).status_code
        == 403
    )
    assert client.post(reverse("innovations:apply_ranking", args=[call.pk])).status_code == 403
    assert client.get(reverse("innovations:ranking", args=[call.pk])).status_code == 403
    call.refresh_from_db()
    assert call.status == CallStatus.SCORING and not call.jurors.exists()


def test_a_closed_call_takes_no_nomination(client, tree, operator_unit_a, scoring_call):
    call, _nomination = scoring_call
    young = services.innovation_create(actor=operator_unit_a, unit=tree.pkm_a, name="Inovasi Kedua")
    _login(client, operator_unit_a)
    url = reverse("innovations:nominate", args=[call.pk])
    page = client.get(url, {"innovation": young.pk, "group_code": "umum"}).content.decode()
    assert "sedang tidak dibuka" in page and 'type="submit">Usulkan<' not in page
    response = client.post(url, {"innovation": young.pk, "group_code": "umum"})
    assert response.status_code == 400
    assert "Pengusulan hanya dapat dilakukan saat seleksi dibuka." in response.content.decode()
    assert not call.nominations.filter(innovation=young).exists()


def test_bad_input_gets_a_message_not_a_500(
    client, admin_pemda, operator_unit_a, innovation, scoring_call, juror_capil, kompetisi
):
    call, nomination = scoring_call
    services.juror_add(actor=admin_pemda, call=call, user=juror_capil)
    response = _score(client, juror_capil, nomination, {"ringkasan": "abc", "dampak": "101"})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("Nilai harus angka 0 sampai 100.") == 2
    assert not nomination.scores.exists()
    # A decimal comma is a number.
    assert _score(client, juror_capil, nomination, {"ringkasan": "85,5"}, submit=False).status_code == 302
    assert nomination.scores.get().value == Decimal("85.50")
    # Submitting with an aspect missing is refused.
    response = _score(client, juror_capil, nomination, {"ringkasan": "85,5"})
    assert "Nilai semua aspek sebelum mengirim penilaian." in response.content.decode()
    assert not nomination.scores.filter(submitted=True).exists()

    _login(client, operator_unit_a)
    url = reverse("innovations:eligibility", args=[innovation.pk])
    assert client.get(url, {"skema": kompetisi.pk, "kelompok": "tidak-ada"}).status_code == 400
    assert client.get(url, {"skema": "x", "kelompok": "umum"}).status_code == 200  # the first scheme
    assert client.get(url, {"skema": "x\x00", "kelompok": "umum"}).status_code == 400  # the NUL guard
    for name, args in (
        ("proposal_version", [nomination.pk, "ringkasan", 10**20]),
        ("proposal_aspect", [nomination.pk, "tidak-ada"]),
        ("proposal", [10**20]),
    ):
        assert client.get(reverse(f"innovations:{name}", args=args)).status_code == 404
    _login(client, admin_pemda)
    response = client.post(
        reverse("innovations:decide", args=[call.pk]), {"nomination": "x", "selected": "1"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("innovations:call_update", args=[call.pk]),
        {"title": "Seleksi", "nomination_deadline": "2026-10-15", "registration_deadline": "2026-09-30"},
    )
    assert response.status_code == 400
    assert "Batas pengusulan internal harus sebelum batas pendaftaran kompetisi" in response.content.decode()


def test_the_call_carries_its_registration_deadline_and_cap(client, tree, admin_pemda, kompetisi):
    data = _scheme_with_rules(
        registration_deadline={"value": None, "status": "unconfirmed"},
        cap_per_instance={"value": None, "status": "unconfirmed"},
        version="2026.3",
    )
    bare = SchemeYear.objects.create(
        scheme=kompetisi.scheme, year=2026, version="2026.3", name="Kompetisi Uji", data=data, sha256="2" * 64
    )
    _login(client, admin_pemda)
    page = client.get(reverse("innovations:call_create"), {"skema": bare.pk}).content.decode()
    assert "belum memuat batas pendaftaran" in page and "belum terkonfirmasi" in page
    call = _create_call(
        client,
        admin_pemda,
        bare,
        title="Seleksi tanpa data",
        cap="3",
        registration_deadline="2026-10-01",
    )
    assert (call.cap, call.registration_deadline) == (3, date(2026, 10, 1))
    response = client.post(
        reverse("innovations:call_update", args=[call.pk]),
        {"title": "Seleksi tanpa data", "nomination_deadline": "2026-09-01", "cap": "1"},
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.cap, call.registration_deadline, call.nomination_deadline) == (1, None, date(2026, 9, 1))


def test_a_unit_withdraws_and_a_juror_comments(
    client, admin_pemda, operator_unit_a, scoring_call, juror_capil
):
    call, nomination = scoring_call
    services.juror_add(actor=admin_pemda, call=call, user=juror_capil)
    _login(client, juror_capil)
    url = reverse("innovations:proposal_comment", args=[nomination.pk, "dampak"])
    assert client.post(url, {"text": "Tambahkan angka sebelum dan sesudah."}).status_code == 302
    assert client.post(url, {"text": "  "}).status_code == 302
    assert nomination.comments.count() == 1
    # A juror reads but does not write the proposal.
    aspect = reverse("innovations:proposal_aspect", args=[nomination.pk, "dampak"])
    assert client.post(aspect, {"text": "tulisan juri"}).status_code == 403
    _login(client, operator_unit_a)
    assert "Tambahkan angka sebelum dan sesudah." in client.get(aspect).content.decode()
    client.post(reverse("innovations:nomination_withdraw", args=[nomination.pk]))
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.WITHDRAWN


def test_the_bulk_own_unit_rule_agrees_with_the_single_one(
    tree, admin_pemda, operator_unit_a, operator_unit_b, innovation, juror_dinkes, juror_capil
):
    from sewaka.innovations import access

    other = services.innovation_create(actor=operator_unit_b, unit=tree.pkm_b, name="Resep Daring")
    shared = services.innovation_create(
        actor=admin_pemda, unit=tree.capil, name="Layanan Bersama", partner_units=[tree.pkm_b]
    )
    users = [admin_pemda, operator_unit_a, operator_unit_b, juror_dinkes, juror_capil]
    items = [innovation, other, shared]
    expected = {(u.pk, i.pk) for u in users for i in items if access.own_unit_conflict(u, i)}
    assert access.own_unit_conflicts(users, items) == expected
    # By hand: dinkes holds Puskesmas A and B; capil owns the shared one, Puskesmas B is its partner.
    assert expected == {
        (operator_unit_a.pk, innovation.pk),
        (operator_unit_a.pk, other.pk),
        (operator_unit_a.pk, shared.pk),
        (operator_unit_b.pk, innovation.pk),
        (operator_unit_b.pk, other.pk),
        (operator_unit_b.pk, shared.pk),
        (juror_dinkes.pk, innovation.pk),
        (juror_dinkes.pk, other.pk),
        (juror_dinkes.pk, shared.pk),
        (juror_capil.pk, shared.pk),
    }


def test_a_group_without_aspects_is_decided_by_the_admin(
    client, tree, admin_pemda, operator_unit_a, operator_unit_b, innovation, juror_capil
):
    """Like KIPP 2023's kelompok khusus: no aspects in the data, so no scores; the cap is the admin's."""
    data = _scheme_with_rules(version="2026.4")
    data["groups"].append({"code": "khusus", "name": "Kelompok Khusus", "status": "unconfirmed", "rules": []})
    scheme = Scheme.objects.create(code="uji2", name="Kompetisi Uji Dua")
    year = SchemeYear.objects.create(
        scheme=scheme, year=2026, version="2026.4", name="Kompetisi Uji Dua", data=data, sha256="3" * 64
    )
    call = services.call_create(
        actor=admin_pemda,
        pemda=tree.pemda,
        scheme_year=year,
        title="Dua kelompok",
        nomination_deadline=date(2026, 8, 31),
    )
    services.call_open(actor=admin_pemda, call=call)
    other = services.innovation_create(actor=operator_unit_b, unit=tree.pkm_b, name="Resep Daring")
    umum = services.nomination_create(
        actor=operator_unit_a, call=call, innovation=innovation, group_code="umum"
    )
    khusus = services.nomination_create(
        actor=operator_unit_b, call=call, innovation=other, group_code="khusus"
    )
    services.juror_add(actor=admin_pemda, call=call, user=juror_capil)
    services.call_transition(actor=admin_pemda, call=call, to=CallStatus.SCORING)
    assert _score(client, juror_capil, umum, {"ringkasan": "50", "dampak": "50"}).status_code == 302
    page = client.get(reverse("innovations:jury", args=[call.pk])).content.decode()
    assert "Resep Daring" not in page  # nothing to score
    assert client.get(reverse("innovations:ranking", args=[call.pk])).status_code == 200  # the juror is done

    _login(client, admin_pemda)
    page = client.get(reverse("innovations:ranking", args=[call.pk])).content.decode()
    assert "setiap kelompok diperingkat sendiri" in page and "Berperingkat" in page
    assert "usulannya tidak dapat dinilai juri" in page
    client.post(reverse("innovations:apply_ranking", args=[call.pk]))
    assert set(call.nominations.values_list("status", flat=True)) == {NominationStatus.NOMINATED}
    client.post(reverse("innovations:decide", args=[call.pk]), {"nomination": khusus.pk, "selected": "1"})
    khusus.refresh_from_db()
    assert (khusus.status, khusus.total_score, khusus.rank) == (NominationStatus.SELECTED, None, None)
