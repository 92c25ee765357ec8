"""An operator closes a period, issues its report with a number and date, plans the RTL, and the period
page says "Sudah dievaluasi" only then."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sewaka.surveys.ikm import UNSUR_KEYS
from sewaka.surveys.tests.factories import make_period, make_response, make_service

from .conftest import axe_serious, login, shoot

pytestmark = pytest.mark.e2e


def test_the_operator_issues_the_report_and_the_period_becomes_evaluated(page, tree, operator_unit_a):
    service = make_service(tree.pkm_a, "Pemeriksaan Umum")
    today = timezone.localdate()
    period = make_period(tree.pkm_a, services={service: 100}, start=today - timedelta(days=40), end=today)
    for i in range(8):
        # waktu 2 → NRR 2 (D); every other unsur 4 (A): the RTL must cover waktu.
        make_response(period, dict.fromkeys(UNSUR_KEYS, 4) | {"waktu": 2}, service=service, age=20 + i)
    login(page, "operator_a")
    page.goto(page.base + period.get_absolute_url())
    assert "Periode masih dibuka" in page.content()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Tutup periode").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Terbitkan laporan").first.click()
    page.fill("#id_number", "065/17/PKM-A/2026")
    shoot(page, "skm-terbitkan-laporan")
    assert axe_serious(page) == []
    page.get_by_role("button", name="Terbitkan laporan").click()
    page.wait_for_url(f"**{period.get_absolute_url()}")
    body = page.content()
    assert "Belum dievaluasi" in body and "Belum ada RTL untuk unsur bermutu C/D: Waktu Penyelesaian." in body
    assert "nomor 065/17/PKM-A/2026" in body
    shoot(page, "skm-periode-belum-rtl")
    page.get_by_role("link", name="Tambah tindakan").click()
    assert page.locator("#id_unsur").input_value() == "waktu"
    page.fill("#id_title", "Tambah loket pagi")
    page.fill("#id_due", (today + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"**{period.get_absolute_url()}")
    assert "Sudah dievaluasi" in page.content()
    shoot(page, "skm-periode-dievaluasi")
    assert axe_serious(page) == []
