"""Every write of the services so far leaves an AuditEvent."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from sewaka.accounts import services as accounts
from sewaka.core import services as core
from sewaka.core.models import AuditEvent, DayOff
from sewaka.followups import services as followups
from sewaka.organisations import services as orgs
from sewaka.organisations.models import Membership


def _writes(tree, admin):
    user = accounts.user_create(actor=admin, username="baru", email="baru@example.test")
    yield
    accounts.user_update(actor=admin, user=user, first_name="Baru")
    yield
    accounts.user_set_active(actor=admin, user=user, active=False)
    yield
    unit = orgs.unit_create(
        actor=admin, parent=tree.dinkes, kind="puskesmas", code="pkm-x", name="Puskesmas X"
    )
    yield
    orgs.unit_update(actor=admin, unit=unit, phone="0361-1")
    yield
    orgs.unit_set_active(actor=admin, unit=unit, active=False)
    yield
    service = orgs.service_create(actor=admin, unit=tree.pkm_a, name="Gigi")
    yield
    orgs.service_update(actor=admin, service=service, name="Kesehatan Gigi")
    yield
    orgs.membership_grant(actor=admin, user=user, unit=tree.pkm_a, role="operator")
    yield
    orgs.membership_revoke(actor=admin, membership=Membership.objects.get(user=user, unit=tree.pkm_a))
    yield
    core.dayoff_set(actor=admin, date=date(2026, 12, 31), kind="local", name="Libur")
    yield
    core.dayoff_remove(actor=admin, day=DayOff.objects.get(date=date(2026, 12, 31)))
    yield
    fu = followups.followup_create(
        source=tree.pkm_a,
        unit=tree.pkm_a,
        title="T",
        owner=None,
        due=date.today() + timedelta(1),
        actor=admin,
    )
    yield
    followups.followup_comment(followup=fu, actor=admin, text="catatan")
    yield
    followups.followup_add_evidence(
        followup=fu, actor=admin, uploaded=SimpleUploadedFile("a.pdf", b"%PDF-1.4")
    )
    yield
    followups.followup_transition(followup=fu, to="done", actor=admin)
    yield


def test_it_audits_every_write(tree, admin_pemda):
    steps = _writes(tree, admin_pemda)
    count = AuditEvent.objects.count()
    for _ in steps:
        new = AuditEvent.objects.count()
        assert new > count, "a write left no audit event"
        count = new


def test_it_sets_up_a_real_pemda_from_the_command_line(db):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("kabag", password="rahasia-uji-123")
    call_command("setuppemda", code="kota-baru", name="Pemerintah Kota Baru", admin="kabag", stdout=None)
    call_command("setuppemda", code="kota-baru", name="Pemerintah Kota Baru", admin="kabag")
    assert Membership.objects.filter(user__username="kabag", role="admin_pemda").count() == 1
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("setuppemda", code="kota-baru", name="x", admin="tidak-ada")
