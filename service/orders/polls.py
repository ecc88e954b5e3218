"""Reads of an order answered from memory, before routing.

Creator apps poll `GET /v1/orders/{id}`, with `If-None-Match` or without, and nearly every
poll finds the order as it was. When this process's caches (`service.api.caches`)
know both the API key's owner and the order, and the caller may see the order without a
query (ops, its brand, its creator), the middleware answers itself: 304 if the ETag
matches, else 200 with the order as the route last sent it at that version. No database,
no routing, no dependencies. Everything else goes on to the route, which answers the same
question the slow way: a cache miss, a long poll (`Prefer`), a query string, a malformed,
repeated or oversized header, a request with a body, an MCN. The route's answers and these
are the same bytes (tested).
"""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from service.api.caches import OrderVersion, ProcessCache
from service.api.conditional import etag, matches
from service.deps import Caller
from service.ids import looks_like_id
from service.orders.repository import visible_without_query
from service.parties.keys import bearer_token, hash_key

PREFIX = "/v1/orders/"
MAX_HEADER = 200  # as the route's `Header(max_length=200)`
_WANTED = frozenset(
    {b"authorization", b"if-none-match", b"prefer", b"content-length", b"transfer-encoding"}
)
Answer = tuple[int, list[tuple[bytes, bytes]], bytes]


def cached_order(
    versions: ProcessCache[OrderVersion], caller: Caller, order_id: str
) -> OrderVersion | None:
    """The order as last read, if the cache holds it and the caller may see it."""
    known = versions.get(order_id)
    if known is None or not visible_without_query(caller, known.brand_id, known.creator_id):
        return None
    return known


def _answer(state: Any, scope: Scope) -> Answer | None:
    """What the route would answer, from memory; None to let the route answer."""
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
    if b"prefer" in found or (condition is not None and len(condition) > MAX_HEADER):
        return None
    if b"transfer-encoding" in found or found.get(b"content-length", "0") != "0":
        return None  # a body: the body limit and the route decide
    token = bearer_token(authorization)
    if token is None:
        return None
    owners: ProcessCache[Caller] = state.key_owners
    caller = owners.get(hash_key(token))
    known = cached_order(state.order_versions, caller, order_id) if caller else None
    if known is None:
        return None
    tag = etag(known.version)
    if matches(condition, tag):
        return 304, [(b"etag", tag.encode("latin-1"))], b""
    length = str(len(known.body)).encode("latin-1")
    headers = [
        (b"etag", tag.encode("latin-1")),
        (b"content-length", length),
        (b"content-type", b"application/json"),
    ]
    return 200, headers, known.body


class CachedReads:
    def __init__(self, app: ASGIApp, state: Any, route: Any) -> None:
        self.app, self.state, self.route = app, state, route

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and not scope["query_string"]:
            answer = _answer(self.state, scope)
            if answer is not None:
                status, headers, body = answer
                scope["route"] = self.route  # metrics label it as the route would
                await send({"type": "http.response.start", "status": status, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
