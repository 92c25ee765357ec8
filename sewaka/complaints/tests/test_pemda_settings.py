"""Per-pemda settings (issue 15 item 8, ADR 0005): each pemda's calendar and complaint limits.

Dates counted by hand. Received Friday 27 Nov 2026, 15:00 WITA (day 0); no national holiday from 27 Nov to
4 Dec 2026. Three working days: Mon 30 Nov, Tue 1, Wed 2 Dec. With a local day off on Mon 30 Nov: Tue 1,
Wed 2, Thu 3 Dec. Five working days: Mon 30, Tue 1, Wed 2, Thu 3, Fri 4 Dec.
"""

import importlib
import uuid
from datetime import date, datetime

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sewaka.complaints.models import Complaint, SlaLimit
from sewaka.complaints.services import (
    complaint_classify,
    complaint_submit,
    sla_limits_set,
)
from sewaka.complaints.sla import PemdaSettings, deadlines, limit_rows, limits
from sewaka.core.calendar import pemda_calendar
from sewaka.core.models import DayOff
from sewaka.core.services import dayoff_set
from sewaka.core.workdays import WITA
from sewaka.organisations.models import Role, UnitKind
from sewaka.organisations.tests.factories import make_member, make_unit

RECEIVED = datetime(2026, 11, 27, 15, 0, tzinfo=WITA)


def end_of(month, day):
    return datetime(2026, month, day, 23, 59, 59, tzinfo=WITA)


@pytest.fixture
def other(db, tree):
    """A second pemda in the same installation, with one puskesmas."""
    pemda = make_unit(code="kab-lain", name="Pemerintah Kabupaten Lain")
    pkm = make_unit(make_unit(pemda, code="dinkes-lain"), UnitKind.PUSKESMAS, code="pkm-lain")
    return pemda, pkm


def case(unit):
    complaint, _new = complaint_submit(
        what_happened="Antrean tiga jam tanpa kepastian.",
        idempotency_key=str(uuid.uuid4()),
        privacy="anonim",
        reported_unit=unit,
        received_at=RECEIVED,
    )
    return complaint


def verification_due(complaint):
    return {d.key: d.due for d in deadlines(complaint, now=RECEIVED)}["verifikasi"]


def test_two_pemda_with_different_days_off_give_different_deadlines(tree, other):
    pemda_b, pkm_b = other
    dayoff_set(actor=None, pemda=tree.pemda, date=date(2026, 11, 30), kind="local", name="Libur lokal A")
    assert verification_due(case(tree.pkm_a)) == end_of(12, 3)  # Mon 30 off in pemda A
    assert verification_due(case(pkm_b)) == end_of(12, 2)  # pemda B works on Mon 30


def test_the_same_date_may_be_set_by_each_pemda_once(tree, other):
    pemda_b, _pkm = other
    dayoff_set(actor=None, pemda=tree.pemda, date=date(2026, 11, 30), kind="local", name="A")
    dayoff_set(actor=None, pemda=pemda_b, date=date(2026, 11, 30), kind="working_day", name="B")
    dayoff_set(actor=None, pemda=pemda_b, date=date(2026, 11, 30), kind="local", name="B lagi")  # an update
    assert DayOff.objects.filter(date=date(2026, 11, 30)).count() == 2
    assert DayOff.objects.get(pemda=pemda_b).name == "B lagi"


def test_a_shared_entry_counts_for_every_pemda_unless_it_set_its_own(tree, other):
    pemda_b, pkm_b = other
    dayoff_set(actor=None, pemda=None, date=date(2026, 11, 30), kind="cuti_bersama", name="Bersama")
    dayoff_set(actor=None, pemda=pemda_b, date=date(2026, 11, 30), kind="working_day", name="Masuk")
    assert not pemda_calendar(tree.pemda.pk).is_working_day(date(2026, 11, 30))
    assert pemda_calendar(pemda_b.pk).is_working_day(date(2026, 11, 30))
    assert verification_due(case(tree.pkm_a)) == end_of(12, 3)
    assert verification_due(case(pkm_b)) == end_of(12, 2)


def test_two_pemda_with_different_limits_give_different_deadlines(tree, other):
    pemda_b, pkm_b = other
    sla_limits_set(actor=None, pemda=pemda_b, values={"verifikasi": 5})
    assert limits(tree.pemda.pk)["verifikasi"] == 3 and limits(pemda_b.pk)["verifikasi"] == 5
    assert verification_due(case(tree.pkm_a)) == end_of(12, 2)
    assert verification_due(case(pkm_b)) == end_of(12, 4)
    # the installation's default row is untouched; pemda B has its own copy
    assert SlaLimit.objects.get(key="verifikasi", pemda=None).working_days == 3
    assert SlaLimit.objects.get(key="verifikasi", pemda=pemda_b).label == "Verifikasi pengaduan"


def test_with_one_pemda_the_deadlines_are_those_of_the_rulebook(tree):
    # Received Friday 27 Nov: verification Wed 2 Dec (3 days), first answer Fri 4 Dec (5 days).
    due = {d.key: d.due for d in deadlines(case(tree.pkm_a), now=RECEIVED)}
    assert due == {"verifikasi": end_of(12, 2), "jawaban_pertama": end_of(12, 4)}


def test_a_case_reads_its_pemda_from_its_unit_and_one_settings_object_reads_each_pemda_once(
    tree, other, django_assert_num_queries
):
    pemda_b, pkm_b = other
    a, b = case(tree.pkm_a), case(pkm_b)  # their reported unit was read with them: no query
    with django_assert_num_queries(0):
        assert (PemdaSettings().pemda_id(a), PemdaSettings().pemda_id(b)) == (tree.pemda.pk, pemda_b.pk)
    a, b = Complaint.objects.get(pk=a.pk), Complaint.objects.get(pk=b.pk)
    settings = PemdaSettings()
    with django_assert_num_queries(2):  # the roots, then every unit's path (several pemda), once
        assert (settings.pemda_id(a), settings.pemda_id(b)) == (tree.pemda.pk, pemda_b.pk)
    settings.calendar(a), settings.limits(a)
    with django_assert_num_queries(0):
        settings.calendar(a), settings.limits(a)


def test_a_classification_of_another_pemda_is_refused(tree, other):
    pemda_b, pkm_b = other
    handler = make_member(tree.pemda, Role.ADMIN_PEMDA, "admin_a")
    (row_b,) = sla_limits_set(actor=None, pemda=pemda_b, values={"ringan": 4})
    assert row_b.pemda == pemda_b
    assert row_b.pk not in {r.pk for r in limit_rows(tree.pemda.pk, classification_only=True)}
    with pytest.raises(ValidationError):
        complaint_classify(complaint=case(tree.pkm_a), actor=handler, classification=row_b)


def test_limits_are_set_for_a_pemda_by_one_who_manages_it(tree, other):
    pemda_b, _pkm = other
    admin_a = make_member(tree.pemda, Role.ADMIN_PEMDA, "admin_a")
    with pytest.raises(PermissionDenied):
        sla_limits_set(actor=admin_a, pemda=pemda_b, values={"verifikasi": 4})
    with pytest.raises(ValidationError):
        sla_limits_set(actor=admin_a, pemda=tree.dinkes, values={"verifikasi": 4})
    with pytest.raises(ValidationError):
        sla_limits_set(actor=admin_a, pemda=tree.pemda, values={"verifikasi": 0})


def test_the_sla_screen_edits_the_users_own_pemda(client, tree, other):
    pemda_b, _pkm = other
    admin_b = make_member(pemda_b, Role.ADMIN_PEMDA, "admin_b")
    client.force_login(admin_b)
    page = client.get(reverse("complaints:sla"))
    assert page.status_code == 200 and "Pemerintah Kabupaten Lain" in page.content.decode()
    values = {r.key: r.working_days for r in limit_rows(pemda_b.pk)} | {"verifikasi": 6}
    assert client.post(reverse("complaints:sla"), values).status_code == 302
    assert limits(pemda_b.pk)["verifikasi"] == 6 and limits(tree.pemda.pk)["verifikasi"] == 3


def test_the_calendar_screen_edits_the_users_own_pemda(client, tree, other):
    pemda_b, _pkm = other
    entry_a = dayoff_set(actor=None, pemda=tree.pemda, date=date(2026, 12, 1), kind="local", name="Hari A")
    admin_b = make_member(pemda_b, Role.ADMIN_PEMDA, "admin_b")
    client.force_login(admin_b)
    url = reverse("home:calendar")
    page = client.get(url, {"tahun": 2026}).content.decode()
    assert "Hari A" not in page  # another pemda's entry is not listed
    client.post(url, {"date": "2026-11-30", "kind": "local", "name": "Libur B", "source": ""})
    assert DayOff.objects.get(name="Libur B").pemda == pemda_b
    client.post(url, {"remove": entry_a.pk})  # another pemda's entry cannot be removed
    assert DayOff.objects.filter(pk=entry_a.pk).exists()


def _migration(app, name):
    return importlib.import_module(f"sewaka.{app}.migrations.{name}")


def test_the_migration_gives_existing_rows_to_the_one_pemda(tree):
    DayOff.objects.create(pemda=None, date=date(2026, 11, 30), kind="local", name="Lama")
    SlaLimit.objects.filter(key="verifikasi").update(working_days=4)  # an administrator's edit
    _migration("core", "0005_dayoff_pemda").assign_to_the_pemda(apps, None)
    _migration("complaints", "0004_slalimit_pemda").assign_to_the_pemda(apps, None)
    assert DayOff.objects.get(name="Lama").pemda == tree.pemda
    assert SlaLimit.objects.get(key="verifikasi", pemda=tree.pemda).working_days == 4
    # fresh defaults without a pemda for a pemda set up later
    assert SlaLimit.objects.get(key="verifikasi", pemda=None).working_days == 3
    assert limits(tree.pemda.pk)["verifikasi"] == 4 and limits(None)["verifikasi"] == 3


def test_with_several_pemda_the_migration_leaves_the_rows_shared(tree, other):
    DayOff.objects.create(pemda=None, date=date(2026, 11, 30), kind="local", name="Lama")
    _migration("core", "0005_dayoff_pemda").assign_to_the_pemda(apps, None)
    _migration("complaints", "0004_slalimit_pemda").assign_to_the_pemda(apps, None)
    assert DayOff.objects.get(name="Lama").pemda is None
    assert not SlaLimit.objects.exclude(pemda=None).exists()
