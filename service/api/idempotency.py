"""Idempotency-Key on POST (IETF draft, as Stripe does it).

A key belongs to the caller that sent it: its party and the API key it authenticated with,
however the credential was spelt. It is looked at only once the caller is authenticated and
its role may make the call (the claim is the route's last dependency), so a revoked key
cannot replay, and a replay goes only to the caller that made the first request. Secrets a
response shows once (a new API key, a webhook signing secret) are not stored: a replay
shows `null` in their place.

The key is claimed in the request's own transaction, and the response stored in it before
the one commit, so a key exists exactly when its effects do. A concurrent request with the
same key waits for the first to commit (PostgreSQL holds it on the unique index), then
replays its response; if the first is still running after `XT_IDEMPOTENCY_WAIT_SECONDS`
the second gets 409 with Retry-After. Errors raised as exceptions roll back, key and all,
so a retry runs again.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fastapi import Request, Response
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from service.api.models import IdempotencyKey
from service.config import Settings
from service.db import LOCK_TIMEOUT_MS
from service.problems import ProblemError
from service.sql import Direct

HEADER = "idempotency-key"
KEPT_HEADERS = ("content-type", "etag", "location", "x-dry-run")  # what a replay sends again
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


class KeyReused(ProblemError):
    code = "idempotency_key_reused"


class KeyInFlight(ProblemError):
    code = "idempotency_key_in_flight"


class BadKey(ProblemError):
    code = "invalid_idempotency_key"


class Replayed(Exception):
    """The stored response of the request that first used the key."""

    def __init__(self, response: Response) -> None:
        super().__init__("replayed")
        self.response = response


def owner_of(party_id: str, key_id: str) -> str:
    """Whose keys these are: the authenticated party and the API key it used."""
    return hashlib.sha256(f"{party_id}\n{key_id}".encode()).hexdigest()


@dataclass(frozen=True)
class Claim:
    id: int
    fingerprint: str


_TABLE = IdempotencyKey.__table__  # type: ignore[attr-defined]
_COLUMNS = ("fingerprint", "status_code", "headers", "body", "created_at", "expires_at")


def _claim_statement(insert: Any) -> Any:
    """Insert the key, or take over an expired record of it; RETURNING says which won."""
    statement = insert(_TABLE).values(
        owner=bindparam("owner"), key=bindparam("key"), fingerprint=bindparam("fingerprint"),
        status_code=0, headers={}, body=b"", created_at=bindparam("now"),
        expires_at=bindparam("expires_at"),
    )  # fmt: skip
    return statement.on_conflict_do_update(
        index_elements=["owner", "key"],
        set_={name: statement.excluded[name] for name in _COLUMNS},
        where=_TABLE.c.expires_at <= bindparam("now"),
    ).returning(_TABLE.c.id)


_CLAIM = {
    "postgresql": Direct(_claim_statement(postgresql.insert)),
    "sqlite": Direct(_claim_statement(sqlite.insert)),
}
_STORED = select(_TABLE.c.fingerprint, _TABLE.c.status_code, _TABLE.c.headers, _TABLE.c.body).where(
    _TABLE.c.owner == bindparam("owner"), _TABLE.c.key == bindparam("key")
)
_COMPLETE = Direct(
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("claim_id"))
    .values(
        status_code=bindparam("status_code"), headers=bindparam("headers"), body=bindparam("body")
    )
)


async def claim(
    session: AsyncSession,
    request: Request,
    key: str,
    owner: str,
    settings: Settings,
    now: datetime,
) -> Claim | Response:
    """Claim `key` for this request, or return the stored response to replay.

    On PostgreSQL the claim waits for a lock at most the idempotency wait, and so does every
    other lock the request then waits for (a request that cannot get a row in that time
    answers 503 with Retry-After): the API's connections have that `lock_timeout` from the
    start; on another session's connection the claim sets it for the transaction."""
    if not _KEY.match(key):
        raise BadKey("an Idempotency-Key is 1 to 255 visible ASCII characters")
    body = await request.body()
    target = request.url.path + ("?" + request.url.query if request.url.query else "")
    fingerprint = hashlib.sha256(f"{request.method} {target}\n".encode() + body).hexdigest()
    dialect = session.get_bind().dialect.name
    connection = await session.connection()
    wait_ms = int(settings.idempotency_wait_seconds * 1000)
    if dialect == "postgresql" and session.info.get(LOCK_TIMEOUT_MS) != wait_ms:
        await connection.exec_driver_sql(f"SET LOCAL lock_timeout = {wait_ms}")
    values = {
        "owner": owner, "key": key, "fingerprint": fingerprint, "now": now,
        "expires_at": now + timedelta(hours=settings.idempotency_ttl_hours),
    }  # fmt: skip
    try:
        rows = await _CLAIM[dialect].execute(session, values)
    except DBAPIError as error:
        if "lock" in str(error.orig).lower():
            raise KeyInFlight(
                "a request with this Idempotency-Key is still running; retry shortly",
                headers={"Retry-After": "1"},
            ) from None
        raise
    if rows:
        return Claim(rows[0][0], fingerprint)
    stored = (await connection.execute(_STORED, {"owner": owner, "key": key})).one()
    if stored.fingerprint != fingerprint:
        raise KeyReused("this Idempotency-Key was used with another request")
    return Response(
        content=stored.body,
        status_code=stored.status_code,
        headers={**stored.headers, "Idempotent-Replayed": "true"},
    )


async def claim_for_caller(request: Request) -> None:
    """The route's last dependency: claim the request's Idempotency-Key for the caller the
    dependencies before it authenticated and let through, or raise `Replayed`. Requests
    without a caller (the signed video callback) take no key."""
    key = request.headers.get(HEADER)
    caller = getattr(request.state, "caller", None)
    if request.method != "POST" or key is None or caller is None:
        return
    state = request.app.state
    owner = owner_of(caller.party_id, caller.key_id)
    session: AsyncSession = request.state.db_session
    outcome = await claim(session, request, key, owner, state.settings, state.clock.now())
    if isinstance(outcome, Response):
        raise Replayed(outcome)
    request.state.idempotency_claim = outcome


def not_stored(request: Request, *fields: str) -> None:
    """The response's top-level `fields` are secrets shown once: the stored copy, and so a
    replay, has `null` in their place."""
    request.state.secret_fields = fields


def _without(body: bytes, fields: tuple[str, ...]) -> bytes:
    if not fields:
        return body
    shown = json.loads(body)
    for name in fields:
        if name in shown:
            shown[name] = None
    return json.dumps(shown, ensure_ascii=False, separators=(",", ":")).encode()


async def complete(
    session: AsyncSession, claimed: Claim, response: Response, secrets: tuple[str, ...] = ()
) -> None:
    """Store the response with the claim, in the same transaction as the request's effects,
    without the `secrets` fields."""
    headers = {h: response.headers[h] for h in KEPT_HEADERS if h in response.headers}
    values = {
        "claim_id": claimed.id, "status_code": response.status_code, "headers": headers,
        "body": _without(bytes(response.body), secrets),
    }  # fmt: skip
    await _COMPLETE.execute(session, values)


async def forget_expired(session: AsyncSession, now: datetime) -> int:
    result = await session.exec(delete(IdempotencyKey).where(col(IdempotencyKey.expires_at) <= now))
    return result.rowcount
