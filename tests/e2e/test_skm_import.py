"""An operator imports an Indonesian Google Forms export: columns, then profile and service values."""

from datetime import date

import pytest

from sewaka.surveys.models import Response
from sewaka.surveys.tests.factories import make_period, make_service
from sewaka.surveys.tests.test_import_values import google_forms_csv

from .conftest import axe_serious, login, shoot


@pytest.fixture
def period(tree):
    ktp = make_service(tree.pkm_a, "KTP-el")
    kk = make_service(tree.pkm_a, "KK")
    return make_period(
        tree.pkm_a, services={ktp: 300, kk: 200}, start=date(2026, 10, 1), end=date(2026, 12, 31)
    )


def test_an_operator_maps_columns_and_values_of_a_google_forms_export(
    page, tree, period, operator_unit_a, tmp_path
):
    login(page, "operator_a")
    export = tmp_path / "Survei Kepuasan Masyarakat (Jawaban).csv"
    export.write_bytes(google_forms_csv())
    page.goto(page.base + f"/skm/periode/{period.pk}/impor/")
    page.set_input_files("input[type=file]", str(export))
    page.click("text=Unggah dan periksa kolom")
    page.wait_for_url("**/kolom/")
    shoot(page, "skm-import-columns")
    page.click("text=Periksa semua baris")
    page.wait_for_selector("#h-values")
    assert page.locator("text=tidak dikenal").count() >= 1
    shoot(page, "skm-import-values")
    assert axe_serious(page) == []

    page.select_option("select[name=service_0]", label="KK")  # "Kartu Keluarga"
    page.select_option("select[name=service_1]", label="KTP-el")  # "Perekaman KTP Elektronik"
    page.select_option("select[name=service_2]", value="~")  # "Akta Kelahiran": not this period's
    page.click("text=Simpan pemetaan nilai dan periksa ulang")
    page.wait_for_selector("text=Diabaikan (layanan di luar periode ini)")
    assert page.locator("td", has_text="Kursus komputer").count() >= 1  # the rejected line and value
    shoot(page, "skm-import-analysed")

    page.check("input[name=valid_only]")
    page.click("text=Simpan 9 baris")
    page.wait_for_selector("text=Lihat hasil periode")
    assert Response.objects.filter(period=period, education="d1_d4").count() == 4
    assert page.console_errors == []


def test_a_period_over_a_closed_periods_dates_asks_for_confirmation(page, tree, operator_unit_a):
    make_period(
        tree.pkm_a, name="Triwulan IV 2026", open_=False, start=date(2026, 10, 1), end=date(2026, 12, 31)
    )
    login(page, "operator_a")
    page.goto(page.base + f"/skm/unit/{tree.pkm_a.pk}/baru/")
    page.fill("#id_name", "Survei khusus Desember")
    page.select_option("#id_kind", "custom")
    page.fill("#id_start", "2026-12-01")
    page.fill("#id_end", "2027-01-31")
    page.click("button:has-text('Buka periode')")
    page.wait_for_selector("input[name=confirm_overlap]")
    shoot(page, "skm-period-overlap")
    page.check("input[name=confirm_overlap]")
    page.click("button:has-text('Buka periode')")
    page.wait_for_selector("text=tidak dihitung dalam peringkat kota")
