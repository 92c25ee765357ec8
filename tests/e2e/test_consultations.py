"""Browser: a participant checks in on a phone without JavaScript; the public FKP pages and the staff pages
have no serious axe violations and do not scroll sideways on a phone."""

import pytest

from sewaka.consultations import services
from sewaka.consultations.models import ParticipantCategory
from sewaka.consultations.tests.factories import due, make_forum

from .conftest import axe_serious, login, shoot

pytestmark = pytest.mark.e2e


def test_a_participant_checks_in_without_javascript_and_the_pages_are_accessible(
    new_page, tree, operator_unit_a
):
    forum = make_forum(tree.pkm_a, operator_unit_a, topic="Alur antrean pendaftaran")

    page = new_page(phone=True, java_script_enabled=False)
    page.goto(f"{page.base}/hadir/{forum.checkin_token}/")
    page.get_by_role("button", name="Catat kehadiran").click()  # nothing filled in
    assert "Centang persetujuan" in page.content()
    page.fill("#id_name", "Ni Wayan Sari")
    page.fill("#id_institution", "Warga Sumerta")
    page.select_option("#id_category", ParticipantCategory.PENGGUNA)
    page.check("#id_consent")
    page.get_by_role("button", name="Catat kehadiran").click()
    page.wait_for_url("**/terima-kasih/")
    assert "sudah tercatat" in page.content()
    assert forum.participants.get().attended

    services.forum_record_results(actor=operator_unit_a, forum=forum, minutes="Antrean pagi menumpuk.")
    services.agreement_add(
        actor=operator_unit_a, forum=forum, text="Loket dibuka pukul 07.30", owner=operator_unit_a, due=due()
    )
    services.forum_publish_summary(
        actor=operator_unit_a, forum=forum, summary="Antrean pagi dibahas bersama warga."
    )

    citizen = new_page(phone=True)
    for name, path in (
        ("fkp-hadir", f"/hadir/{forum.checkin_token}/"),
        ("fkp-hadir-terima-kasih", f"/hadir/{forum.checkin_token}/terima-kasih/"),
        ("fkp-publik-ringkasan", f"/fkp-publik/{forum.pk}/"),
        ("fkp-publik-unit", f"/fkp-publik/unit/{tree.pkm_a.code}/"),
    ):
        citizen.goto(citizen.base + path)
        shoot(citizen, name)
        assert axe_serious(citizen) == [], name
        if "fkp-publik" in name:
            assert "Ni Wayan Sari" not in citizen.content()

    staff = new_page()
    login(staff, "operator_a")
    for name, path in (
        ("fkp-detail", forum.get_absolute_url()),
        ("fkp-daftar", "/fkp/"),
        ("fkp-rencana", f"/fkp/baru/?unit={tree.pkm_a.pk}"),
    ):
        staff.goto(staff.base + path)
        shoot(staff, name)
        assert axe_serious(staff) == [], name
        if name == "fkp-detail":
            assert "1 kategori peserta hadir" in staff.content()
