"""On the Denpasar demo the Kabag Organisasi answers, in at most three clicks from the staff home page,
"who has not held an FKP this year?" and "who has not evaluated its SKM last quarter?"; the answers are the
tracker's own; a cell leads to its evidence; the Sekda's letter renders. Screenshots at 1280 and 360 px."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone

from sewaka.obligations import evaluation as ev
from sewaka.obligations import selectors
from sewaka.organisations.models import Unit

from .conftest import ARTIFACTS, demo_login, shoot

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(demo_users):
    return Unit.objects.get(code="kota-denpasar"), demo_users["admin.pemda"]


def listed(page) -> list[str]:
    return page.locator("table.tracker tr:not(.pd-only) > th[scope=row] > a").all_inner_texts()


def expected(user, pemda, view, key) -> list[str]:
    tr = selectors.tracker(user=user, pemda=pemda, view=view, state="belum", rule_key=key)
    return [r.unit.name for g in tr.groups for r in g.all_rows]


def test_the_kabag_finds_who_has_not_met_the_circular_in_three_clicks(page, browser, live_server, demo):
    pemda, admin = demo
    today = timezone.localdate()
    demo_login(page)
    # Click 1: "Kewajiban" in the main navigation.
    page.get_by_role("link", name="Kewajiban", exact=True).click()
    page.wait_for_url("**/kewajiban/")
    assert "Belum terpenuhi" in page.content() and "Pelacak kewajiban" in page.content()
    shoot(page, "kewajiban-pelacak")
    # Click 2: "Belum FKP tahun ini" — the perangkat daerah without an FKP this year (due or not yet due).
    page.get_by_role("link", name="Belum FKP tahun ini").click()
    names = listed(page)
    want = expected(admin, pemda, ev.year_period(today.year), "fkp")
    assert names and names == want
    assert page.locator("table.tracker td a.st-done").count() == 0  # only the ones that have not
    shoot(page, "kewajiban-belum-fkp")
    # Last quarter's SKM: again two clicks from the tracker's first page.
    page.get_by_role("link", name="Kewajiban", exact=True).click()
    quarter = ev.last_quarter(today)
    page.get_by_role("link", name=f"SKM {quarter.label} belum dievaluasi").click()
    names = listed(page)
    assert names and names == expected(admin, pemda, quarter, "skm")
    shoot(page, "kewajiban-skm-triwulan-lalu")
    # A cell leads to what is missing, on the unit's obligations page.
    page.locator("table.tracker td a.st-missing").first.click()
    page.wait_for_url("**/kewajiban/unit/**")
    assert page.locator("li.obl-missing").count() >= 1
    shoot(page, "kewajiban-unit")
    # A unit that held an FKP shows "Terpenuhi" with its berita acara.
    page.get_by_role("link", name="Kewajiban", exact=True).click()
    page.select_option("#id_kewajiban", "fkp")
    page.select_option("#id_status", "done")
    page.get_by_role("button", name="Saring").click()
    page.locator("table.tracker td a.st-done").first.click()
    fkp = page.locator("#k-fkp")
    assert "Terpenuhi" in fkp.inner_text() and "Berita acara FKP" in fkp.inner_text()
    shoot(page, "kewajiban-unit-fkp-terpenuhi")
    # The Sekda's letters page and the draft letter.
    page.goto(page.base + "/kewajiban/surat/")
    shoot(page, "kewajiban-surat")
    response = page.request.get(
        page.base + f"/kewajiban/surat/pratinjau.pdf?periode={today.year}&bentuk=summary", timeout=180_000
    )
    assert response.ok and response.body().startswith(b"%PDF")
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "surat.pdf"
            src.write_bytes(response.body())
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "70",
                    "-f",
                    "1",
                    "-l",
                    "2",
                    str(src),
                    str(ARTIFACTS / "surat-pengingat"),
                ],
                check=True,
                timeout=60,
            )


def test_on_a_phone_three_taps_reach_the_fkp_answer(browser, live_server, demo):
    phone = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID", is_mobile=True
    ).new_page()
    phone.base = live_server.url
    demo_login(phone)
    phone.get_by_text("Menu", exact=True).click()  # tap 1
    phone.get_by_role("link", name="Kewajiban", exact=True).click()  # tap 2
    phone.get_by_role("link", name="Belum FKP tahun ini").click()  # tap 3
    assert listed(phone)
    shoot(phone, "kewajiban-belum-fkp-ponsel")
    phone.context.close()
