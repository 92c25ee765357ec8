"""Each persona logs in, sees its navigation, switches unit, is refused another unit, logs out."""

import pytest

from sewaka.organisations.services import membership_grant

from .conftest import axe_serious, login, shoot

pytestmark = pytest.mark.e2e

NAV = {
    "admin_pemda": {"Unit & layanan": True, "Pengguna": True, "Jejak audit": True},
    "operator_unit_a": {"Unit & layanan": True, "Pengguna": False, "Jejak audit": False},
    "pimpinan": {"Unit & layanan": True, "Pengguna": False, "Jejak audit": False},
    "tim_monev": {"Unit & layanan": True, "Pengguna": False, "Jejak audit": True},
    "pengelola_pengaduan": {"Unit & layanan": True, "Pengguna": False, "Jejak audit": False},
}


@pytest.mark.parametrize("persona", list(NAV))
def test_it_walks_each_persona_through_the_shell(page, request, tree, persona):
    user = request.getfixturevalue(persona)
    login(page, user.username)
    nav = page.locator("nav[aria-label='Navigasi utama']")
    for label, visible in NAV[persona].items():
        assert (nav.get_by_role("link", name=label, exact=True).count() == 1) is visible, (persona, label)
    shoot(page, f"beranda-{persona}")

    if persona == "operator_unit_a":
        # A second membership makes the unit switcher useful.
        membership_grant(actor=None, user=user, unit=tree.capil, role="operator")
        page.reload()
        with page.expect_navigation():
            page.select_option("#unit-switch", str(tree.capil.pk))
        assert "Disdukcapil" in page.locator("#unit-now").inner_text()
        # Another unit's page: refused.
        response = page.goto(page.base + tree.pkm_b.get_absolute_url())
        assert response.status in (403, 404)
        assert "tidak ditemukan" in page.content() or "Akses ditolak" in page.content()
        shoot(page, "unit-lain-ditolak")
        page.console_errors.clear()  # the refused page's own 404 is expected

    if persona == "admin_pemda":
        page.goto(page.base + "/unit/")
        shoot(page, "daftar-unit")
        page.goto(page.base + tree.pkm_a.get_absolute_url())
        shoot(page, "detail-unit")

    page.locator("details.menu").evaluate("el => el.open = true")
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/akun/login/")
    assert not page.console_errors


def test_it_has_no_serious_accessibility_violations(page, tree, admin_pemda, operator_unit_a):
    page.goto(page.base + "/akun/login/")
    shoot(page, "login")
    assert axe_serious(page) == []
    login(page, "operator_a")
    for path in ("/beranda/", "/unit/", tree.pkm_a.get_absolute_url(), f"/unit/{tree.pkm_a.pk}/ubah/"):
        page.goto(page.base + path)
        assert axe_serious(page) == [], path
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(page.base + "/beranda/")
    assert axe_serious(page) == []


def test_it_shows_form_errors_next_to_their_field(page, tree, admin_pemda):
    login(page, "admin_pemda")
    page.goto(page.base + "/unit/baru/")
    page.click("form.card button[type=submit]")
    error = page.locator("#id_name_error")
    assert "tidak boleh kosong" in error.inner_text()
    shoot(page, "form-unit-galat")
