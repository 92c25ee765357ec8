"""Coordination events: plan, invite, attendance by QR (as for FKP) or ticked by the organiser; they count
for the obligations' "Koordinasi" rule and show on the unit's page; access by core/access.py."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sewaka.core.models import AuditEvent
from sewaka.events import facts, services
from sewaka.events.models import Invitation
from sewaka.obligations import evaluation as ev
from sewaka.obligations import selectors as obligation_selectors
from sewaka.obligations import services as obligation_services
from sewaka.organisations.models import Role
from sewaka.organisations.tests.factories import make_member, make_unit

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 8, 20, 9, tzinfo=WITA), tick=False):
        yield


@pytest.fixture
def organiser(tree):
    """The Bagian Organisasi under the pemda, with an operator who organises."""
    bagian = make_unit(tree.pemda, "bagian", name="Bagian Organisasi", code="bag-org")
    return bagian, make_member(bagian, Role.OPERATOR, "operator_org")


@pytest.fixture
def event(tree, organiser):
    bagian, user = organiser
    e = services.event_create(
        actor=user,
        organiser=bagian,
        kind="rakor_ombudsman",
        topic="Rapat koordinasi kepatuhan pelayanan publik",
        date=date(2026, 8, 20),
        place="Ruang Rapat Sekda",
        speakers="Kepala Perwakilan Ombudsman RI Bali\n  \nKabag Organisasi",
    )
    services.event_invite(actor=user, event=e, units=[tree.dinkes, tree.capil, tree.pkm_a])
    return e


def test_plan_and_invite_are_audited_and_idempotent(tree, organiser, event):
    _bagian, user = organiser
    assert event.speaker_list == ["Kepala Perwakilan Ombudsman RI Bali", "Kabag Organisasi"]
    assert services.event_invite(actor=user, event=event, units=[tree.dinkes, tree.dpmptsp]) == 1
    assert event.invitations.count() == 4
    assert {"event.create", "event.invite"} <= set(AuditEvent.objects.values_list("action", flat=True))
    other = make_unit(None, name="Kota Lain", code="kota-lain")
    with pytest.raises(ValidationError):
        services.event_invite(actor=user, event=event, units=[make_unit(other, name="Dinas Lain")])


def test_only_the_organisers_people_change_it(tree, event, operator_unit_a):
    with pytest.raises(PermissionDenied):
        services.event_invite(actor=operator_unit_a, event=event, units=[tree.pkm_b])
    invitation = event.invitations.get(unit=tree.pkm_a)
    with pytest.raises(PermissionDenied):
        services.invitation_mark_attended(actor=operator_unit_a, invitation=invitation, attended=True)


def test_qr_check_in_records_the_unit_once(client, tree, event):
    url = reverse("public_event_checkin", args=[event.checkin_token])
    page = client.get(url)
    assert page.status_code == 200 and "Disdukcapil" in page.content.decode()
    assert "Puskesmas B" not in page.content.decode()  # not invited
    data = {"unit": tree.capil.pk, "attendee_name": "  Ni   Made Ayu ", "attendee_title": "Sekretaris"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "attendee_name": "Orang Lain"}).status_code == 302  # a retry: kept
    invitation = event.invitations.get(unit=tree.capil)
    assert (
        invitation.attended and invitation.checkin_via == "qr" and invitation.attendee_name == "Ni Made Ayu"
    )
    bad = client.post(url, {"unit": tree.pkm_b.pk, "attendee_name": "X"})
    assert (
        bad.status_code == 400 and "Pilih unit Anda dari daftar unit yang diundang." in bad.content.decode()
    )
    assert client.post(url, {"unit": "abc", "attendee_name": ""}).status_code == 400
    assert client.get("/hadir-rapat/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_ticking_several_units_at_once(tree, organiser, event, operator_unit_a):
    _bagian, user = organiser
    assert (
        services.invitations_mark_attended(
            actor=user, event=event, unit_ids=[tree.dinkes.pk, tree.capil.pk, tree.pkm_b.pk]
        )
        == 2
    )
    assert set(event.invitations.filter(attended=True).values_list("unit_id", flat=True)) == {
        tree.dinkes.pk,
        tree.capil.pk,
    }
    assert services.invitations_mark_attended(actor=user, event=event, unit_ids=[tree.dinkes.pk]) == 0
    with pytest.raises(PermissionDenied):
        services.invitations_mark_attended(actor=operator_unit_a, event=event, unit_ids=[tree.pkm_a.pk])


def test_closed_attendance_list(client, tree, organiser, event):
    services.event_close_checkin(actor=organiser[1], event=event)
    url = reverse("public_event_checkin", args=[event.checkin_token])
    assert "sudah ditutup" in client.get(url).content.decode()
    with pytest.raises(ValidationError):
        services.invitation_checkin_self(
            event=event, unit_id=tree.capil.pk, attendee_name="A", attendee_title=""
        )


def test_organiser_ticks_attendance_and_it_counts_for_the_obligation(
    client, tree, organiser, event, admin_pemda
):
    obligation_services.obligations_install_defaults(actor=None, pemda=tree.pemda)
    _bagian, user = organiser
    client.force_login(user)
    invitation = event.invitations.get(unit=tree.dinkes)
    response = client.post(
        reverse("events:attendance", args=[event.pk, invitation.pk]),
        {"attended": "on", "attendee_name": "Kadis"},
    )
    assert response.status_code == 302
    year = ev.year_period(2026)

    def state(unit):
        rows = obligation_selectors.unit_obligations(user=admin_pemda, unit=unit, view=year)
        return next(c for r, c in rows if r.key == "koordinasi")

    assert state(tree.dinkes).state == ev.State.DONE
    assert state(tree.capil).state == ev.State.NOT_DUE  # invited, absent, the year is not over
    assert state(tree.dpmptsp).state == ev.State.NA  # never invited
    with time_machine.travel(datetime(2027, 1, 2, 9, tzinfo=WITA), tick=False):
        assert state(tree.capil).state == ev.State.MISSING
    assert [
        (f.unit_id, f.attended)
        for f in facts.invitations_bulk([tree.dinkes.pk], date(2026, 1, 1), date(2026, 12, 31))
    ] == [(tree.dinkes.pk, True)]


def test_pages_and_access(client, tree, organiser, event, operator_unit_a, operator_unit_b):
    _bagian, user = organiser
    client.force_login(user)
    assert client.get(reverse("events:list")).status_code == 200
    detail = client.get(reverse("events:detail", args=[event.pk]))
    assert detail.status_code == 200 and "Poster daftar hadir" in detail.content.decode()
    poster = client.get(reverse("events:checkin_poster", args=[event.pk]))
    assert poster.status_code == 200 and poster.content.startswith(b"%PDF")
    # An invited unit's operator reads the event and its own line, not the organiser's tools.
    client.force_login(operator_unit_a)
    page = client.get(reverse("events:detail", args=[event.pk]))
    assert page.status_code == 200
    assert "Puskesmas A" in page.content.decode() and "Disdukcapil" not in page.content.decode()
    assert client.get(reverse("events:checkin_poster", args=[event.pk])).status_code == 403
    invitation = Invitation.objects.get(event=event, unit=tree.pkm_a)
    assert (
        client.post(
            reverse("events:attendance", args=[event.pk, invitation.pk]), {"attended": "on"}
        ).status_code
        == 403
    )
    # A unit neither organising nor invited does not see it at all.
    client.force_login(operator_unit_b)
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 404
    assert event.topic not in client.get(reverse("events:list")).content.decode()
    # The unit page shows the invitation.
    client.force_login(operator_unit_a)
    assert event.topic in client.get(reverse("obligations:unit", args=[tree.pkm_a.pk])).content.decode()


def test_create_form_validates_in_indonesian(client, organiser):
    bagian, user = organiser
    client.force_login(user)
    response = client.post(reverse("events:create"), {"organiser": bagian.pk, "kind": "x", "date": "kemarin"})
    assert response.status_code == 400
    assert "Pilih jenis kegiatan dari daftar." in response.content.decode()
    ok = client.post(
        reverse("events:create"),
        {
            "organiser": bagian.pk,
            "kind": "bimtek",
            "topic": "Bimtek SKM",
            "date": "2026-09-01",
            "place": "Aula",
        },
    )
    assert ok.status_code == 302
