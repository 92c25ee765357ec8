"""client_ip(): X-Forwarded-For counts only when the direct peer is a trusted proxy."""

import pytest
from django.test import RequestFactory

from sewaka.core.net import client_ip


def _req(remote, xff=None):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.SEWAKA_TRUSTED_PROXIES = []
    assert client_ip(_req("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_spoofed_header_from_an_untrusted_peer_is_ignored(settings):
    settings.SEWAKA_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert client_ip(_req("198.51.100.9", "1.2.3.4")) == "198.51.100.9"


def test_trusted_proxy_gives_the_right_most_untrusted_entry(settings):
    settings.SEWAKA_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    # The client wrote "1.2.3.4" itself; nginx appended the real peer 198.51.100.9; an inner proxy 10.1.2.3.
    assert client_ip(_req("127.0.0.1", "1.2.3.4, 198.51.100.9, 10.1.2.3")) == "198.51.100.9"


def test_trusted_proxy_without_header_is_the_peer(settings):
    settings.SEWAKA_TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(_req("127.0.0.1")) == "127.0.0.1"


@pytest.mark.parametrize(
    ("remote", "xff", "expected"),
    [
        ("::1", "2001:db8::5", "2001:db8::5"),
        ("::1", "[2001:db8::5]:4711", "2001:db8::5"),
        ("::1", "192.0.2.1:8080", "192.0.2.1"),
        ("::1", "garbage", "::1"),
        ("not-an-ip", "192.0.2.1", ""),
    ],
)
def test_formats(settings, remote, xff, expected):
    settings.SEWAKA_TRUSTED_PROXIES = ["::1/128"]
    assert client_ip(_req(remote, xff)) == expected
