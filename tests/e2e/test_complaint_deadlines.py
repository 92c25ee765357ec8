"""The case page and the report show the deadlines decided by complaints/sla.py (phone and desktop)."""

import pytest
from django.urls import reverse

from sewaka.complaints.tests.test_sla import ANSWERED_AFTER_A_PAUSE, at, play

from .conftest import axe_serious, login, shoot

pytestmark = pytest.mark.e2e


def test_the_case_page_and_report_show_the_deadlines(page, tree, admin_pemda):
    answered = play(tree, admin_pemda, ANSWERED_AFTER_A_PAUSE)
    late = play(
        tree,
        admin_pemda,
        [(at(11, 27, 15), "receive"), (at(12, 3), "verify"), (at(12, 4), "pause"), (at(12, 11), "resume")],
    )
    login(page, "admin_pemda")
    page.goto(page.base + answered.get_absolute_url())
    text = page.inner_text("main")
    assert "Tanggapan pelapor: Selasa, 1 Desember 2026" in text
    assert "+5 hari kerja menunggu pelapor" in text  # the first answer waited; the reporter's window did not
    assert axe_serious(page) == []
    shoot(page, "pengaduan-batas-waktu-dijawab")
    page.goto(page.base + late.get_absolute_url())
    text = page.inner_text("main")
    assert "Verifikasi: Rabu, 2 Desember 2026" in text and "terpenuhi terlambat" in text
    shoot(page, "pengaduan-batas-waktu-terlambat")
    page.goto(page.base + reverse("complaints:report"))
    assert "hari kerja" in page.inner_text("main")
    shoot(page, "pengaduan-laporan")
