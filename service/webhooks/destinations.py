"""Where webhooks may go: no private, loopback, link-local or otherwise internal addresses
(outside dev mode), IPv6 forms that embed such an IPv4 address included, checked when the
endpoint is registered and again at every delivery, since a name can be made to point
elsewhere later. A delivery resolves the name once, checks every address, and connects to
a checked one (`Destination.request_to`), so a name that answers differently the next time
(DNS rebinding) cannot lead it inside."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx


class Refused(ValueError):
    pass


def without_query(url: str) -> str:
    """The URL as logs may show it: receivers put tokens in query strings (and fragments)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(not a URL)"
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc += f":{port}" if port else ""
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_COMPATIBLE = ipaddress.ip_network("::/96")  # IPv4-compatible, deprecated but routable here
_SIIT = ipaddress.ip_network("::ffff:0:0:0/96")  # IPv4-translated (RFC 6145): last 32 bits
# Never a webhook's: the local-use NAT64 prefix (RFC 8215), whose IPv4 may sit anywhere
# (RFC 6052), and the deprecated site-local addresses.
_REFUSED = (ipaddress.ip_network("64:ff9b:1::/48"), ipaddress.ip_network("fec0::/10"))


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries: IPv4-mapped, IPv4-compatible, NAT64
    (64:ff9b::/96), 6to4 (2002::/16) and Teredo (2001::/32, server and client)."""
    found = [v4 for v4 in (ip.ipv4_mapped, ip.sixtofour) if v4 is not None]
    if ip.teredo is not None:
        found.extend(ip.teredo)
    if ip in _NAT64 or ip in _COMPATIBLE or ip in _SIIT:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def is_public(address: str) -> bool:
    """Globally routable and not multicast, and so is every IPv4 address it embeds."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if not ip.is_global or ip.is_multicast:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if any(ip in network for network in _REFUSED):
            return False
        return all(v4.is_global and not v4.is_multicast for v4 in embedded_ipv4(ip))
    return True


SCHEMES_OUTSIDE_DEV_MODE = ("https",)


@dataclass(frozen=True)
class Destination:
    """A webhook URL resolved once, with every address it resolved to checked: deliveries
    connect to one of these addresses, never to what the name resolves to later."""

    url: str
    host: str  # the name (or the literal address) in the URL
    addresses: tuple[str, ...]

    def request_to(self, address: str) -> tuple[str, dict[str, str], dict[str, str]]:
        """The URL with `address` in place of the name, the Host header naming the host, and
        the TLS server name (SNI, and the name the certificate must match) for https."""
        named = httpx.URL(self.url)
        pinned = named.copy_with(host=address)
        extensions = {"sni_hostname": self.host} if named.scheme == "https" else {}
        return str(pinned), {"Host": named.netloc.decode("ascii")}, extensions


async def resolve(url: str, allow_internal: bool) -> Destination:
    """Check the URL and resolve its host once: every address must be public (`is_public`)
    and the scheme https. In dev mode (`allow_internal`) nothing is resolved or checked
    beyond the URL's form. Raises `Refused`."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        host = httpx.URL(url).raw_host.decode("ascii")  # IDNA-encoded, brackets removed
    except (ValueError, UnicodeError, httpx.InvalidURL) as error:
        raise Refused(f"not a URL: {error}") from None
    if parts.scheme not in ("https", "http") or not parts.hostname or not host:
        raise Refused("webhook URLs are http(s) with a host")
    if parts.username or parts.password:
        raise Refused("credentials do not belong in a webhook URL")
    if allow_internal:  # dev mode: anything goes, so connect by name as given
        return Destination(url, host, (host,))
    if parts.scheme not in SCHEMES_OUTSIDE_DEV_MODE:
        raise Refused("webhook URLs must use https")
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:  # IDNA refuses some names (a label over 63)
        raise Refused(f"the host does not resolve: {error}") from None
    addresses = tuple(dict.fromkeys(str(info[4][0]) for info in found))
    if not addresses:
        raise Refused("the host does not resolve")
    if not all(is_public(a) for a in addresses):
        raise Refused("the host resolves to a private, loopback or link-local address")
    return Destination(url, host, addresses)


async def check(url: str, allow_internal: bool) -> None:
    await resolve(url, allow_internal)
