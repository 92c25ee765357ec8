"""Tim Monev records a visit on a 360 px phone; its findings appear in the unit's follow-up list."""

import io

import pytest
from PIL import Image

from .conftest import login, shoot

pytestmark = pytest.mark.e2e


def test_a_monev_visit_on_a_phone(page, browser, live_server, tree, tim_monev, operator_unit_a):
    phone = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID", is_mobile=True
    ).new_page()
    phone.base = live_server.url
    login(phone, "tim_monev")
    # From the staff home to the visit form in three taps: Menu → Catat kunjungan → the unit.
    phone.get_by_text("Menu", exact=True).click()
    # (The Beranda has its own "Catat kunjungan" button too; this walk uses the menu's.)
    phone.locator("nav[aria-label='Navigasi utama']").get_by_role("link", name="Catat kunjungan").click()
    shoot(phone, "monev-pilih-unit")
    phone.get_by_role("link", name="Puskesmas A").click()
    phone.wait_for_url(f"**/penilaian/unit/{tree.pkm_a.pk}/kunjungan/")
    phone.fill("#id_representative", "Kepala Tata Usaha")
    phone.check("#id_item_sp-dipampang")
    phone.check("#id_item_sistem-antrian")
    phone.fill("#id_findings", "Maklumat belum dipasang di ruang tunggu\nKursi prioritas lansia kurang")
    photo = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(photo, format="JPEG")
    phone.set_input_files(
        "#id_photos", [{"name": "ruang-tunggu.jpg", "mimeType": "image/jpeg", "buffer": photo.getvalue()}]
    )
    shoot(phone, "monev-kunjungan")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Simpan kunjungan").click()
    assert "2 temuan masuk" in phone.content()
    # The visit reads back: checklist answers, findings with their follow-ups, the photo, the report.
    assert "Standar pelayanan dipampang di lokasi pelayanan" in phone.content()
    assert "Kursi prioritas lansia kurang" in phone.content()
    assert phone.locator("img.thumb").count() == 1
    assert phone.get_by_role("link", name="Unduh laporan kunjungan (PDF)").count() == 1
    shoot(phone, "monev-kunjungan-tercatat")
    phone.context.close()
    login(page, "operator_a")
    page.goto(page.base + "/tindak-lanjut/")
    assert "Maklumat belum dipasang di ruang tunggu" in page.content()
    assert "Kursi prioritas lansia kurang" in page.content()
    shoot(page, "monev-temuan-di-unit")
