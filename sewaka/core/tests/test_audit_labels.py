"""The audit page shows a status change in the workflow's Indonesian labels; the trail keeps the values."""

import uuid
from datetime import date

from django.urls import reverse

from sewaka.complaints.services import complaint_submit, complaint_transition
from sewaka.complaints.transitions import Status as ComplaintStatus
from sewaka.core.audit import present
from sewaka.core.models import AuditEvent
from sewaka.followups.services import followup_create, followup_transition
from sewaka.followups.transitions import Status


def test_a_follow_up_move_reads_in_labels(client, tree, admin_pemda, operator_unit_a):
    fu = followup_create(
        source=tree.pkm_a,
        unit=tree.pkm_a,
        title="Papan informasi",
        owner=None,
        due=date(2030, 1, 1),
        actor=None,
    )
    followup_transition(followup=fu, to=Status.IN_PROGRESS, actor=operator_unit_a)
    event = AuditEvent.objects.get(action="followup.in_progress")
    assert event.changes["status"] == {"before": "open", "after": "in_progress"}  # stored as it was
    assert present(event)[1]["status"] == {"before": "Terbuka", "after": "Sedang dikerjakan"}
    client.force_login(admin_pemda)
    body = client.get(reverse("home:audit_list")).content.decode()
    assert "Terbuka → Sedang dikerjakan" in body and "open → in_progress" not in body


def test_a_confidential_complaint_move_reads_in_labels(tree, admin_pemda):
    complaint, _new = complaint_submit(
        what_happened="Antrean panjang.", idempotency_key=str(uuid.uuid4()), reported_unit=tree.pkm_a
    )
    complaint_transition(complaint=complaint, to=ComplaintStatus.DIVERIFIKASI, actor=admin_pemda)
    event = AuditEvent.objects.get(action="complaint.diverifikasi")
    label, changes = present(event)
    assert label == f"Pengaduan #{complaint.pk}"
    assert changes["status"] == {"before": "Diterima", "after": "Diverifikasi"}


def test_an_unknown_value_or_object_type_is_shown_as_stored():
    event = AuditEvent(object_type="nothing.here", changes={"status": {"before": "a", "after": "b"}})
    assert present(event)[1] == {"status": {"before": "a", "after": "b"}}
    event = AuditEvent(
        object_type="followups.followup", changes={"status": {"before": "gone", "after": "open"}}
    )
    assert present(event)[1] == {"status": {"before": "gone", "after": "Terbuka"}}
