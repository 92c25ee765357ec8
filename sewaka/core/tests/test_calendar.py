"""The pemda calendar: the package plus the admin table (which wins), through the DB-backed helpers."""

from datetime import date, datetime

from django.urls import reverse

from sewaka.core.calendar import add_working_days, deadline, working_days_between
from sewaka.core.models import AuditEvent, DayOff
from sewaka.core.services import dayoff_set
from sewaka.core.workdays import WITA


def test_it_follows_the_worked_example_of_the_rulebook(db):
    received = datetime(2026, 11, 27, 15, 0, tzinfo=WITA)
    assert deadline(received, 3) == datetime(2026, 12, 2, 23, 59, 59, tzinfo=WITA)
    dayoff_set(actor=None, pemda=None, date=date(2026, 11, 30), kind="local", name="Libur lokal uji")
    assert deadline(received, 3) == datetime(2026, 12, 3, 23, 59, 59, tzinfo=WITA)


def test_it_counts_from_a_saturday_receipt(db):
    # Saturday 28 November 2026: day 0; day 1 is Monday 30 November.
    assert add_working_days(date(2026, 11, 28), 1) == date(2026, 11, 30)


def test_it_skips_a_national_holiday_on_the_deadline(db):
    # Thursday 24 Dec 2026 (cuti bersama) and Friday 25 Dec (Natal) are not working days.
    assert add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)


def test_it_lets_the_admin_table_win_over_the_package(db):
    dayoff_set(actor=None, pemda=None, date=date(2026, 12, 24), kind="working_day", name="Masuk kerja")
    assert add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 24)


def test_it_handles_idul_fitri_with_cuti_bersama_from_the_table(db):
    # Idul Fitri 1448 H is around 10–11 March 2027 in the package; cuti bersama set by the admin.
    for day in (date(2027, 3, 9), date(2027, 3, 12), date(2027, 3, 15), date(2027, 3, 16)):
        dayoff_set(actor=None, pemda=None, date=day, kind="cuti_bersama", name="Cuti bersama Idul Fitri")
    received = datetime(2027, 3, 5, 10, 0, tzinfo=WITA)  # Friday
    # Mon 8 Nyepi, 9 cuti, 10–11 Idul Fitri, 12 cuti, 15–16 cuti → 17, 18, 19.
    assert deadline(received, 3).date() == date(2027, 3, 19)
    assert working_days_between(date(2027, 3, 5), date(2027, 3, 19)) == 3


def test_it_lets_only_admin_pemda_edit_the_calendar_page(client, tree, admin_pemda, operator_unit_a):
    url = reverse("home:calendar")
    client.force_login(operator_unit_a)
    assert client.get(url).status_code == 200
    assert client.post(url, {"date": "2026-11-30", "kind": "local", "name": "x"}).status_code == 403
    client.force_login(admin_pemda)
    response = client.post(url, {"date": "2026-11-30", "kind": "local", "name": "Hari raya lokal"})
    assert response.status_code == 302
    assert DayOff.objects.filter(date=date(2026, 11, 30), kind="local").exists()
    assert AuditEvent.objects.filter(action="dayoff.create", actor=admin_pemda).exists()
    body = client.get(url + "?tahun=2026").content.decode()
    assert "Senin, 30 November 2026" in body
    assert client.post(url, {"date": "bukan", "kind": "local", "name": ""}).status_code == 200
    assert client.get(url + "?tahun=99999").status_code == 200
