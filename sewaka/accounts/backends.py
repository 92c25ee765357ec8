"""Django's model backend, refusing the published demo password unless demo mode is on (SEWAKA_DEMO)."""

from django.conf import settings
from django.contrib.auth import backends

# The demo logins' password (README) and their e-mail domain; seeddemo creates them in demo mode only.
DEMO_PASSWORD = "sewaka-demo-2026"
DEMO_EMAIL_DOMAIN = "demo.sewaka.invalid"


def demo_login_refused(password) -> bool:
    return password == DEMO_PASSWORD and not getattr(settings, "SEWAKA_DEMO", False)


class ModelBackend(backends.ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if demo_login_refused(password):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
