"""An operator drafts, discusses, sets and publishes a standard; a citizen reads it on a phone."""

from datetime import date

import pytest

from sewaka.organisations.services import service_create
from sewaka.standards.models import ServiceStandard

from .conftest import axe_serious, login, shoot

pytestmark = pytest.mark.e2e


def test_the_standard_life_cycle_and_the_public_catalogue(
    page, browser, live_server, tree, operator_unit_a, tmp_path
):
    from sewaka.consultations.models import Forum

    service = service_create(actor=None, unit=tree.pkm_a, name="Pelayanan Umum")
    Forum.objects.create(
        unit=tree.pkm_a,
        topic="Rancangan standar pelayanan umum",
        purpose="standar",
        method="fgd",
        date=date(2026, 10, 20),
        place="Aula Puskesmas",
    )
    login(page, "operator_a")
    page.goto(page.base + f"/standar/unit/{tree.pkm_a.pk}/")
    page.get_by_role("button", name="Susun standar").click()
    page.wait_for_url("**/ubah/")
    page.fill("#id_persyaratan", "KTP-el | asli | asli | Disdukcapil\nKartu BPJS | bila ada")
    page.fill("#id_prosedur", "Ambil nomor antrean | Pasien | 1 menit\nPemeriksaan | Dokter | 15 menit")
    page.fill("#id_jangka_waktu_value", "30")
    page.select_option("#id_jangka_waktu_unit", "menit")
    page.check("#id_biaya_gratis")
    for field, value in {
        "produk": "Pemeriksaan dan resep",
        "pengaduan": "WhatsApp | 0811-1234",
        "dasar_hukum": "Permenkes 43/2019",
        "sarana": "Ruang tunggu",
        "kompetensi": "Dokter umum",
        "pengawasan": "Kepala Puskesmas",
        "jumlah_pelaksana": "6",
        "jaminan_pelayanan": "Sesuai maklumat",
        "jaminan_keamanan": "APAR dan CCTV",
        "evaluasi_kinerja": "Bulanan",
    }.items():
        page.fill(f"#id_{field}", value)
    shoot(page, "standar-draf")
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_url("**/standar/*/")
    assert "Nilai indikator 1 PEKPPP: 2 dari 5" in page.content()
    page.select_option("#id_forum", index=1)
    with page.expect_navigation():
        page.get_by_role("button", name="Tandai dibahas dalam FKP").click()
    assert "Dibahas dalam FKP" in page.content()
    sk = tmp_path / "sk.pdf"
    sk.write_bytes(b"%PDF-1.4\n% SK\n")
    page.fill("#id_decree_number", "445/77/PKM/2026")
    page.fill("#id_decree_date", "2026-11-02")
    page.fill("#id_signing_official", "Kepala Puskesmas A")
    page.set_input_files("#id_decree_pdf", str(sk))
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Tetapkan").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Publikasikan di katalog layanan").click()
    standard = ServiceStandard.objects.get(service=service)
    assert standard.status == "published"
    assert "Nilai indikator 1 PEKPPP: 4 dari 5" in page.content()
    shoot(page, "standar-dipublikasikan")

    citizen = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID", java_script_enabled=False
    ).new_page()
    citizen.base = live_server.url
    citizen.goto(live_server.url + "/layanan/?q=umum")
    citizen.get_by_role("link", name="Pelayanan Umum").click()
    assert "Dokumen yang perlu dibawa" in citizen.content() and "KTP-el" in citizen.content()
    shoot(citizen, "katalog-layanan-360")
    citizen.context.close()
    checker = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID").new_page()
    for path in ("/layanan/", f"/layanan/{tree.pkm_a.code}/", f"/layanan/{tree.pkm_a.code}/{service.slug}/"):
        checker.goto(live_server.url + path)
        assert axe_serious(checker) == [], path
    checker.context.close()
