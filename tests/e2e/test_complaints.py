"""A citizen files a complaint on a phone and follows it to "selesai" while handlers verify, forward, answer."""

import re

import pytest
from django.core import mail

from sewaka.complaints.models import Complaint
from sewaka.organisations.models import Role
from sewaka.organisations.tests.factories import make_member

from .conftest import axe_serious, login, shoot

pytestmark = pytest.mark.e2e


def test_a_complaint_from_a_phone_to_selesai(page, browser, live_server, tree, admin_pemda):
    make_member(tree.pkm_b, Role.PENGELOLA_PENGADUAN, "handler_b")
    citizen = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID", is_mobile=True
    ).new_page()
    citizen.base = live_server.url
    citizen.goto(live_server.url + "/pengaduan/")
    assert axe_serious(citizen) == []
    citizen.check("input[name=privacy][value=rahasia]")
    citizen.fill("#id_reporter_name", "Made Pelapor")
    citizen.fill("#id_reporter_phone", "0812-1111-2222")
    citizen.fill("#id_reporter_email", "made@example.test")
    citizen.select_option("#id_unit", tree.pkm_a.code)
    citizen.fill(
        "#id_what_happened", "Antrean pendaftaran sangat lama dan nomor antrean tidak dipanggil berurutan."
    )
    citizen.fill("#id_request", "Perbaiki sistem antrean.")
    shoot(citizen, "pengaduan-form")
    mail.outbox.clear()
    citizen.get_by_role("button", name="Kirim pengaduan").click()
    citizen.wait_for_url("**/pengaduan/terkirim/")
    complaint = Complaint.objects.get()
    assert complaint.code in citizen.content()
    assert any(complaint.code in m.body for m in mail.outbox if m.to == ["made@example.test"])  # receipt
    shoot(citizen, "pengaduan-terkirim")
    citizen.reload()  # shown once: a shared phone keeps no code
    assert complaint.code not in citizen.content()

    login(page, "admin_pemda")
    page.goto(page.base + complaint.get_absolute_url())
    assert "Made Pelapor" in page.content()  # admin pemda sees a rahasia identity
    with page.expect_navigation():
        page.locator("form[action$='/status/diverifikasi/'] button").click()
    page.select_option("#unit-didisposisikan", str(tree.pkm_b.pk))
    page.fill("#ins-didisposisikan", "Mohon periksa antrean pagi dan jawab pelapor.")
    with page.expect_navigation():
        page.locator("form[action$='/status/didisposisikan/'] button").click()
    complaint.refresh_from_db()
    assert complaint.status == "didisposisikan" and complaint.handling_unit == tree.pkm_b

    handler = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID").new_page()
    handler.base = live_server.url
    login(handler, "handler_b")
    handler.goto(live_server.url + complaint.get_absolute_url())
    assert "Made Pelapor" not in handler.content()  # forwarded: the case, not the rahasia identity
    assert "Mohon periksa antrean pagi" in handler.content()
    with handler.expect_navigation():
        handler.locator("form[action$='/status/dalam_tindak_lanjut/'] button").click()
    handler.fill("#ans-dijawab", "Kami menambah satu petugas antrean dan memasang layar panggil.")
    with handler.expect_navigation():
        handler.locator("form[action$='/status/dijawab/'] button").click()
    shoot(handler, "pengaduan-staf-detail")
    handler.context.close()

    # An old printed link with the code opens the lookup form, not the case.
    citizen.goto(live_server.url + f"/pengaduan/lacak/{complaint.code}/")
    assert "layar panggil" not in citizen.content()
    citizen.fill("#id_code", complaint.code)
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="Lihat status").click()
    assert complaint.code not in citizen.url
    assert "layar panggil" in citizen.content()
    assert "Made Pelapor" not in citizen.content()
    mail.outbox.clear()
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="Ya, selesai").click()
    complaint.refresh_from_db()
    assert complaint.status == "dijawab"  # the code alone does not close it: a link went to the e-mail
    shoot(citizen, "pengaduan-lacak")
    (message,) = mail.outbox
    citizen.goto(re.search(r"https?://\S+", message.body).group(0))
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="Konfirmasi").click()
    complaint.refresh_from_db()
    assert complaint.status == "selesai"
    shoot(citizen, "pengaduan-selesai")
    assert axe_serious(citizen) == []
    citizen.context.close()
