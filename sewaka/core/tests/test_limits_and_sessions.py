"""Issue 14 items 11, 14, 15: rate limits and lockouts per real client behind a proxy, shared by every process;
staff idle timeout; CSP base-uri; cached, rate-limited public documents; kiosks survive a secret-key rotation."""

import os
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from sewaka.core.ratelimit import over_limit

ROOT = Path(__file__).resolve().parents[3]
LOGIN = "/akun/login/"


# --- 14. client addresses behind a proxy ------------------------------------------------------------------


def _fail_login(client, username, **meta):
    return client.post(LOGIN, {"username": username, "password": "salah-sekali"}, **meta)


def test_a_spoofed_forwarded_for_from_an_untrusted_peer_does_not_escape_the_lockout(
    client, operator_unit_a, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    settings.SEWAKA_TRUSTED_PROXIES = ["10.0.0.1"]
    for i in range(3):
        _fail_login(client, "operator_a", REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    response = client.post(
        LOGIN,
        {"username": "operator_a", "password": "rahasia-uji-123"},
        REMOTE_ADDR="198.51.100.20",
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )
    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_citizen_has_its_own_lockout(client, operator_unit_a, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.SEWAKA_TRUSTED_PROXIES = ["10.0.0.1"]
    for _ in range(3):
        _fail_login(client, "operator_a", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    locked = client.post(
        LOGIN,
        {"username": "operator_a", "password": "rahasia-uji-123"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert locked.status_code == 429
    # The same user from another client behind the same proxy is not locked out with the attacker.
    other = client.post(
        LOGIN,
        {"username": "operator_a", "password": "rahasia-uji-123"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.21",
    )
    assert other.status_code == 302


def _hits(n, remote, xff=None):
    extra = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": xff} if xff else {})
    return [over_limit(RequestFactory().get("/", **extra), "uji", "SEWAKA_UJI_LIMIT", 2) for _ in range(n)]


def test_rate_limits_count_the_real_client_behind_a_trusted_proxy(db, settings):
    settings.SEWAKA_TRUSTED_PROXIES = ["127.0.0.1"]
    assert _hits(3, "127.0.0.1", "198.51.100.1") == [False, False, True]
    assert _hits(1, "127.0.0.1", "198.51.100.2") == [False]  # a neighbour behind the same nginx


def test_rate_limits_ignore_spoofed_headers_from_untrusted_peers(db, settings):
    settings.SEWAKA_TRUSTED_PROXIES = ["127.0.0.1"]
    assert _hits(2, "203.0.113.50", "198.51.100.1") == [False, False]
    assert _hits(1, "203.0.113.50", "198.51.100.77") == [True]  # a new fake header is the same client


# --- 14. shared by every process, survives restarts -------------------------------------------------------

PROCESS = textwrap.dedent(
    """
    import os, sys, django
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client, RequestFactory
    from sewaka.core.ratelimit import over_limit

    step = sys.argv[1]
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    client = Client(REMOTE_ADDR="203.0.113.9")
    if step == "first":
        get_user_model().objects.create_user("petugas", "p@example.test", "rahasia-uji-123")
        print([over_limit(request, "dua-proses", "UNSET", 3) for _ in range(3)])
        print([client.post("/akun/login/", {"username": "petugas", "password": "salah"}).status_code
               for _ in range(2)])
    else:
        print([over_limit(request, "dua-proses", "UNSET", 3)])
        print([client.post("/akun/login/", {"username": "petugas", "password": p}).status_code
               for p in ("salah", "rahasia-uji-123")])
    """
)


def test_limits_and_lockouts_hold_across_processes_and_restarts(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEWAKA_", "PYTEST_", "DJANGO_"))}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "SEWAKA_DEBUG": "True",
        "SEWAKA_LOGIN_FAILURE_LIMIT": "3",
    }

    def python(*args):
        result = subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout.strip().splitlines()

    python("manage.py", "migrate", "-v0")  # creates the cache table too
    first = python("-c", PROCESS, "first")
    assert first == ["[False, False, False]", "[200, 200]"]
    second = python("-c", PROCESS, "second")  # another process, started later: the third failure locks
    assert second == ["[True]", "[429, 429]"]


# --- 15. staff sessions expire when idle; public pages do not ---------------------------------------------


def test_a_staff_session_ends_after_the_idle_time(client, operator_unit_a, settings):
    settings.SEWAKA_STAFF_IDLE_MINUTES = 30
    home = reverse("home:home")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(operator_unit_a)
        assert client.get(home).status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get(home).status_code == 200  # activity renews the idle clock
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert client.get(home).status_code == 200
    with time_machine.travel(start + timedelta(minutes=89), tick=False):
        response = client.get(home)
        assert response.status_code == 302 and reverse("accounts:login") in response.url
        assert client.get(home).status_code == 302  # logged out for good


def test_public_pages_keep_no_activity_clock(client, db):
    client.get(reverse("accounts:login"))
    assert "sewaka_last_activity" not in client.session


def test_the_csp_forbids_base_tags(client, db):
    csp = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    assert "base-uri 'none'" in csp


# --- 11. public documents: cached until republished, rendering rate-limited -------------------------------


@pytest.fixture
def published(tree):
    from sewaka.surveys.tests.factories import make_period, make_response, make_service

    service = make_service(tree.pkm_a, "Pemeriksaan Umum")
    period = make_period(tree.pkm_a, services={service: 400})
    for _ in range(3):
        make_response(period, service=service)
    period.published_at = timezone.now()
    period.save()
    return period


@pytest.fixture
def renders(monkeypatch):
    calls = []

    def fake_pdf(template, context, *args, **kwargs):
        calls.append(template)
        return b"%PDF-1.7 laporan " + str(len(calls)).encode()

    def fake_infographic(period, fmt):
        calls.append(fmt)
        return b"%PDF-1.7 infografis"

    # Patched where the public pages call them (imported by name at the top of public_views).
    monkeypatch.setattr("sewaka.surveys.public_views.render_pdf", fake_pdf)
    monkeypatch.setattr("sewaka.surveys.public_views.infographic_bytes", fake_infographic)
    return calls


def _doc(period, document):
    return reverse("public_survey_document", args=[period.unit.code, period.pk, document])


def test_a_published_report_is_rendered_once_until_republished(client, published, renders):
    first = client.get(_doc(published, "laporan.pdf"))
    second = client.get(_doc(published, "laporan.pdf"), REMOTE_ADDR="198.51.100.3")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content == b"%PDF-1.7 laporan 1"
    assert len(renders) == 1
    published.published_at = timezone.now() + timedelta(seconds=5)  # republished
    published.save()
    assert client.get(_doc(published, "laporan.pdf")).content == b"%PDF-1.7 laporan 2"


def test_rendering_public_documents_is_rate_limited_per_client(client, published, renders, settings):
    settings.SEWAKA_PUBLIC_RENDER_LIMIT_PER_HOUR = 1
    assert client.get(_doc(published, "laporan.pdf")).status_code == 200
    assert client.get(_doc(published, "laporan.pdf")).status_code == 200  # cached: free
    limited = client.get(_doc(published, "infografis.pdf"))
    assert limited.status_code == 429
    assert "Mohon tunggu sebentar" in limited.content.decode()
    assert client.get(_doc(published, "infografis.pdf"), REMOTE_ADDR="198.51.100.4").status_code == 200
    assert renders == ["surveys/docs/report.html", "pdf"]


# --- 5. kiosks survive a secret-key rotation --------------------------------------------------------------


def test_a_registered_kiosk_survives_a_secret_key_rotation(
    client, tree, operator_unit_a, published, settings
):
    from sewaka.surveys.services import kiosk_register

    thanks = reverse("public_survey_thanks", args=[tree.pkm_a.code])
    _kiosk, token = kiosk_register(actor=operator_unit_a, unit=tree.pkm_a, name="Tablet loket 1")
    client.get(reverse("public_kiosk_start", args=[token]))
    assert 'name="sewaka-redirect"' in client.get(thanks).content.decode()
    settings.SECRET_KEY = "kunci-baru-" + "x7Q2" * 16
    assert 'name="sewaka-redirect"' in client.get(thanks).content.decode()


def test_a_kiosk_cookie_from_before_the_hash_key_still_works(
    client, tree, operator_unit_a, published, settings
):
    from django.http import HttpResponse

    from sewaka.surveys.public_views import KIOSK_COOKIE
    from sewaka.surveys.services import kiosk_register

    settings.SEWAKA_HASH_KEY = "kunci-hash-" + "p4Z9" * 16  # upgrading: differs from SECRET_KEY
    _kiosk, token = kiosk_register(actor=operator_unit_a, unit=tree.pkm_a, name="Tablet lama")
    old = HttpResponse()
    old.set_signed_cookie(KIOSK_COOKIE, token, salt="kiosk")  # how the cookie was signed before
    client.cookies[KIOSK_COOKIE] = old.cookies[KIOSK_COOKIE].value
    thanks = reverse("public_survey_thanks", args=[tree.pkm_a.code])
    assert 'name="sewaka-redirect"' in client.get(thanks).content.decode()
    client.cookies[KIOSK_COOKIE] = "palsu:bukan-tanda-tangan"
    assert 'name="sewaka-redirect"' not in client.get(thanks).content.decode()
