"""The accounts' deploy check: no demo login with the published password on a server."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from sewaka.accounts.backends import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD


@register(Tags.security, "sewaka", deploy=True)
def check_demo_accounts(app_configs=None, **kwargs):
    """No active demo account (seeddemo's e-mail domain) may keep the published demo password."""
    try:
        candidates = list(
            get_user_model().objects.filter(is_active=True).filter(email__iendswith="@" + DEMO_EMAIL_DOMAIN)
        )
    except DatabaseError:
        return []  # no database (yet): nothing to check
    active = sorted(u.username for u in candidates if u.check_password(DEMO_PASSWORD))
    if not active:
        return []
    return [
        Error(
            "Demo accounts with the published password are active: " + ", ".join(active) + ".",
            hint="Deactivate them under Pengguna or change their passwords.",
            id="sewaka.E004",
        )
    ]
