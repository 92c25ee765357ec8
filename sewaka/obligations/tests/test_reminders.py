"""sendobligationreminders: N days before a due date and on the day it becomes missing, once per state change,
to the unit's office address and its operators, in Indonesian with a link; a Monday digest for admin pemda."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from sewaka.core.models import AuditEvent
from sewaka.obligations import services
from sewaka.obligations.models import NoticeKind, ReminderNotice
from sewaka.organisations.models import Role, Unit
from sewaka.organisations.tests.factories import make_member

WITA = ZoneInfo("Asia/Makassar")


def on(y, m, d):
    return time_machine.travel(datetime(y, m, d, 7, 0, tzinfo=WITA), tick=False)


@pytest.fixture
def setup(tree, admin_pemda, settings):
    settings.SEWAKA_BASE_URL = "https://sewaka.contoh.go.id"
    services.obligations_install_defaults(actor=None, pemda=tree.pemda)
    Unit.objects.filter(pk=tree.capil.pk).update(email="capil@contoh.go.id")
    operator = make_member(tree.capil, Role.OPERATOR, "operator_capil")
    admin_pemda.email = "admin@contoh.go.id"
    admin_pemda.save()
    return tree, operator


def run() -> str:
    out = StringIO()
    call_command("sendobligationreminders", stdout=out)
    return out.getvalue()


def capil_mails():
    return [m for m in mail.outbox if "capil@contoh.go.id" in m.to]


def test_due_soon_then_missing_once_each(setup):
    tree, operator = setup
    with on(2026, 12, 10):  # FKP due 31 December: 21 days ahead, beyond the 14-day reminder
        run()
    assert capil_mails() == []
    with on(2026, 12, 17):  # 14 days ahead: the reminder
        run()
        run()  # the next day's run (or a rerun) sends nothing new
    sent = capil_mails()
    assert len(sent) == 1
    assert sorted(sent[0].to) == ["capil@contoh.go.id", operator.email]
    assert sent[0].subject == "Pengingat kewajiban pelayanan publik: Disdukcapil"
    assert "Segera jatuh tempo: Menyelenggarakan Forum Konsultasi Publik" in sent[0].body
    assert "(batas 31 Desember 2026)" in sent[0].body
    assert f"https://sewaka.contoh.go.id/kewajiban/unit/{tree.capil.pk}/" in sent[0].body
    with on(2027, 1, 1):  # the day it becomes missing (last year's obligation is still read until March)
        run()
    with on(2027, 1, 2):
        run()
    sent = capil_mails()
    assert len(sent) == 2 and "LEWAT TENGGAT: Menyelenggarakan Forum Konsultasi Publik" in sent[1].body
    kinds = set(
        ReminderNotice.objects.filter(unit=tree.capil, obligation__key="fkp").values_list("kind", flat=True)
    )
    assert kinds == {NoticeKind.DUE_SOON, NoticeKind.MISSING}
    # Recorded for units without any address too (dinkes), so nothing is sent twice when one is added.
    assert ReminderNotice.objects.filter(unit=tree.dinkes, obligation__key="fkp").count() == 2
    assert AuditEvent.objects.filter(action="obligations.reminders").exists()


def test_monday_digest_once_a_week_for_admin_pemda(setup):
    with on(2027, 1, 4):  # a Monday
        assert "1 ringkasan mingguan" in run()
        assert "0 ringkasan mingguan" in run()
    digests = [m for m in mail.outbox if m.to == ["admin@contoh.go.id"]]
    assert len(digests) == 1
    assert digests[0].subject == "Ringkasan mingguan kewajiban pelayanan publik"
    body = digests[0].body
    # Last year's FKP: Dinkes, Disdukcapil, DPMPTSP missed it; this year's is not due yet.
    assert (
        "Tahun 2026:\n- Menyelenggarakan Forum Konsultasi Publik paling sedikit sekali setahun: 3 unit"
        in body
    )
    assert (
        "Tahun 2027:\n- Menyelenggarakan Forum Konsultasi Publik paling sedikit sekali setahun: 0 unit"
        in body
    )
    with on(2027, 1, 5):  # Tuesday: no digest
        run()
    assert len([m for m in mail.outbox if m.to == ["admin@contoh.go.id"]]) == 1
