from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sewaka.core.models import AuditEvent
from sewaka.organisations.services import service_create
from sewaka.standards import completeness
from sewaka.standards.components import COMPONENTS
from sewaka.standards.models import ServiceStandard
from sewaka.standards.selectors import check, version_diff
from sewaka.standards.services import (
    standard_new_version,
    standard_review,
    standard_transition,
    standard_update,
)

COMPLETE = {
    "persyaratan": [
        {"document": "KTP-el asli", "note": "diperlihatkan", "copy": "asli", "issuer": "Disdukcapil"}
    ],
    "prosedur": [
        {"step": "Ambil nomor antrean", "actor": "Pemohon", "time": "1 menit"},
        {"step": "Verifikasi berkas", "actor": "Petugas loket", "time": "10 menit"},
    ],
    "jangka_waktu_value": 1,
    "jangka_waktu_unit": "hari_kerja",
    "biaya_gratis": True,
    "biaya": [],
    "produk": "Kartu Keluarga",
    "pengaduan": [{"channel": "WhatsApp", "contact": "0811-0000-000"}],
    "dasar_hukum": ["UU 24/2013 tentang Administrasi Kependudukan"],
    "sarana": "Ruang tunggu, loket, toilet",
    "kompetensi": "Memahami administrasi kependudukan",
    "pengawasan": "Kepala seksi",
    "jumlah_pelaksana": 4,
    "jaminan_pelayanan": "Sesuai maklumat",
    "jaminan_keamanan": "Data dilindungi",
    "evaluasi_kinerja": "Bulanan",
}


def sk():
    return SimpleUploadedFile("sk.pdf", b"%PDF-1.4 SK Kepala Dinas")


@pytest.fixture
def service(tree):
    return service_create(actor=None, unit=tree.pkm_a, name="Pelayanan Umum")


@pytest.fixture
def draft(service, operator_unit_a):
    standard = standard_new_version(actor=operator_unit_a, service=service)
    return standard_update(actor=operator_unit_a, standard=standard, **COMPLETE)


def set_and_publish(standard, actor):
    standard_transition(
        actor=actor,
        standard=standard,
        to="ditetapkan",
        decree_number="188.45/12/2026",
        decree_date=date(2026, 11, 2),
        signing_official="Kepala Puskesmas",
        decree_pdf=sk(),
    )
    result = standard_transition(actor=actor, standard=standard, to="published")
    standard.refresh_from_db()
    return result


@pytest.mark.parametrize("component", [c.key for c in COMPONENTS])
def test_the_checklist_reports_each_missing_component(draft, component, operator_unit_a):
    empty = {
        "persyaratan": {"persyaratan": []},
        "prosedur": {"prosedur": []},
        "jangka_waktu": {"jangka_waktu_value": None, "jangka_waktu_unit": ""},
        "biaya": {"biaya_gratis": False, "biaya": []},
        "produk": {"produk": ""},
        "pengaduan": {"pengaduan": []},
        "dasar_hukum": {"dasar_hukum": []},
        "jumlah_pelaksana": {"jumlah_pelaksana": None},
    }.get(component, {component: ""})
    standard_update(actor=operator_unit_a, standard=draft, **empty)
    result = check(ServiceStandard.objects.get(pk=draft.pk))
    states = {line.key: line.state for line in result.components}
    assert states[component] == completeness.MISSING
    assert all(state == completeness.PRESENT for key, state in states.items() if key != component)
    assert result.score == 1


def test_incomplete_parts_are_named(draft, operator_unit_a):
    standard_update(
        actor=operator_unit_a,
        standard=draft,
        biaya_gratis=False,
        biaya=[{"item": "Legalisir", "amount": "Rp 2.000", "basis": ""}],
        prosedur=[{"step": "Serahkan berkas", "actor": "", "time": ""}],
    )
    lines = {line.key: line for line in check(draft).components}
    assert lines["biaya"].state == completeness.INCOMPLETE and "Legalisir" in lines["biaya"].reason
    assert lines["prosedur"].state == completeness.INCOMPLETE and "Langkah 1" in lines["prosedur"].reason


def test_the_pekppp_score_climbs_with_the_life_cycle(tree, draft, operator_unit_a):
    from sewaka.consultations.models import Forum

    assert check(draft).score == 2
    forum = Forum.objects.create(
        unit=tree.pkm_a,
        topic="Standar pelayanan umum",
        purpose="standar",
        method="fgd",
        date=date(2026, 10, 20),
        place="Aula",
    )
    standard_transition(actor=operator_unit_a, standard=draft, to="dibahas", forum=forum)
    set_and_publish(draft, operator_unit_a)
    assert check(draft).score == 4
    standard_review(
        actor=operator_unit_a, standard=draft, reviewed_on=timezone.localdate(), note="Masih sesuai"
    )
    draft.refresh_from_db()
    assert check(draft).score == 5


def test_a_set_standard_is_immutable_and_a_change_is_a_new_version(draft, operator_unit_a, service):
    set_and_publish(draft, operator_unit_a)
    with pytest.raises(ValidationError):
        standard_update(actor=operator_unit_a, standard=draft, produk="Diubah diam-diam")
    v2 = standard_new_version(actor=operator_unit_a, service=service)
    assert v2.version == 2 and v2.produk == draft.produk and v2.status == "draft"
    standard_update(actor=operator_unit_a, standard=v2, produk="Kartu Keluarga dan salinan digital")
    previous, changes = version_diff(v2)
    assert previous == draft
    assert [label for label, _before, _after in changes] == ["Produk pelayanan"]
    set_and_publish(v2, operator_unit_a)
    draft.refresh_from_db()
    assert draft.status == "superseded"
    assert ServiceStandard.objects.filter(service=service, status="published").get() == v2
    actions = set(
        AuditEvent.objects.filter(object_type="standards.servicestandard").values_list("action", flat=True)
    )
    assert {
        "standard.new_version",
        "standard.update",
        "standard.ditetapkan",
        "standard.published",
        "standard.superseded",
    } <= actions


def test_penetapan_needs_a_decree_and_a_pdf(draft, operator_unit_a):
    with pytest.raises(ValidationError) as exc:
        standard_transition(
            actor=operator_unit_a,
            standard=draft,
            to="ditetapkan",
            decree_number="",
            decree_date=None,
            signing_official="",
            decree_pdf=None,
        )
    assert set(exc.value.message_dict) == {"decree_number", "decree_date", "signing_official", "decree_pdf"}
    with pytest.raises(ValidationError) as exc:
        standard_transition(
            actor=operator_unit_a,
            standard=draft,
            to="ditetapkan",
            decree_number="1",
            decree_date=date(2026, 1, 1),
            signing_official="X",
            decree_pdf=SimpleUploadedFile("sk.pdf", b"\x89PNG\r\n\x1a\nfoto"),
        )
    assert "PDF" in exc.value.message_dict["decree_pdf"][0]
    with pytest.raises(ValidationError):
        standard_transition(actor=operator_unit_a, standard=draft, to="published")


def test_a_sibling_unit_cannot_change_or_see_drafts(client, draft, operator_unit_b):
    with pytest.raises(PermissionDenied):
        standard_update(actor=operator_unit_b, standard=draft, produk="x")
    client.force_login(operator_unit_b)
    for url in (
        reverse("standards:detail", args=[draft.pk]),
        reverse("standards:edit", args=[draft.pk]),
        reverse("standards:unit", args=[draft.service.unit_id]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("standards:transition", args=[draft.pk, "published"])).status_code == 404
    assert client.post(reverse("standards:new_version", args=[draft.service.pk])).status_code == 404


def test_the_public_sees_only_published_standards(client, draft, operator_unit_a, service):
    url = reverse("public_service", args=[service.unit.code, service.slug])
    assert client.get(url).status_code == 404
    assert service.name not in client.get(reverse("public_catalogue")).content.decode()
    set_and_publish(draft, operator_unit_a)
    page = client.get(url).content.decode()
    assert "KTP-el asli" in page and "Gratis" in page and '"@type": "GovernmentService"' in page
    assert "Kepala seksi" not in page  # internal components stay internal
    assert service.name in client.get(reverse("public_catalogue"), {"q": "umum"}).content.decode()
    # The SK is public while the version is published.
    file_url = draft.decree_file.get_absolute_url()
    client.logout()
    from django.contrib.auth import get_user_model

    stranger = get_user_model().objects.create_user("warga1")
    client.force_login(stranger)
    assert client.get(file_url).status_code == 200


def test_the_operator_walks_the_pages(client, tree, service, operator_unit_a):
    from sewaka.consultations.models import Forum

    forum = Forum.objects.create(
        unit=tree.pkm_a,
        topic="Standar",
        purpose="standar",
        method="fgd",
        date=date(2026, 10, 20),
        place="Aula",
    )
    client.force_login(operator_unit_a)
    client.post(reverse("standards:new_version", args=[service.pk]))
    standard = ServiceStandard.objects.get(service=service)
    data = {
        "persyaratan": "KTP-el asli | diperlihatkan | asli | Disdukcapil\nKartu Keluarga | fotokopi",
        "prosedur": "Ambil antrean | Pemohon | 1 menit\nPeriksa | Petugas | 10 menit",
        "jangka_waktu_value": "15",
        "jangka_waktu_unit": "menit",
        "biaya_gratis": "on",
        "biaya": "",
        "produk": "Layanan pemeriksaan",
        "pengaduan": "WhatsApp | 0811",
        "dasar_hukum": "Permenkes 43/2019",
        "sarana": "Ruang tunggu",
        "kompetensi": "Dokter",
        "pengawasan": "Kepala",
        "jumlah_pelaksana": "5",
        "jaminan_pelayanan": "Ada",
        "jaminan_keamanan": "Ada",
        "evaluasi_kinerja": "Bulanan",
    }
    assert client.post(reverse("standards:edit", args=[standard.pk]), data).status_code == 302
    standard.refresh_from_db()
    assert standard.persyaratan[1] == {
        "document": "Kartu Keluarga",
        "note": "fotokopi",
        "copy": "",
        "issuer": "",
    }
    client.post(reverse("standards:transition", args=[standard.pk, "dibahas"]), {"forum": forum.pk})
    client.post(
        reverse("standards:transition", args=[standard.pk, "ditetapkan"]),
        {
            "decree_number": "445/1/2026",
            "decree_date": "2026-11-01",
            "signing_official": "Kepala",
            "decree_pdf": sk(),
        },
    )
    client.post(reverse("standards:transition", args=[standard.pk, "published"]))
    standard.refresh_from_db()
    assert standard.status == "published"
    # Editing a set standard opens a new version: the GET only asks (issue 14 item 9), the POST creates it.
    response = client.get(reverse("standards:edit", args=[standard.pk]))
    assert response.status_code == 200 and "Buat draf versi baru" in response.content.decode()
    assert not ServiceStandard.objects.filter(service=service, version=2).exists()
    response = client.post(reverse("standards:edit", args=[standard.pk]))
    v2 = ServiceStandard.objects.get(service=service, version=2)
    assert response["Location"] == reverse("standards:edit", args=[v2.pk]) and v2.status == "draft"
    assert client.get(reverse("standards:edit", args=[standard.pk]))["Location"] == reverse(
        "standards:edit", args=[v2.pk]
    )  # the open draft is reused, nothing new
    assert ServiceStandard.objects.filter(service=service).count() == 2
    standard.refresh_from_db()
    assert standard.status == "published"
    body = client.get(reverse("standards:detail", args=[standard.pk])).content.decode()
    assert "Nilai indikator 1 PEKPPP: 4 dari 5" in body
    bad = client.post(
        reverse("standards:edit", args=[v2.pk]),
        {"jangka_waktu_value": "x", "biaya_gratis": "on", "biaya": "Rp 5"},
    )
    assert bad.status_code == 200
    assert (
        "Masukkan keseluruhan angka bilangan" in bad.content.decode()
        and "Kosongkan tarif bila layanan gratis" in bad.content.decode()
    )


def test_standard_and_maklumat_posters_decode_to_their_public_pages(
    client, tree, draft, operator_unit_a, service
):
    import io
    import shutil
    import subprocess

    import zxingcpp
    from PIL import Image

    from sewaka.standards.services import maklumat_save

    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils not installed")

    def decode(pdf):
        png = subprocess.run(
            ["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        return [c.text for c in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))], text

    set_and_publish(draft, operator_unit_a)
    client.force_login(operator_unit_a)
    for size in ("a4", "a3"):
        codes, text = decode(client.get(reverse("standards:poster", args=[draft.pk, size])).content)
        assert codes == [f"http://testserver/layanan/{tree.pkm_a.code}/{service.slug}/"]
        assert "Standar Pelayanan" in text and "KTP-el asli" in text
    maklumat_save(
        actor=operator_unit_a,
        unit=tree.pkm_a,
        text="Kami sanggup melayani sesuai standar.",
        signatory_name="dr. Ayu",
        signatory_position="Kepala Puskesmas A",
        signed_on=date(2026, 1, 5),
    )
    codes, text = decode(client.get(reverse("standards:maklumat_poster", args=[tree.pkm_a.pk, "a4"])).content)
    assert codes == [f"http://testserver/layanan/{tree.pkm_a.code}/"]
    assert "MAKLUMAT PELAYANAN" in text and "Kami sanggup melayani" in text
