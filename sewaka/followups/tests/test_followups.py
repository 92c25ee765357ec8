from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sewaka.core.models import AuditEvent
from sewaka.followups.models import FollowUp
from sewaka.followups.services import followup_add_evidence, followup_create, followup_transition
from sewaka.followups.transitions import Status


@pytest.fixture
def fu(tree, operator_unit_a):
    return followup_create(
        source=tree.pkm_a,
        unit=tree.pkm_a,
        title="Perbaiki papan informasi persyaratan",
        owner=operator_unit_a,
        due=timezone.localdate() + timedelta(days=14),
        actor=operator_unit_a,
    )


def _force(fu, status):
    FollowUp.objects.filter(pk=fu.pk).update(status=status)
    fu.refresh_from_db()


def test_it_refuses_done_without_evidence_or_reason_then_accepts_either(fu, operator_unit_a):
    with pytest.raises(ValidationError) as exc:
        followup_transition(followup=fu, to=Status.DONE, actor=operator_unit_a)
    assert "bukti" in exc.value.messages[0]
    followup_add_evidence(
        followup=fu, actor=operator_unit_a, uploaded=SimpleUploadedFile("foto.pdf", b"%PDF-1.7 papan baru")
    )
    followup_transition(followup=fu, to=Status.DONE, actor=operator_unit_a)
    fu.refresh_from_db()
    assert fu.status == Status.DONE and fu.done_at is not None


def test_it_lets_only_admin_pemda_or_tim_monev_verify_or_reopen(fu, operator_unit_a, tim_monev, pimpinan):
    followup_transition(followup=fu, to=Status.DONE, actor=operator_unit_a, note="Papan sudah dipasang.")
    for user in (operator_unit_a, pimpinan):
        with pytest.raises(PermissionDenied):
            followup_transition(followup=fu, to=Status.VERIFIED, actor=user)
    with pytest.raises(ValidationError):
        followup_transition(followup=fu, to=Status.REOPENED, actor=tim_monev)  # needs a reason
    followup_transition(followup=fu, to=Status.VERIFIED, actor=tim_monev)
    fu.refresh_from_db()
    assert fu.verified_by == tim_monev
    followup_transition(followup=fu, to=Status.REOPENED, actor=tim_monev, note="Papan belum memuat biaya.")
    fu.refresh_from_db()
    assert fu.status == Status.REOPENED and fu.verified_by is None
    actions = list(
        AuditEvent.objects.filter(object_id=str(fu.pk), object_type="followups.followup").values_list(
            "action", flat=True
        )
    )
    assert {"followup.create", "followup.done", "followup.verified", "followup.reopened"} <= set(actions)


def test_it_refuses_work_from_a_sibling_unit(fu, operator_unit_b):
    with pytest.raises(PermissionDenied):
        followup_transition(followup=fu, to=Status.IN_PROGRESS, actor=operator_unit_b)


def test_it_derives_overdue_from_the_due_date(fu):
    assert not fu.is_overdue
    FollowUp.objects.filter(pk=fu.pk).update(due=timezone.localdate() - timedelta(days=1))
    fu.refresh_from_db()
    assert fu.is_overdue
    _force(fu, Status.DONE)
    assert not fu.is_overdue


def test_it_lists_on_the_unit_and_the_city_pages_with_filters(
    client, fu, tree, operator_unit_a, operator_unit_b, admin_pemda
):
    late = followup_create(
        source=tree.pkm_b,
        unit=tree.pkm_b,
        title="Tambah kursi tunggu",
        owner=None,
        due=timezone.localdate() + timedelta(days=1),
        actor=admin_pemda,
    )
    FollowUp.objects.filter(pk=late.pk).update(due=date(2026, 1, 5))
    url = reverse("followups:list")
    client.force_login(operator_unit_a)
    body = client.get(url).content.decode()
    assert "Perbaiki papan informasi" in body and "Tambah kursi tunggu" not in body
    client.force_login(admin_pemda)
    body = client.get(url).content.decode()
    assert "Perbaiki papan informasi" in body and "Tambah kursi tunggu" in body
    body = client.get(url, {"overdue": "on"}).content.decode()
    assert "Tambah kursi tunggu" in body and "Perbaiki papan informasi" not in body
    assert 'class="overdue"' in body
    body = client.get(url, {"unit": tree.pkm_a.pk, "status": "open"}).content.decode()
    assert "Perbaiki papan informasi" in body and "Tambah kursi tunggu" not in body
    assert client.get(url, {"unit": "x", "status": "nonsense", "source_type": "%"}).status_code == 200
    home = client.get(reverse("home:home")).content.decode()
    assert "lewat tenggat" in home


def test_it_hides_detail_and_actions_from_a_sibling_unit(client, fu, operator_unit_b):
    client.force_login(operator_unit_b)
    for name in ("detail",):
        assert client.get(reverse(f"followups:{name}", args=[fu.pk])).status_code == 404
    for name in ("transition", "comment", "upload"):
        response = client.post(reverse(f"followups:{name}", args=[fu.pk]), {"to": "in_progress", "text": "x"})
        assert response.status_code == 404
    fu.refresh_from_db()
    assert fu.status == Status.OPEN


def test_it_walks_the_pages_from_creation_to_verification(client, tree, operator_unit_a, tim_monev):
    client.force_login(operator_unit_a)
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = client.post(
        reverse("followups:create"),
        {"unit": tree.pkm_a.pk, "title": "Sediakan kursi roda", "owner": operator_unit_a.pk, "due": due},
    )
    assert response.status_code == 302
    fu = FollowUp.objects.get(title="Sediakan kursi roda")
    detail = reverse("followups:detail", args=[fu.pk])
    response = client.post(
        reverse("followups:transition", args=[fu.pk]), {"to": "done", "note": ""}, follow=True
    )
    assert "hanya dapat ditandai selesai dengan bukti" in response.content.decode()
    client.post(reverse("followups:comment", args=[fu.pk]), {"text": "Sudah dipesan."})
    client.post(reverse("followups:transition", args=[fu.pk]), {"to": "done", "note": "Kursi roda tersedia."})
    fu.refresh_from_db()
    assert fu.status == "done"
    client.force_login(tim_monev)
    client.post(reverse("followups:transition", args=[fu.pk]), {"to": "verified"})
    fu.refresh_from_db()
    assert fu.status == "verified"
    body = client.get(detail).content.decode()
    assert "Sudah dipesan." in body and "Terverifikasi" in body


def test_it_rejects_bad_create_input_in_indonesian(client, tree, operator_unit_a, operator_unit_b):
    client.force_login(operator_unit_a)
    response = client.post(
        reverse("followups:create"),
        {"unit": tree.pkm_a.pk, "title": "", "owner": operator_unit_b.pk, "due": "2020-01-01"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "tidak boleh kosong" in body
    assert "Penanggung jawab harus memiliki peran" in body
    assert "Tenggat tidak boleh di masa lalu" in body
    response = client.post(
        reverse("followups:create"), {"unit": tree.pkm_b.pk, "title": "x", "due": "2099-01-01"}
    )
    assert response.status_code == 200
    assert not FollowUp.objects.filter(unit=tree.pkm_b).exists()
