"""Issue 14 items 1 and 4: the audit trail records that something happened and who did it, never a
complaint's free text or tracking code, and never a citizen's address in clear."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sewaka.complaints.models import Complaint
from sewaka.complaints.services import (
    citizen_add_information,
    complaint_message,
    complaint_submit,
    complaint_substantiate,
)
from sewaka.core.audit import audit, set_request_ip
from sewaka.core.models import AuditEvent
from sewaka.followups.models import FollowUp
from sewaka.organisations.models import Role
from sewaka.organisations.tests.factories import make_member

TEXT = "Petugas loket AUDITMARK-TEKS meminta uang"
REPLY = "Balasan AUDITMARK-BALAS untuk pelapor"
NOTE = "Catatan internal AUDITMARK-CATATAN"
MESSAGE = "Informasi tambahan AUDITMARK-WARGA"


@pytest.fixture
def complaint(tree, admin_pemda):
    c, _new = complaint_submit(
        what_happened=TEXT,
        idempotency_key=str(uuid.uuid4()),
        privacy="rahasia",
        reported_unit=tree.pkm_a,
        reporter_name="Ni Luh AUDITMARK-NAMA",
    )
    complaint_message(complaint=c, actor=admin_pemda, text=REPLY, public=True)
    complaint_message(complaint=c, actor=admin_pemda, text=NOTE, public=False)
    citizen_add_information(complaint=c, text=MESSAGE)
    return Complaint.objects.get(pk=c.pk)


def _row_text(event: AuditEvent) -> str:
    return f"{event.object_repr} {event.changes}"


def test_complaint_events_store_an_opaque_label_and_no_free_text(complaint):
    events = AuditEvent.objects.filter(object_type="complaints.complaint", object_id=str(complaint.pk))
    assert {"complaint.submit", "complaint.reply", "complaint.note", "complaint.citizen_message"} <= set(
        events.values_list("action", flat=True)
    )
    for event in events:
        text = _row_text(event)
        assert complaint.code not in text
        assert "AUDITMARK" not in text, text
        assert event.object_repr == f"Pengaduan #{complaint.pk}"
    submit = events.get(action="complaint.submit")
    assert submit.changes["privacy"] == "rahasia"  # a declared field stays in clear
    reply = events.get(action="complaint.reply")
    assert reply.changes == {"text": "[disamarkan]"}  # that a text was written, not the text


def test_a_corrective_follow_up_carries_a_neutral_reference(complaint, admin_pemda, client, tree):
    operator = make_member(tree.pkm_a, Role.OPERATOR, "op_pkm_a")
    complaint_substantiate(
        complaint=complaint,
        actor=admin_pemda,
        forms=["tidak_patut"],
        corrective_actions=[("Tertibkan loket", operator, timezone.localdate() + timedelta(days=10))],
    )
    followup = FollowUp.objects.get(title="Tertibkan loket")
    assert complaint.code not in followup.description
    assert followup.description == f"Tindakan korektif atas Pengaduan #{complaint.pk}."
    client.force_login(operator)
    body = client.get(followup.get_absolute_url()).content.decode()
    assert complaint.code not in body and "AUDITMARK" not in body
    assert f"Pengaduan #{complaint.pk}" in body
    substantiate = AuditEvent.objects.get(action="complaint.substantiate")
    assert "Tertibkan loket" not in str(substantiate.changes)


def test_the_audit_page_hides_complaint_events_from_roles_without_complaint_rights(
    client, complaint, tim_monev, admin_pemda
):
    # A row written before the fix (tracking code as label, text in clear) is cleaned at display.
    AuditEvent.objects.create(
        action="complaint.note",
        object_type="complaints.complaint",
        object_id=str(complaint.pk),
        object_repr=complaint.code,
        unit=complaint.handling_unit,
        changes={"text": "lama AUDITMARK-LAMA", "status": {"before": "diterima", "after": "diverifikasi"}},
    )
    url = reverse("home:audit_list")
    client.force_login(tim_monev)
    body = client.get(url).content.decode()
    assert complaint.code not in body and "AUDITMARK" not in body
    assert "complaint.submit" not in body and f"Pengaduan #{complaint.pk}" not in body
    assert client.get(url, {"object_type": "complaints.complaint"}).content.decode().count("complaint.") == 0

    client.force_login(admin_pemda)  # may see the case: sees that things happened, still no text or code
    body = client.get(url).content.decode()
    assert "complaint.submit" in body and "complaint.note" in body
    assert f"Pengaduan #{complaint.pk}" in body
    assert complaint.code not in body and "AUDITMARK" not in body
    assert "Diterima → Diverifikasi" in body  # status is not free text (shown in its labels)


def test_a_complaint_file_name_is_not_in_the_trail(tree, tim_monev, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("KTP_AUDITMARK.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    c, _new = complaint_submit(
        what_happened="Antrean",
        idempotency_key=str(uuid.uuid4()),
        reported_unit=tree.pkm_a,
        attachments=[pdf],
    )
    event = AuditEvent.objects.get(action="attachment.add")
    assert "AUDITMARK" not in _row_text(event) and event.object_repr == f"Pengaduan #{c.pk}"
    client.force_login(tim_monev)
    assert "attachment.add" not in client.get(reverse("home:audit_list")).content.decode()


def test_the_object_types_are_named_in_indonesian(client, complaint, admin_pemda):
    client.force_login(admin_pemda)
    body = client.get(reverse("home:audit_list")).content.decode()
    assert ">Pengaduan</option>" in body and "complaints.complaint</option>" not in body
    assert "complaints.complaint #" not in body


def test_anonymous_actions_keep_only_a_keyed_hash_of_the_address(tree, operator_unit_a):
    set_request_ip("203.0.113.7")
    try:
        citizen = audit(actor=None, action="response.submit", object_type="surveys.response", object_id=1)
        staff = audit(actor=operator_unit_a, action="unit.update", obj=tree.pkm_a)
    finally:
        set_request_ip(None)
    citizen.refresh_from_db()
    staff.refresh_from_db()
    assert citizen.ip is None
    assert len(citizen.ip_hash) == 64 and "203.0.113.7" not in citizen.ip_hash
    assert staff.ip == "203.0.113.7" and staff.ip_hash == ""


def test_the_public_complaint_form_stores_no_clear_address(client, tree):
    from django.core.cache import cache

    cache.clear()
    response = client.post(
        reverse("public_complaint", args=[tree.pkm_a.code]),
        {
            "privacy": "anonim",
            "what_happened": "Petugas tidak ada di loket.",
            "unit": tree.pkm_a.code,
            "idempotency_key": str(uuid.uuid4()),
        },
        REMOTE_ADDR="198.51.100.23",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="complaint.submit")
    assert event.ip is None and event.ip_hash
    assert "198.51.100.23" not in str(AuditEvent.objects.values_list())
