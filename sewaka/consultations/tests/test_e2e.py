"""Browser: a participant checks in on a phone without JavaScript; the public pages and the staff pages
have no serious axe violations and do not scroll sideways on a phone."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sewaka.consultations import services
from sewaka.consultations.models import ParticipantCategory
from tests.e2e.conftest import CHROMIUM, axe_serious, login, shoot

from .factories import due, make_forum

pytestmark = pytest.mark.e2e


def in_browser(fn):
    """Run `fn(browser)` with its own Chromium in a worker thread.

    Playwright's sync API refuses to start while another sync session (tests/e2e's session-wide browser)
    is open in this thread, so this module does not share or hold one. The ORM stays in the test thread.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs Debian's chromium).")

    def run():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            try:
                return fn(browser)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def phone(browser, base, **kwargs):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID", is_mobile=True, has_touch=True, **kwargs
    )
    page = context.new_page()
    page.base = base
    return page


def test_a_participant_checks_in_without_javascript_and_the_pages_are_accessible(
    live_server, tree, operator_unit_a
):
    forum = make_forum(tree.pkm_a, operator_unit_a, topic="Alur antrean pendaftaran")
    base = live_server.url

    def check_in(browser):
        page = phone(browser, base, java_script_enabled=False)
        page.goto(f"{base}/hadir/{forum.checkin_token}/")
        page.get_by_role("button", name="Catat kehadiran").click()  # nothing filled in
        assert "Centang persetujuan" in page.content()
        page.fill("#id_name", "Ni Wayan Sari")
        page.fill("#id_institution", "Warga Sumerta")
        page.select_option("#id_category", ParticipantCategory.PENGGUNA)
        page.check("#id_consent")
        page.get_by_role("button", name="Catat kehadiran").click()
        page.wait_for_url("**/terima-kasih/")
        assert "sudah tercatat" in page.content()

    in_browser(check_in)
    assert forum.participants.get().attended

    services.forum_record_results(actor=operator_unit_a, forum=forum, minutes="Antrean pagi menumpuk.")
    services.agreement_add(
        actor=operator_unit_a, forum=forum, text="Loket dibuka pukul 07.30", owner=operator_unit_a, due=due()
    )
    services.forum_publish_summary(
        actor=operator_unit_a, forum=forum, summary="Antrean pagi dibahas bersama warga."
    )

    def look_around(browser):
        citizen = phone(browser, base)
        for name, path in (
            ("fkp-hadir", f"/hadir/{forum.checkin_token}/"),
            ("fkp-hadir-terima-kasih", f"/hadir/{forum.checkin_token}/terima-kasih/"),
            ("fkp-publik-ringkasan", f"/fkp-publik/{forum.pk}/"),
            ("fkp-publik-unit", f"/fkp-publik/unit/{tree.pkm_a.code}/"),
        ):
            citizen.goto(base + path)
            shoot(citizen, name)
            assert axe_serious(citizen) == [], name
            if "fkp-publik" in name:
                assert "Ni Wayan Sari" not in citizen.content()

        staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID").new_page()
        staff.base = base
        login(staff, "operator_a")
        for name, path in (
            ("fkp-detail", forum.get_absolute_url()),
            ("fkp-daftar", "/fkp/"),
            ("fkp-rencana", f"/fkp/baru/?unit={tree.pkm_a.pk}"),
        ):
            staff.goto(base + path)
            shoot(staff, name)
            assert axe_serious(staff) == [], name
            if name == "fkp-detail":
                assert "1 kategori peserta hadir" in staff.content()

    in_browser(look_around)
