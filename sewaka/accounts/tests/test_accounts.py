import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from sewaka.core.models import AuditEvent
from sewaka.organisations.models import Membership
from sewaka.organisations.tests.factories import UserFactory

User = get_user_model()


def test_it_logs_in_and_out(client, tree, operator_unit_a):
    response = client.post(
        reverse("accounts:login"), {"username": "operator_a", "password": "rahasia-uji-123"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home:home")).status_code == 302


def test_it_explains_a_wrong_password_in_indonesian(client, tree, operator_unit_a):
    response = client.post(reverse("accounts:login"), {"username": "operator_a", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()


def test_it_locks_a_username_from_one_address_but_not_the_whole_office(
    client, tree, operator_unit_a, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "operator_a", "password": "salah"})
    response = client.post(
        reverse("accounts:login"), {"username": "operator_a", "password": "rahasia-uji-123"}
    )
    assert response.status_code == 429
    assert "Akun dikunci sementara" in response.content.decode()
    # A colleague behind the same NAT address can still log in.
    UserFactory(username="rekan")
    response = client.post(reverse("accounts:login"), {"username": "rekan", "password": "rahasia-uji-123"})
    assert response.status_code == 302


def test_it_lets_admin_pemda_create_and_invite_a_user_with_a_role(client, tree, admin_pemda):
    client.force_login(admin_pemda)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "baru.operator",
            "first_name": "Komang",
            "last_name": "Baru",
            "email": "komang@example.test",
            "unit": tree.pkm_a.pk,
            "role": "operator",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="baru.operator")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, unit=tree.pkm_a, role="operator").exists()
    assert len(mail.outbox) == 1
    assert "atur-ulang" in mail.outbox[0].body
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.changes["email"] == "[disamarkan]"
    assert "komang@example.test" not in str(event.changes)


def test_it_rejects_a_duplicate_username_in_indonesian(client, tree, admin_pemda, operator_unit_a):
    client.force_login(admin_pemda)
    response = client.post(
        reverse("accounts:user_create"),
        {"username": "operator_a", "first_name": "X", "email": "x@example.test"},
    )
    assert response.status_code == 200
    assert "Nama pengguna ini sudah dipakai" in response.content.decode()


def test_it_deactivates_but_never_deletes_a_user(client, tree, admin_pemda, operator_unit_a):
    client.force_login(admin_pemda)
    client.post(reverse("accounts:user_toggle", args=[operator_unit_a.pk]))
    operator_unit_a.refresh_from_db()
    assert not operator_unit_a.is_active
    assert User.objects.filter(pk=operator_unit_a.pk).exists()
    # Admin pemda cannot deactivate himself.
    response = client.post(reverse("accounts:user_toggle", args=[admin_pemda.pk]), follow=True)
    assert "tidak dapat menonaktifkan akun Anda sendiri" in response.content.decode()


def test_it_offers_no_delete_in_the_django_admin(client, tree):
    superuser = User.objects.create_superuser("root", "root@example.test", "rahasia-uji-123")
    client.force_login(superuser)
    user = UserFactory()
    assert client.get(reverse("admin:auth_user_delete", args=[user.pk])).status_code == 403
    assert client.get(reverse("admin:organisations_unit_delete", args=[tree.pkm_a.pk])).status_code == 403
    event = AuditEvent.objects.first()
    assert client.get(reverse("admin:core_auditevent_delete", args=[event.pk])).status_code == 403


@pytest.mark.parametrize("name", ["user_list", "user_create"])
def test_it_keeps_user_management_from_non_admins(client, tree, operator_unit_a, pimpinan, tim_monev, name):
    for user in (operator_unit_a, pimpinan, tim_monev):
        client.force_login(user)
        assert client.get(reverse(f"accounts:{name}")).status_code == 403
    assert client.get(reverse("accounts:user_detail", args=[operator_unit_a.pk])).status_code == 403


def test_it_resets_a_password_by_email(client, tree, operator_unit_a):
    client.post(reverse("accounts:password_reset"), {"email": operator_unit_a.email})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "atur-ulang" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "kata-sandi-baru-2026", "new_password2": "kata-sandi-baru-2026"}
    )
    assert response.status_code == 302
    operator_unit_a.refresh_from_db()
    assert operator_unit_a.check_password("kata-sandi-baru-2026")
