"""Polls answered from memory, before routing.

Creator apps poll `GET /v1/orders/{id}` with `If-None-Match`, and nearly every poll finds
the order unchanged. When this process's caches (`service.integrator.caches`) know both the
API key's owner and the order's version, and the caller may see the order without a query
(ops, its brand, its creator), the middleware answers 304 itself: no database, no routing,
no dependencies. Everything else goes on to the route, which answers the same question the
slow way: a cache miss, a long poll (`Prefer`), a query string, a malformed or oversized
header, a request with a body, an MCN. The route's answer and this one are the same bytes (tested).
"""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from service.deps import Caller
from service.ids import looks_like_id
from service.integrator.caches import OrderVersion, ProcessCache
from service.integrator.conditional import etag, matches
from service.orders.repository import visible_without_query
from service.parties.keys import hash_key

PREFIX = "/v1/orders/"
MAX_HEADER = 200  # as the route's `Header(max_length=200)`
_WANTED = frozenset(
    {b"authorization", b"if-none-match", b"prefer", b"content-length", b"transfer-encoding"}
)


def cached_version(
    versions: ProcessCache[OrderVersion], caller: Caller, order_id: str
) -> int | None:
    """The order's version if the cache holds it and the caller may see the order."""
    known = versions.get(order_id)
    if known is None or not visible_without_query(caller, known.brand_id, known.creator_id):
        return None
    return known.version


def _not_modified(state: Any, scope: Scope) -> str | None:
    """The ETag to answer 304 with, or None to let the route answer."""
    path: str = scope["path"]
    order_id = path[len(PREFIX) :]
    if not path.startswith(PREFIX) or not looks_like_id(order_id, "ord"):
        return None
    found: dict[bytes, str] = {}
    for name, value in scope["headers"]:
        if name in _WANTED:
            if name in found:
                return None  # repeated headers: the route decides what they mean
            found[name] = bytes(value).decode("latin-1")
    condition, authorization = found.get(b"if-none-match"), found.get(b"authorization", "")
    if b"prefer" in found or condition is None or len(condition) > MAX_HEADER:
        return None
    if b"transfer-encoding" in found or found.get(b"content-length", "0") != "0":
        return None  # a body: the body limit and the route decide
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    owners: ProcessCache[Caller] = state.key_owners
    caller = owners.get(hash_key(token.strip()))
    if caller is None:
        return None
    version = cached_version(state.order_versions, caller, order_id)
    if version is None or not matches(condition, tag := etag(version)):
        return None
    return tag


class CachedPolls:
    def __init__(self, app: ASGIApp, state: Any, route: Any) -> None:
        self.app, self.state, self.route = app, state, route

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and not scope["query_string"]:
            tag = _not_modified(self.state, scope)
            if tag is not None:
                scope["route"] = self.route  # metrics label it as the route would
                await send(
                    {
                        "type": "http.response.start",
                        "status": 304,
                        "headers": [(b"etag", tag.encode("latin-1"))],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
        await self.app(scope, receive, send)
