"""The demo's API tokens (seeddemo, demo mode only): known secrets for two demo users, printed with the
demo logins so the API can be tried at once."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import ApiToken
from .services import api_token_create
from .tokens import DEMO_TOKENS, hash_secret


def seed_api_tokens(out) -> int:
    created = 0
    User = get_user_model()
    for username, secret in DEMO_TOKENS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        token = ApiToken.objects.filter(token_hash=hash_secret(secret)).first()
        if token is not None and not token.is_active:
            token.delete()  # an expired or revoked demo token: issue it again with the same secret
            token = None
        if token is None:
            api_token_create(
                actor=None,
                user=user,
                name="Token demo",
                expires_at=timezone.now() + timedelta(days=365),
                secret=secret,
            )
            created += 1
    out.write("Token API demo (header Authorization: Bearer <token>, dokumentasi: /api/v1/docs):")
    for username, secret in DEMO_TOKENS.items():
        out.write(f"  {username:<16} {secret}")
    return created
