"""A citizen answers the SKM on a phone (from the QR code), on a kiosk, and without JavaScript."""

import pytest
import zxingcpp
from PIL import Image

from sewaka.surveys.ikm import UNSUR_KEYS
from sewaka.surveys.models import Response
from sewaka.surveys.services import kiosk_register
from sewaka.surveys.tests.factories import make_period, make_service

from .conftest import ARTIFACTS, axe_serious, login, shoot

pytestmark = pytest.mark.e2e


@pytest.fixture
def period(tree):
    service = make_service(tree.pkm_a)
    return make_period(tree.pkm_a, services={service: 300})


def phone(browser, base, **kwargs):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID", is_mobile=True, has_touch=True, **kwargs
    )
    page = context.new_page()
    page.base = base
    return page


def answer_all_steps(page, value="4"):
    page.select_option("#id_service", index=1)
    page.get_by_role("button", name="Lanjut").click()
    for key in UNSUR_KEYS:
        page.locator(f"fieldset[data-unsur={key}] input[value='{value}']").check()
        if int(value) <= 2:
            page.fill(f"#id_why_{key}", "Antrean lama")
            page.get_by_role("button", name="Lanjut").click()
        else:
            page.wait_for_timeout(350)  # 3 or 4 moves on by itself


def test_a_citizen_scans_the_qr_and_answers_on_a_phone(
    page, browser, live_server, tree, period, operator_unit_a
):
    login(page, "operator_a")
    page.goto(page.base + period.get_absolute_url())
    shoot(page, "skm-hasil-kosong")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    qr_png = ARTIFACTS / "skm-qr.png"
    page.locator("img.qr").screenshot(path=str(qr_png))
    decoded = zxingcpp.read_barcodes(Image.open(qr_png))
    assert decoded, "QR code not readable"
    url = decoded[0].text
    assert url.endswith(f"/s/{tree.pkm_a.code}/")

    citizen = phone(browser, page.base)
    citizen.goto(url)
    shoot(citizen, "skm-warga-awal")
    assert citizen.locator("[data-step]:visible").count() == 1  # one question per screen
    answer_all_steps(citizen, value="2")
    shoot(citizen, "skm-warga-profil")
    citizen.select_option("#id_gender", "P")
    citizen.fill("#id_age", "34")
    citizen.fill("#id_suggestion", "Mohon tambah kursi tunggu")
    citizen.get_by_role("button", name="Kirim jawaban").click()
    citizen.wait_for_url("**/terima-kasih/")
    assert "Terima kasih" in citizen.content()
    shoot(citizen, "skm-warga-terima-kasih")
    assert axe_serious(citizen) == []
    stored = Response.objects.get()
    assert stored.waktu == 2 and stored.why["waktu"] == "Antrean lama" and stored.gender == "P"
    citizen.context.close()


def test_a_double_submitted_form_stores_one_response(browser, live_server, tree, period):
    citizen = phone(browser, live_server.url)
    citizen.goto(live_server.url + f"/s/{tree.pkm_a.code}/")
    answer_all_steps(citizen)
    form = citizen.evaluate(
        "() => Object.fromEntries(new FormData(document.querySelector('form[data-skm]')))"
    )
    for _ in range(2):
        result = citizen.request.post(
            live_server.url + f"/s/{tree.pkm_a.code}/", form=form, headers={"Referer": live_server.url + "/"}
        )
        assert result.ok
    assert Response.objects.count() == 1
    citizen.context.close()


def test_the_form_works_without_javascript(browser, live_server, tree, period):
    citizen = phone(browser, live_server.url, java_script_enabled=False)
    citizen.goto(live_server.url + f"/s/{tree.pkm_a.code}/")
    assert citizen.locator("[data-step]:visible").count() == len(UNSUR_KEYS) + 2
    citizen.select_option("#id_service", index=1)
    for key in UNSUR_KEYS:
        citizen.locator(f"fieldset[data-unsur={key}] input[value='3']").check()
    shoot(citizen, "skm-tanpa-js")
    citizen.get_by_role("button", name="Kirim jawaban").click()
    citizen.wait_for_url("**/terima-kasih/")
    assert Response.objects.get().persyaratan == 3
    citizen.context.close()


def test_the_kiosk_resets_itself_after_the_thank_you_screen(
    browser, live_server, tree, period, operator_unit_a
):
    _kiosk, token = kiosk_register(actor=operator_unit_a, unit=tree.pkm_a, name="Tablet loket 1")
    tablet = browser.new_context(viewport={"width": 1024, "height": 768}, locale="id-ID").new_page()
    tablet.base = live_server.url
    tablet.goto(live_server.url + f"/kios/{token}/")
    assert tablet.url.endswith(f"/s/{tree.pkm_a.code}/")
    answer_all_steps(tablet, value="3")
    tablet.get_by_role("button", name="Kirim jawaban").click()
    tablet.wait_for_url("**/terima-kasih/")
    shoot(tablet, "skm-kios-terima-kasih")
    tablet.wait_for_url(f"**/s/{tree.pkm_a.code}/", timeout=20000)
    assert tablet.locator("form[data-kiosk]").count() == 1
    assert Response.objects.get().source == "kiosk"
    tablet.context.close()


def test_the_results_page_for_staff(page, tree, period, operator_unit_a):
    from sewaka.surveys.tests.factories import make_response

    service = period.period_services.get().service
    for i in range(12):
        make_response(
            period,
            {k: 1 + (i + j) % 4 for j, k in enumerate(UNSUR_KEYS)},
            service=service,
            gender="L" if i % 2 else "P",
            age=20 + i * 3,
            suggestion="Perluas parkir" if i == 3 else "",
        )
    login(page, "operator_a")
    page.goto(page.base + period.get_absolute_url())
    assert "Nilai per unsur" in page.content()
    shoot(page, "skm-hasil")
    assert axe_serious(page) == []
    page.goto(page.base + f"/s/{tree.pkm_a.code}/tv/")
    shoot(page, "skm-tv")
