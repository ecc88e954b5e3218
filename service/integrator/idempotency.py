"""Idempotency-Key on POST (IETF draft, as Stripe does it).

The key is claimed in the request's own transaction, and the response stored in it before
the one commit, so a key exists exactly when its effects do. A concurrent request with the
same key waits for the first to commit (PostgreSQL holds it on the unique index), then
replays its response; if the first is still running after `XT_IDEMPOTENCY_WAIT_SECONDS`
the second gets 409 with Retry-After. Errors raised as exceptions roll back, key and all,
so a retry runs again.
"""

from __future__ import annotations

import hashlib
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

from service.config import Settings
from service.db import LOCK_TIMEOUT_MS
from service.integrator.models import IdempotencyKey
from service.problems import ProblemError
from service.sql import Direct

HEADER = "idempotency-key"
KEPT_HEADERS = ("content-type", "etag", "location")
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


class KeyReused(ProblemError):
    code = "idempotency_key_reused"


class KeyInFlight(ProblemError):
    code = "idempotency_key_in_flight"


class BadKey(ProblemError):
    code = "invalid_idempotency_key"


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
    session: AsyncSession, request: Request, key: str, settings: Settings, now: datetime
) -> Claim | Response:
    """Claim `key` for this request, or return the stored response to replay.

    On PostgreSQL the claim waits for a lock at most the idempotency wait, and so does every
    other lock the request then waits for (a request that cannot get a row in that time
    answers 503 with Retry-After): the API's connections have that `lock_timeout` from the
    start; on another session's connection the claim sets it for the transaction."""
    if not _KEY.match(key):
        raise BadKey("an Idempotency-Key is 1 to 255 visible ASCII characters")
    owner = hashlib.sha256(request.headers.get("authorization", "").encode()).hexdigest()
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


async def complete(session: AsyncSession, claimed: Claim, response: Response) -> None:
    """Store the response with the claim, in the same transaction as the request's effects."""
    headers = {h: response.headers[h] for h in KEPT_HEADERS if h in response.headers}
    values = {
        "claim_id": claimed.id, "status_code": response.status_code, "headers": headers,
        "body": bytes(response.body),
    }  # fmt: skip
    await _COMPLETE.execute(session, values)


async def forget_expired(session: AsyncSession, now: datetime) -> int:
    result = await session.exec(delete(IdempotencyKey).where(col(IdempotencyKey.expires_at) <= now))
    return result.rowcount
