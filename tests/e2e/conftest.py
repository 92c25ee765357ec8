"""Browser tests: Playwright driving Debian's Chromium (no browser download)."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("SEWAKA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("SEWAKA_TEST_ARTIFACTS", "test-artifacts")) / "screenshots"
PASSWORD = "rahasia-uji-123"


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs Debian's chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def open_page(browser, base: str, *, phone: bool = False, **options):
    """A page in a new context of the one session-wide browser: desktop (1280 px) or phone (360 px),
    Indonesian; `options` go to `new_context` (e.g. `java_script_enabled=False`)."""
    context = browser.new_context(
        **{**(PHONE if phone else DESKTOP), "locale": "id-ID", "bypass_csp": True, **options}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.base = base
    page.console_errors = errors
    return page


@pytest.fixture
def page(browser, live_server):
    page = open_page(browser, live_server.url)
    yield page
    page.context.close()


@pytest.fixture
def new_page(browser, live_server):
    """More pages in one test (a citizen's phone and a handler's desktop, a browser without JavaScript):
    `new_page(phone=True, java_script_enabled=False)`. Their contexts close with the test."""
    pages = []

    def make(*, phone: bool = False, **options):
        pages.append(open_page(browser, live_server.url, phone=phone, **options))
        return pages[-1]

    yield make
    for opened in pages:
        opened.context.close()


def shoot(page, name: str) -> None:
    """Screenshot at 1280 px and 360 px; fail when the phone layout scrolls sideways."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})
    page.screenshot(path=str(ARTIFACTS / f"{name}-360.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not overflow, f"{name}: page scrolls sideways at 360 px"


def login(page, username: str) -> None:
    page.goto(page.base + "/akun/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/beranda/")


@pytest.fixture
def demo_users(settings, transactional_db):
    """The Denpasar demo seeded for a browser test: {username: user} of its personas."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.SEWAKA_DEMO = True
    settings.SEWAKA_DEMO_USERS = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("seeddemo", verbosity=0)
    return {u.username: u for u in get_user_model().objects.all()}


def demo_login(page, username: str = "admin.pemda") -> None:
    """Log in as a demo persona (the demo password), landing on the Beranda."""
    from sewaka.accounts.backends import DEMO_PASSWORD

    page.goto(page.base + "/akun/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/beranda/")


def axe_serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
