"""Issue 14: account takeover by admin pemda, demo logins outside demo mode, password-reset throttling."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse

from sewaka.accounts import services
from sewaka.accounts.backends import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD
from sewaka.accounts.checks import check_demo_accounts
from sewaka.organisations.models import Role
from sewaka.organisations.tests.factories import UserFactory, make_member, make_unit

User = get_user_model()


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.test", "rahasia-uji-123")


@pytest.fixture
def other_pemda_admin(tree):
    other = make_unit(code="kab-lain", name="Pemerintah Kabupaten Lain")
    return make_member(other, Role.ADMIN_PEMDA, "admin_lain")


# --- 2. admin pemda manages the users of its pemda only ---------------------------------------------------


def test_admin_pemda_cannot_take_over_a_superuser(client, admin_pemda, superuser):
    client.force_login(admin_pemda)
    detail = reverse("accounts:user_detail", args=[superuser.pk])
    assert client.get(detail).status_code == 404
    response = client.post(detail, {"first_name": "", "last_name": "", "email": "penyerang@example.test"})
    assert response.status_code == 404
    assert client.post(reverse("accounts:user_invite", args=[superuser.pk])).status_code == 404
    assert client.post(reverse("accounts:user_toggle", args=[superuser.pk])).status_code == 404
    superuser.refresh_from_db()
    assert superuser.email == "root@example.test" and superuser.is_active
    assert mail.outbox == []
    assert "root" not in client.get(reverse("accounts:user_list"), {"inactive": "on"}).content.decode()


def test_admin_pemda_cannot_take_over_an_admin_of_another_pemda(client, admin_pemda, other_pemda_admin):
    client.force_login(admin_pemda)
    detail = reverse("accounts:user_detail", args=[other_pemda_admin.pk])
    response = client.post(detail, {"first_name": "X", "last_name": "", "email": "penyerang@example.test"})
    assert response.status_code == 404
    other_pemda_admin.refresh_from_db()
    assert other_pemda_admin.email == "admin_lain@example.test"
    assert "admin_lain" not in client.get(reverse("accounts:user_list")).content.decode()


def test_a_user_with_a_role_in_both_pemdas_is_not_managed_by_either_admin_alone(tree, admin_pemda):
    other = make_unit(code="kab-dua", name="Pemerintah Kabupaten Dua")
    both = make_member(tree.pkm_a, Role.OPERATOR, "dua_pemda")
    from sewaka.organisations.services import membership_grant

    membership_grant(actor=None, user=both, unit=other, role=Role.ADMIN_PEMDA)
    with pytest.raises(PermissionDenied):
        services.user_update(actor=admin_pemda, user=both, email="penyerang@example.test")
    with pytest.raises(PermissionDenied):
        services.user_invite(actor=admin_pemda, user=both)


def test_the_service_refuses_a_superuser_target_too(admin_pemda, superuser):
    with pytest.raises(PermissionDenied):
        services.user_update(actor=admin_pemda, user=superuser, email="penyerang@example.test")
    with pytest.raises(PermissionDenied):
        services.user_set_active(actor=admin_pemda, user=superuser, active=False)


def test_admin_pemda_still_manages_its_own_users(client, admin_pemda, operator_unit_a):
    client.force_login(admin_pemda)
    assert client.get(reverse("accounts:user_detail", args=[operator_unit_a.pk])).status_code == 200
    assert "operator_a" in client.get(reverse("accounts:user_list")).content.decode()


def test_an_email_change_notifies_the_old_address_and_ends_the_sessions(
    client, admin_pemda, operator_unit_a, django_capture_on_commit_callbacks
):
    victim = Client()
    victim.force_login(operator_unit_a)
    home = reverse("home:home")
    assert victim.get(home).status_code == 200
    client.force_login(admin_pemda)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:user_detail", args=[operator_unit_a.pk]),
            {"first_name": "Test", "last_name": "", "email": "baru@example.test"},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["operator_a@example.test"]]
    notice = mail.outbox[0]
    assert "diubah" in notice.subject
    assert "operator_a" in notice.body and "b***@example.test" in notice.body
    assert "baru@example.test" not in notice.body
    assert victim.get(home).status_code == 302  # logged out everywhere
    assert client.get(home).status_code == 200  # the admin's own session stays


def test_changing_only_the_name_keeps_the_sessions_and_sends_nothing(
    client, admin_pemda, operator_unit_a, django_capture_on_commit_callbacks
):
    victim = Client()
    victim.force_login(operator_unit_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.user_update(actor=admin_pemda, user=operator_unit_a, first_name="Nama Baru")
    assert mail.outbox == []
    assert victim.get(reverse("home:home")).status_code == 200


def test_an_admin_changing_its_own_email_stays_logged_in(
    client, admin_pemda, django_capture_on_commit_callbacks
):
    client.force_login(admin_pemda)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:user_detail", args=[admin_pemda.pk]),
            {"first_name": "Test", "last_name": "", "email": "admin.baru@example.test"},
        )
    assert client.get(reverse("home:home")).status_code == 200
    assert [m.to for m in mail.outbox] == [["admin_pemda@example.test"]]


# --- 6. demo logins only in demo mode ---------------------------------------------------------------------


@pytest.fixture
def demo_user(tree):
    user = make_member(tree.pkm_a, Role.OPERATOR, "operator.pkm1")
    user.email = f"operator.pkm1@{DEMO_EMAIL_DOMAIN}"
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def test_a_demo_account_cannot_log_in_outside_demo_mode(client, demo_user, settings):
    settings.SEWAKA_DEMO = False
    response = client.post(
        reverse("accounts:login"), {"username": "operator.pkm1", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200
    assert "mode demo" in response.content.decode()
    assert client.get(reverse("home:home")).status_code == 302
    # Every other way in (Django admin, API) goes through the backend, which refuses it too.
    request = RequestFactory().post("/admin/login/")
    assert authenticate(request, username="operator.pkm1", password=DEMO_PASSWORD) is None


def test_a_demo_account_logs_in_in_demo_mode(client, demo_user, settings):
    settings.SEWAKA_DEMO = True
    response = client.post(
        reverse("accounts:login"), {"username": "operator.pkm1", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("home:home")).status_code == 200


def test_the_deploy_check_fails_while_a_demo_account_is_active(demo_user):
    errors = check_demo_accounts()
    assert [e.id for e in errors] == ["sewaka.E004"]
    assert "operator.pkm1" in errors[0].msg
    demo_user.is_active = False
    demo_user.save()
    assert check_demo_accounts() == []


def test_the_deploy_check_accepts_a_demo_account_with_a_new_password(demo_user):
    demo_user.set_password("kata-sandi-sendiri-2026")
    demo_user.save()
    assert check_demo_accounts() == []


# --- 12. password reset is throttled ----------------------------------------------------------------------


def test_password_reset_is_limited_per_address(client, operator_unit_a, settings):
    settings.SEWAKA_PASSWORD_RESET_LIMIT_PER_HOUR = 2
    url = reverse("accounts:password_reset")
    for _ in range(2):
        assert client.post(url, {"email": operator_unit_a.email}).status_code == 302
    response = client.post(url, {"email": operator_unit_a.email.upper()}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in response.content.decode()
    assert len(mail.outbox) == 2


def test_password_reset_is_limited_per_client_address(client, tree, settings):
    settings.SEWAKA_PASSWORD_RESET_IP_LIMIT_PER_HOUR = 3
    url = reverse("accounts:password_reset")
    users = [UserFactory(username=f"u{i}") for i in range(5)]
    codes = [client.post(url, {"email": u.email}, REMOTE_ADDR="203.0.113.5").status_code for u in users[:4]]
    assert codes == [302, 302, 302, 429]
    # Another address is not affected.
    assert client.post(url, {"email": users[4].email}, REMOTE_ADDR="203.0.113.6").status_code == 302
    assert len(mail.outbox) == 4
