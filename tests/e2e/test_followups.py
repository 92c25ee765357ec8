"""A follow-up goes through its states in the browser; done needs evidence or a reason."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sewaka.followups.models import FollowUp

from .conftest import axe_serious, login, shoot

pytestmark = pytest.mark.e2e


def test_it_walks_a_followup_from_creation_to_verification(
    page, browser, live_server, tree, operator_unit_a, tim_monev
):
    login(page, "operator_a")
    page.goto(page.base + "/tindak-lanjut/baru/")
    if page.locator("#id_title").count() == 0:  # more than one unit: pick it first
        page.select_option("#id_pick_unit", str(tree.pkm_a.pk))
        page.get_by_role("button", name="Pilih unit").click()
        page.wait_for_load_state()
    page.fill("#id_title", "Pasang papan alur pelayanan")
    page.select_option("#id_owner", str(operator_unit_a.pk))
    page.fill("#id_due", (timezone.localdate() + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url("**/tindak-lanjut/*/")
    followup = FollowUp.objects.get(title="Pasang papan alur pelayanan")

    page.get_by_role("button", name="Tandai selesai").click()
    page.wait_for_load_state()
    assert "hanya dapat ditandai selesai dengan bukti" in page.locator(".messages").inner_text()
    shoot(page, "tindak-lanjut-tanpa-bukti")

    page.set_input_files(
        "#id_file", files=[{"name": "papan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 papan"}]
    )
    page.get_by_role("button", name="Unggah").click()
    page.wait_for_load_state()
    assert "papan.pdf" in page.content()
    page.get_by_role("button", name="Tandai selesai").click()
    page.wait_for_load_state()
    followup.refresh_from_db()
    assert followup.status == "done"

    page.goto(page.base + "/tindak-lanjut/")
    assert "Pasang papan alur pelayanan" in page.content()
    shoot(page, "tindak-lanjut-daftar-unit")
    assert axe_serious(page) == []

    monev = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID").new_page()
    monev.base = page.base
    login(monev, "tim_monev")
    monev.goto(page.base + followup.get_absolute_url())
    monev.get_by_role("button", name="Verifikasi").click()
    monev.wait_for_load_state()
    followup.refresh_from_db()
    assert followup.status == "verified"
    shoot(monev, "tindak-lanjut-terverifikasi")
    assert axe_serious(monev) == []
    monev.goto(page.base + "/tindak-lanjut/")
    assert "Pasang papan alur pelayanan" in monev.content()
    shoot(monev, "tindak-lanjut-daftar-kota")
    monev.context.close()
