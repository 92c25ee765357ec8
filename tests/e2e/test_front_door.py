"""A citizen on a 360 px phone starts at / and reaches the KTP-el service, its survey and the complaint form
without typing a URL (issue 13, item 7)."""

import shutil
from pathlib import Path

import pytest

from sewaka.organisations.models import Role
from sewaka.organisations.services import service_create
from sewaka.organisations.tests.factories import make_member
from sewaka.standards.services import standard_new_version, standard_update
from sewaka.standards.tests.test_standards import COMPLETE, set_and_publish
from sewaka.surveys.tests.factories import make_period

from .conftest import ARTIFACTS, axe_serious

pytestmark = pytest.mark.e2e
SHOTS = Path("/tmp/shots/h5")


def snap(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / path.name)
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"), name


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        locale="id-ID",
        is_mobile=True,
        has_touch=True,
        bypass_csp=True,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    yield page
    context.close()


@pytest.fixture
def ktp_el(tree):
    operator = make_member(tree.capil, Role.OPERATOR, "operator_capil")
    service = service_create(actor=None, unit=tree.capil, name="Penerbitan KTP-el", synonyms="e-KTP")
    standard = standard_new_version(actor=operator, service=service)
    set_and_publish(standard_update(actor=operator, standard=standard, **COMPLETE), operator)
    make_period(tree.capil, name="Triwulan II 2026")
    return service


def test_a_citizen_reaches_ktp_el_its_survey_and_the_complaint_form_from_the_home_page(phone, ktp_el):
    page = phone
    page.goto(page.base + "/")
    assert page.locator("input[name=password]").count() == 0
    snap(page, "front-door-360")
    assert axe_serious(page) == []
    page.fill("#id_q", "ktp el")
    with page.expect_navigation():
        page.get_by_role("button", name="Cari layanan").click()
    assert "/layanan/?q=" in page.url
    snap(page, "front-door-search-360")
    with page.expect_navigation():
        page.get_by_role("link", name="Penerbitan KTP-el").click()
    assert page.url.endswith(f"/layanan/{ktp_el.unit.code}/{ktp_el.slug}/")
    snap(page, "front-door-service-360")
    with page.expect_navigation():
        page.get_by_role("link", name="Isi survei").first.click()
    assert f"/s/{ktp_el.unit.code}/{ktp_el.slug}/" in page.url
    assert page.locator("form[data-skm]").count() == 1
    snap(page, "front-door-survey-360")
    page.go_back()
    with page.expect_navigation():
        page.get_by_role("link", name="Sampaikan pengaduan").first.click()
    assert "/pengaduan/" in page.url and page.locator("#id_what_happened").count() == 1
    snap(page, "front-door-complaint-360")
    with page.expect_navigation():
        page.get_by_role("link", name="pemberitahuan privasi", exact=True).click()
    assert page.url.split("#")[0].endswith("/privasi/")
    snap(page, "front-door-privacy-360")
    assert axe_serious(page) == []


def test_the_home_page_works_without_javascript_and_on_a_desktop(browser, live_server, ktp_el):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    snap(page, "front-door-1280")
    page.fill("#id_q", "e-ktp")
    with page.expect_navigation():
        page.get_by_role("button", name="Cari layanan").click()
    assert page.get_by_role("link", name="Penerbitan KTP-el").count() == 1
    with page.expect_navigation():
        page.get_by_role("link", name="Masuk petugas").click()
    assert "/akun/login/" in page.url
    context.close()
