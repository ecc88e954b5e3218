"""Writing the audit log: every successful POST by ops, in the transaction of the action
itself, so an action and its audit entry commit together or not at all."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request, Response
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.audit.models import AuditEntry
from service.orders.models import Order
from service.orders.public import snapshot
from service.parties.keys import bearer_token, hash_key
from service.parties.models import ApiKey, Party, PartyKind

AFTER_MAX_BYTES = 16_384
OBJECT_PARAMS = ("order_id", "violation_id", "creator_id", "entry_id", "endpoint_id",
                 "withdrawal_id", "contract_id", "party_id", "key_id", "message_id",
                 "case_id")  # fmt: skip


async def _by_ops(session: AsyncSession, request: Request) -> bool:
    """Whether the request's key is an ops key: from the process cache when it is trusted,
    else from the database (the caller dependency then reads it again, cheaply)."""
    token = bearer_token(request.headers.get("authorization", ""))
    if token is None:
        return False
    digest = hash_key(token)
    known = request.app.state.key_owners.get(digest)
    if known is not None:
        return bool(known.kind is PartyKind.OPS)
    statement = (
        select(col(Party.kind))
        .join(ApiKey, col(ApiKey.party_id) == col(Party.id))
        .where(col(ApiKey.key_hash) == digest, col(ApiKey.revoked_at).is_(None))
    )
    kind = (await session.exec(statement)).first()
    return kind is not None and PartyKind(kind) is PartyKind.OPS


async def before(session: AsyncSession, request: Request) -> dict[str, Any] | None:
    """The order an ops action is about, as it was before the action (POSTs on an order
    only; None for everyone else)."""
    order_id = request.path_params.get("order_id")
    if request.method != "POST" or not order_id or not await _by_ops(session, request):
        return None
    order = (await session.exec(select(Order).where(col(Order.id) == order_id))).first()
    if order is None:
        return None
    seen = snapshot(order)
    session.expunge(order)  # the action reads the order afresh, as it would without us
    return seen


async def record(
    session: AsyncSession, request: Request, response: Response, prior: dict[str, Any] | None
) -> None:
    caller = getattr(request.state, "caller", None)
    if request.method != "POST" or caller is None or caller.kind is not PartyKind.OPS:
        return
    if response.status_code >= 400:
        return
    sent = _json(await request.body())
    body = getattr(response, "body", b"")
    after = _json(body) if isinstance(body, bytes) and len(body) <= AFTER_MAX_BYTES else None
    if after is not None:  # secrets shown once (a new key, a webhook secret) are not kept
        for field in getattr(request.state, "secret_fields", ()):
            after.pop(field, None)
    route = request.scope.get("route")
    object_id = next((request.path_params[p] for p in OBJECT_PARAMS if p in request.path_params),
                     None)  # fmt: skip
    session.add(
        AuditEntry(
            actor_id=caller.party_id,
            key_id=caller.key_id,
            action=getattr(route, "name", "")[:100],
            path=request.url.path[:300],
            object_id=object_id,
            reason=_reason(sent),
            status=response.status_code,
            before=prior,
            after=after,
            at=request.app.state.clock.now(),
        )
    )


def _json(raw: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(raw) if raw else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _reason(sent: dict[str, Any] | None) -> str | None:
    if not sent:
        return None
    found = sent.get("reason") or sent.get("evidence")
    return str(found) if found is not None else None
