"""Personal API tokens: hashed at rest, shown once, expiry, revocation (owner; admin pemda within its pemda)."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sewaka.api.models import ApiToken
from sewaka.api.services import api_token_create, api_token_revoke
from sewaka.api.tokens import DEMO_TOKENS
from sewaka.organisations.models import Role
from sewaka.organisations.tests.factories import make_member, make_unit

from .helpers import assert_error_shape

ME = "/api/v1/me"


def _auth(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_secret_is_hashed_at_rest_and_works(client, operator_unit_a):
    token, secret = api_token_create(actor=operator_unit_a, user=operator_unit_a, name="Kios")
    row = ApiToken.objects.get(pk=token.pk)
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {
        str(v)
        for v in ApiToken.objects.values_list(*[f.attname for f in ApiToken._meta.concrete_fields]).get()
    }
    assert secret.startswith(row.prefix) and len(row.prefix) < len(secret) // 2
    response = client.get(ME, **_auth(secret))
    assert response.status_code == 200
    assert response.json()["username"] == operator_unit_a.username
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_shown_once_on_the_screen(client, operator_unit_a):
    client.force_login(operator_unit_a)
    tomorrow = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post(reverse("api:token_create"), {"name": "Kios loket", "expires_on": tomorrow})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=operator_unit_a)
    html = response.content.decode()
    secret = html.split('readonly value="')[1].split('"')[0]
    assert secret.startswith(token.prefix)
    assert response["Cache-Control"] == "no-store"
    listing = client.get(reverse("api:tokens")).content.decode()
    assert token.prefix in listing and secret not in listing
    assert client.get(ME, **_auth(secret)).status_code == 200


@pytest.mark.parametrize("days", [0, 366 + 1])
def test_expiry_bounds_on_the_form(client, operator_unit_a, days):
    client.force_login(operator_unit_a)
    when = (timezone.localdate() + timedelta(days=days)).isoformat()
    response = client.post(reverse("api:token_create"), {"name": "x", "expires_on": when})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert (
        "Token berlaku paling lama satu tahun." in response.content.decode()
        or "setelah hari ini" in response.content.decode()
    )


def test_expiry_bounds_in_the_service(operator_unit_a):
    with pytest.raises(ValidationError):
        api_token_create(
            actor=None, user=operator_unit_a, name="x", expires_at=timezone.now() - timedelta(days=1)
        )
    with pytest.raises(ValidationError):
        api_token_create(
            actor=None, user=operator_unit_a, name="x", expires_at=timezone.now() + timedelta(days=400)
        )


def test_default_expiry_is_90_days(operator_unit_a):
    token, _ = api_token_create(actor=None, user=operator_unit_a, name="x")
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)


def test_expired_revoked_unknown_inactive_get_401(client, operator_unit_a):
    token, secret = api_token_create(
        actor=None, user=operator_unit_a, name="x", expires_at=timezone.now() + timedelta(days=1)
    )
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert_error_shape(client.get(ME, **_auth(secret)), 401, "unauthorized")
    assert client.get(ME, **_auth(secret)).status_code == 200
    assert_error_shape(client.get(ME, **_auth(secret + "x")), 401, "unauthorized")
    assert_error_shape(client.get(ME), 401, "unauthorized")
    assert_error_shape(client.get(ME, HTTP_AUTHORIZATION="Basic abc"), 401, "unauthorized")
    api_token_revoke(actor=operator_unit_a, token=token)
    response = client.get(ME, **_auth(secret))
    assert_error_shape(response, 401, "unauthorized")
    assert response["WWW-Authenticate"] == "Bearer"
    _t2, other = api_token_create(actor=None, user=operator_unit_a, name="y")
    operator_unit_a.is_active = False
    operator_unit_a.save()
    assert client.get(ME, **_auth(other)).status_code == 401


def test_only_the_owner_creates_own_token(operator_unit_a, operator_unit_b):
    with pytest.raises(PermissionDenied):
        api_token_create(actor=operator_unit_a, user=operator_unit_b, name="x")


def test_revoke_rights(client, tree, operator_unit_a, operator_unit_b, admin_pemda):
    other_pemda = make_unit(code="kota-lain", name="Kota Lain")
    outsider = make_member(other_pemda, Role.OPERATOR, "orang_lain")
    other_admin = make_member(other_pemda, Role.ADMIN_PEMDA, "admin_lain")
    mine, _ = api_token_create(actor=None, user=operator_unit_a, name="a")
    theirs, _ = api_token_create(actor=None, user=outsider, name="b")
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=operator_unit_b, token=mine)  # a colleague elsewhere
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=other_admin, token=mine)  # an admin of another pemda
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=admin_pemda, token=theirs)
    # The screens: the admin pemda lists and revokes the tokens of its pemda's users only.
    client.force_login(admin_pemda)
    page = client.get(reverse("api:managed")).content.decode()
    assert mine.prefix in page and theirs.prefix not in page
    assert client.post(reverse("api:token_revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("api:token_revoke", args=[mine.pk])).status_code == 302
    assert ApiToken.objects.get(pk=mine.pk).revoked_at is not None
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None
    client.force_login(operator_unit_b)
    assert client.get(reverse("api:managed")).status_code == 403
    assert client.post(reverse("api:token_revoke", args=[theirs.pk])).status_code == 404


def test_owner_revokes_on_the_screen(client, operator_unit_a):
    token, secret = api_token_create(actor=None, user=operator_unit_a, name="a")
    client.force_login(operator_unit_a)
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 302
    assert client.get(ME, **_auth(secret)).status_code == 401


def test_demo_tokens_refused_outside_demo_mode(client, operator_unit_a, settings):
    secret = DEMO_TOKENS["operator.pkm1"]
    api_token_create(actor=None, user=operator_unit_a, name="demo", secret=secret)
    settings.SEWAKA_DEMO = False
    assert client.get(ME, **_auth(secret)).status_code == 401
    settings.SEWAKA_DEMO = True
    assert client.get(ME, **_auth(secret)).status_code == 200


def test_rate_limit_per_token(client, operator_unit_a, settings):
    settings.SEWAKA_API_TOKEN_RATE = 3
    _token, secret = api_token_create(actor=None, user=operator_unit_a, name="a")
    for _ in range(3):
        assert client.get(ME, **_auth(secret)).status_code == 200
    response = client.get(ME, **_auth(secret))
    assert_error_shape(response, 429, "rate_limited")
    assert int(response["Retry-After"]) > 0
    _t2, other = api_token_create(actor=None, user=operator_unit_a, name="b")
    assert client.get(ME, **_auth(other)).status_code == 200  # per token


def test_rate_limit_per_address_on_public_endpoints(db, client, settings):
    settings.SEWAKA_API_PUBLIC_RATE = 2
    for _ in range(2):
        assert client.get("/api/v1/datasets/layanan").status_code == 200
    response = client.get("/api/v1/datasets/layanan")
    assert_error_shape(response, 429, "rate_limited")
    assert response["Retry-After"]


def test_demo_tokens_are_seeded_once_and_printed(client, tree, settings):
    import io

    from sewaka.api.demo import seed_api_tokens

    settings.SEWAKA_DEMO = True
    make_member(tree.pkm_a, Role.OPERATOR, "operator.pkm1")
    make_member(tree.pemda, Role.ADMIN_PEMDA, "admin.pemda")
    out = io.StringIO()
    assert seed_api_tokens(out) == 2
    assert seed_api_tokens(io.StringIO()) == 0
    assert ApiToken.objects.count() == 2
    for secret in DEMO_TOKENS.values():
        assert secret in out.getvalue()
        assert client.get(ME, **_auth(secret)).status_code == 200
    # A revoked demo token comes back on the next seeddemo.
    api_token_revoke(actor=None, token=ApiToken.objects.first())
    assert seed_api_tokens(io.StringIO()) == 1
    assert all(t.is_active for t in ApiToken.objects.all())
