"""One rule for a reporter's identity (domain.md §5, organisations.access.may_see_reporter), as a matrix:
privacy × role × where the user sits (receiving unit, reported unit, another unit) × consent."""

import uuid

import pytest
from django.core import mail

from sewaka.complaints.models import Complaint
from sewaka.complaints.services import complaint_submit, notify_unit
from sewaka.organisations.access import handlers_of, may_handle, may_see_reporter
from sewaka.organisations.models import Role
from sewaka.organisations.tests.factories import make_member

NAME, EMAIL = "Ni Luh Identitas", "pelapor-rahasia@example.test"
T, F = True, False
# privacy → consent → (receiving, reported, other) for the complaint handlers sitting there.
EXPECTED = {
    "biasa": {F: (T, T, T), T: (T, T, T)},
    "rahasia": {F: (T, F, F), T: (T, T, F)},
    "anonim": {F: (T, F, F), T: (T, F, F)},  # no consent is stored for anonim: the e-mail stays rahasia
}
ROLES = (Role.PENGELOLA_PENGADUAN, Role.OPERATOR, Role.PIMPINAN, Role.TIM_MONEV)


def _case(tree, privacy, consent, *, handling):
    """Received at Disdukcapil's complaint desk, about Puskesmas A, handled now by `handling`."""
    desk = make_member(tree.capil, Role.PENGELOLA_PENGADUAN, f"desk-{uuid.uuid4().hex[:6]}")
    c = complaint_submit(
        what_happened="Petugas meminta imbalan.",
        idempotency_key=str(uuid.uuid4()),
        privacy=privacy,
        reported_unit=tree.pkm_a,
        reporter_name=NAME,
        reporter_email=EMAIL,
        consent_share_identity=consent,
        entered_by=desk,
        channel="walk_in",
    )[0]
    Complaint.objects.filter(pk=c.pk).update(handling_unit=handling)
    return Complaint.objects.select_related("handling_unit", "reported_unit", "receiving_unit").get(pk=c.pk)


def _cases():
    for privacy, by_consent in EXPECTED.items():
        for consent, row in by_consent.items():
            for role in ROLES:
                for where, expected in zip(("receiving", "reported", "other"), row, strict=True):
                    yield privacy, consent, role, where, expected and role == Role.PENGELOLA_PENGADUAN


@pytest.mark.parametrize(("privacy", "consent", "role", "where", "expected"), list(_cases()))
def test_who_sees_the_reporter(client, tree, privacy, consent, role, where, expected):
    unit = {"receiving": tree.capil, "reported": tree.pkm_a, "other": tree.pkm_b}[where]
    # The reported unit handles its own case; a case forwarded elsewhere is handled by that other unit.
    c = _case(tree, privacy, consent, handling=tree.pkm_b if where == "other" else tree.pkm_a)
    assert c.receiving_unit == tree.capil
    user = make_member(unit, role)
    assert may_see_reporter(user, c) is expected
    client.force_login(user)
    response = client.get(c.get_absolute_url())
    if role != Role.PENGELOLA_PENGADUAN:
        assert response.status_code == 404  # not a handler: no case at all
        return
    page = response.content.decode()
    assert response.status_code == 200  # every handler here works on the case…
    assert (EMAIL in page) is expected  # …but only some see who reported it
    assert (NAME in page) is (expected and privacy != "anonim")
    assert 'id="identity-note"' in page  # the page says who can see the identity


@pytest.mark.parametrize("privacy", ["biasa", "rahasia", "anonim"])
@pytest.mark.parametrize("consent", [False, True])
def test_admin_pemda_always_sees_the_reporter(client, tree, admin_pemda, privacy, consent):
    c = _case(tree, privacy, consent, handling=tree.pkm_b)
    assert may_see_reporter(admin_pemda, c)
    client.force_login(admin_pemda)
    assert EMAIL in client.get(c.get_absolute_url()).content.decode()


def test_a_web_complaint_is_received_by_the_pemdas_triage(client, tree):
    """The public form: the pemda's own desk receives it; the reported unit handles it without identity."""
    city_desk = make_member(tree.pemda, Role.PENGELOLA_PENGADUAN, "city_desk")
    pkm_desk = make_member(tree.pkm_a, Role.PENGELOLA_PENGADUAN, "pkm_desk")
    dinkes_desk = make_member(tree.dinkes, Role.PENGELOLA_PENGADUAN, "dinkes_desk")
    c = complaint_submit(
        what_happened="Antrean",
        idempotency_key=str(uuid.uuid4()),
        privacy="rahasia",
        reported_unit=tree.pkm_a,
        reporter_name=NAME,
    )[0]
    assert c.receiving_unit == tree.pemda and c.handling_unit == tree.pkm_a
    assert may_see_reporter(city_desk, c)
    for desk in (pkm_desk, dinkes_desk):  # the unit complained about and its own agency
        assert may_handle(desk, c) and not may_see_reporter(desk, c)
        client.force_login(desk)
        page = client.get(c.get_absolute_url()).content.decode()
        assert NAME not in page and "disembunyikan" in page


def test_the_gerai_rule_holds_for_handlers_and_identity(tree):
    """A gerai's home agency serves there: its handlers get the gerai's cases and are the gerai's own."""
    capil_desk = make_member(tree.capil, Role.PENGELOLA_PENGADUAN, "capil_desk")
    capil_desk.email = "capil@example.test"
    capil_desk.save()
    c = complaint_submit(
        what_happened="Gerai tutup lebih awal.",
        idempotency_key=str(uuid.uuid4()),
        privacy="rahasia",
        reported_unit=tree.gerai,
        reporter_name=NAME,
    )[0]
    assert "capil@example.test" in handlers_of(tree.gerai)
    assert may_handle(capil_desk, c) and not may_see_reporter(capil_desk, c)
    Complaint.objects.filter(pk=c.pk).update(consent_share_identity=True)
    c.refresh_from_db()
    assert may_see_reporter(capil_desk, c)
    mail.outbox.clear()
    notify_unit(c)
    assert mail.outbox and NAME not in mail.outbox[0].body
