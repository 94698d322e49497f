"""The address of the client behind the reverse proxies this site trusts, for rate limits and sign-in lockouts.

`X-Forwarded-For` is a list that every proxy appends to: `client, proxy1, proxy2`. Anyone can send the header, so
it is read only when the request arrives from an address in `PLENARY_TRUSTED_PROXIES`, and then from the right:
the first address that is not a trusted proxy is the client. Without trusted proxies it is never read and
`REMOTE_ADDR` is the client. (django-ipware, which axes can use, picks the left-most public address by default,
which is the one the client itself wrote; the rule here is short enough to keep explicit.)
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
UNKNOWN = "0.0.0.0"  # noqa: S104 (an address to count by, never one to bind to)


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def trusted_proxies() -> tuple[Network, ...]:
    """The networks of the trusted proxies (`PLENARY_TRUSTED_PROXIES`: addresses or CIDR ranges)."""
    return _networks(tuple(getattr(settings, "PLENARY_TRUSTED_PROXIES", ()) or ()))


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as text; django-ratelimit (`RATELIMIT_IP_META_KEY`) and axes call this."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR", "") or ""
    peer = _address(remote)
    networks = trusted_proxies()
    if peer is None:
        # No usable peer address (a Unix socket, a test client): one shared bucket, rather than no limit at all.
        return UNKNOWN
    if not networks or not _is_trusted(peer, networks):
        return str(peer)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop for hop in forwarded.split(",") if hop.strip()]
    nearest = peer
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # Garbage can only come from the client's side of the chain: the nearest address seen is the best.
            return str(nearest)
        if not _is_trusted(address, networks):
            return str(address)
        nearest = address
    return str(nearest)
