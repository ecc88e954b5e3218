"""Where webhooks may go: no private, loopback, link-local or otherwise internal addresses
(outside dev mode), checked when the endpoint is registered and again at every delivery,
since a name can be made to point elsewhere later."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit, urlunsplit


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


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    return ip.is_global and not ip.is_multicast


async def check(url: str, allow_internal: bool) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port out of range raises here
    except ValueError as error:
        raise Refused(f"not a URL: {error}") from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise Refused("webhook URLs are http(s) with a host")
    if parts.username or parts.password:
        raise Refused("credentials do not belong in a webhook URL")
    if allow_internal:
        return
    if parts.scheme != "https":
        raise Refused("webhook URLs must use https")
    try:
        found = await asyncio.get_running_loop().getaddrinfo(
            parts.hostname, parts.port or 443, type=socket.SOCK_STREAM
        )
    except (OSError, UnicodeError) as error:  # IDNA refuses some names (a label over 63)
        raise Refused(f"the host does not resolve: {error}") from None
    addresses = {str(info[4][0]) for info in found}
    if not addresses or not all(_public(a) for a in addresses):
        raise Refused("the host resolves to a private, loopback or link-local address")
