"""Bearer authentication with a personal API token, and the rate limits (per token, per address)."""

from __future__ import annotations

from django.conf import settings
from ninja.security import HttpBearer

from sewaka.api import selectors
from sewaka.core.net import client_ip
from sewaka.core.ratelimit import count_hit, hash_value

from .errors import RateLimited

WINDOW = 60  # seconds


def _limit(setting: str, default: int) -> int:
    return int(getattr(settings, setting, default))


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = selectors.authenticate(token)
        if found is None:
            return None
        if count_hit(f"api:token:{found.pk}", _limit("SEWAKA_API_TOKEN_RATE", 120), WINDOW):
            raise RateLimited(WINDOW)
        request.api_token = found
        request.user = found.user
        return found.user


def public_limit(request) -> None:
    """Count a public request for its address; RateLimited past the per-minute limit."""
    if count_hit("api:ip:" + hash_value(client_ip(request)), _limit("SEWAKA_API_PUBLIC_RATE", 60), WINDOW):
        raise RateLimited(WINDOW)
