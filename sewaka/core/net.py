"""The client's address, the one place that reads REMOTE_ADDR and X-Forwarded-For.

Behind a reverse proxy every request comes from the proxy's address. `X-Forwarded-For` is trusted only when
the direct peer is one of `SEWAKA_TRUSTED_PROXIES` (addresses or CIDRs); then the right-most entry that is not
itself a trusted proxy is the client. Entries further left were written by the client and can be spoofed.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(s.strip(), strict=False) for s in spec if s.strip())


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "SEWAKA_TRUSTED_PROXIES", ()) or ()))


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def client_ip(request) -> str:
    """The client's address as text ("" when unknown)."""
    peer = _parse(request.META.get("REMOTE_ADDR", "") or "")
    if peer is None:
        return ""
    networks = trusted_networks()
    if not networks or not _trusted(peer, networks):
        return str(peer)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    client = peer
    for entry in reversed([e for e in forwarded.split(",") if e.strip()]):
        address = _parse(entry)
        if address is None:
            break  # garbage: stop at the last address we could trust
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


def axes_client_ip(request) -> str:
    """AXES_CLIENT_IP_CALLABLE."""
    return client_ip(request)
