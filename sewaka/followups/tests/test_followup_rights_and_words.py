"""Issue 14 item 8 (read-only roles do not comment) and issue 13 item 12 (words on follow-up pages)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from sewaka.followups.models import FollowUpEvent
from sewaka.followups.services import followup_comment, followup_create
from sewaka.organisations.models import Role
from sewaka.organisations.tests.factories import make_member


@pytest.fixture
def fu(tree, operator_unit_a):
    return followup_create(
        source=tree.pkm_a,
        unit=tree.pkm_a,
        title="Perbaiki papan informasi",
        owner=operator_unit_a,
        due=timezone.localdate() + timedelta(days=14),
        actor=operator_unit_a,
    )


def test_pimpinan_reads_but_cannot_comment(client, fu, pimpinan):
    with pytest.raises(PermissionDenied):
        followup_comment(followup=fu, actor=pimpinan, text="Komentar pimpinan")
    client.force_login(pimpinan)
    page = client.get(fu.get_absolute_url())
    assert page.status_code == 200 and "Tambah komentar" not in page.content.decode()
    response = client.post(reverse("followups:comment", args=[fu.pk]), {"text": "Komentar pimpinan"})
    assert response.status_code == 403
    assert not FollowUpEvent.objects.filter(kind="comment").exists()


def test_the_units_staff_and_tim_monev_comment(client, fu, operator_unit_a, tim_monev):
    for user in (operator_unit_a, tim_monev):
        client.force_login(user)
        assert "Tambah komentar" in client.get(fu.get_absolute_url()).content.decode()
        client.post(reverse("followups:comment", args=[fu.pk]), {"text": f"Catatan {user.username}"})
    assert set(FollowUpEvent.objects.filter(kind="comment").values_list("text", flat=True)) == {
        "Catatan operator_a",
        "Catatan tim_monev",
    }


def test_the_owner_picker_lists_the_units_people_by_name_and_unit(
    client, tree, operator_unit_a, operator_unit_b
):
    User = get_user_model()
    User.objects.filter(pk=operator_unit_a.pk).update(first_name="Wayan", last_name="Sudarma")
    User.objects.filter(pk=operator_unit_b.pk).update(first_name="Ketut", last_name="Ariani")
    client.force_login(operator_unit_a)
    body = client.get(reverse("followups:create"), {"unit": tree.pkm_a.pk}).content.decode()
    assert "Wayan Sudarma · Puskesmas A" in body
    assert "Ketut Ariani" not in body and "operator_b" not in body  # another unit's people are not offered


def test_the_owner_picker_for_a_unit_chosen_from_the_list(client, tree, admin_pemda, operator_unit_b):
    get_user_model().objects.filter(pk=operator_unit_b.pk).update(first_name="Ketut", last_name="Ariani")
    client.force_login(admin_pemda)
    at_a = client.get(reverse("followups:create"), {"unit": tree.pkm_a.pk}).content.decode()
    assert "Ketut Ariani" not in at_a
    at_b = client.get(reverse("followups:create"), {"unit": tree.pkm_b.pk}).content.decode()
    assert "Ketut Ariani · Puskesmas B" in at_b
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = client.post(
        reverse("followups:create"),
        {"unit": tree.pkm_b.pk, "title": "Ganti kursi", "owner": operator_unit_b.pk, "due": due},
    )
    assert response.status_code == 302


def test_sources_are_named_in_words(client, tree, operator_unit_a, fu):
    from sewaka.surveys.models import RtlAction

    assert RtlAction._meta.label_lower == "surveys.rtlaction"
    client.force_login(operator_unit_a)
    body = client.get(reverse("followups:list")).content.decode()
    assert "<td>Dicatat langsung</td>" in body
    detail = client.get(fu.get_absolute_url()).content.decode()
    assert "Dicatat langsung: Puskesmas A" in detail


def test_source_labels_for_each_producer():
    from django.contrib.contenttypes.models import ContentType

    from sewaka.followups.models import source_label

    expected = {
        ("surveys", "rtlaction"): "SKM",
        ("consultations", "agreement"): "FKP",
        ("assessments", "monevvisit"): "Temuan Monev",
        ("assessments", "assessment"): "Penilaian",
        ("complaints", "complaint"): "Pengaduan",
    }
    for (app, model), label in expected.items():
        assert source_label(ContentType(app_label=app, model=model)) == label


@pytest.mark.parametrize("role", [Role.PENGELOLA_PENGADUAN])
def test_complaint_handlers_without_act_do_not_comment(client, tree, fu, role):
    handler = make_member(tree.pkm_a, role, "handler_x")
    client.force_login(handler)
    assert client.post(reverse("followups:comment", args=[fu.pk]), {"text": "x"}).status_code == 403
