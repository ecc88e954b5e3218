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

from fastapi import Request, Response
from sqlalchemy import delete, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.config import Settings
from service.integrator.models import IdempotencyKey
from service.problems import ProblemError

HEADER = "idempotency-key"
KEPT_HEADERS = ("content-type", "etag", "location")
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


class KeyReused(ProblemError):
    status, code, title = 422, "idempotency_key_reused", "Idempotency key reused"


class KeyInFlight(ProblemError):
    status, code, title = 409, "idempotency_key_in_flight", "A request with this key is running"


class BadKey(ProblemError):
    status, code, title = 400, "invalid_idempotency_key", "Invalid Idempotency-Key"


@dataclass(frozen=True)
class Claim:
    owner: str
    key: str
    fingerprint: str


async def claim(
    session: AsyncSession, request: Request, key: str, settings: Settings, now: datetime
) -> Claim | Response:
    """Claim `key` for this request, or return the stored response to replay."""
    if not _KEY.match(key):
        raise BadKey("an Idempotency-Key is 1 to 255 visible ASCII characters")
    owner = hashlib.sha256(request.headers.get("authorization", "").encode()).hexdigest()
    body = await request.body()
    target = request.url.path + ("?" + request.url.query if request.url.query else "")
    fingerprint = hashlib.sha256(f"{request.method} {target}\n".encode() + body).hexdigest()
    found = Claim(owner, key, fingerprint)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    if dialect == "postgresql":
        wait_ms = int(settings.idempotency_wait_seconds * 1000)
        await session.exec(text(f"SET LOCAL lock_timeout = {wait_ms}"))  # type: ignore[call-overload]
    await session.exec(  # drop an expired record of the same key: the key is free again
        delete(IdempotencyKey).where(
            col(IdempotencyKey.owner) == owner,
            col(IdempotencyKey.key) == key,
            col(IdempotencyKey.expires_at) <= now,
        )
    )
    try:
        inserted = await session.exec(
            insert(IdempotencyKey)
            .values(
                owner=owner, key=key, fingerprint=fingerprint, status_code=0, headers={},
                body=b"", created_at=now,
                expires_at=now + timedelta(hours=settings.idempotency_ttl_hours),
            )
            .on_conflict_do_nothing(index_elements=["owner", "key"])
            .returning(col(IdempotencyKey.id))
        )  # fmt: skip
        claimed = inserted.first() is not None
    except DBAPIError as error:
        if "lock" in str(error.orig).lower():
            raise KeyInFlight(
                "a request with this Idempotency-Key is still running; retry shortly",
                headers={"Retry-After": "1"},
            ) from None
        raise
    if dialect == "postgresql":
        await session.exec(text("SET LOCAL lock_timeout = DEFAULT"))  # type: ignore[call-overload]
    if claimed:
        return found
    stored = (
        await session.exec(
            select(IdempotencyKey).where(
                col(IdempotencyKey.owner) == owner, col(IdempotencyKey.key) == key
            )
        )
    ).one()
    if stored.fingerprint != fingerprint:
        raise KeyReused("this Idempotency-Key was used with another request")
    return Response(
        content=stored.body,
        status_code=stored.status_code,
        headers={**stored.headers, "Idempotent-Replayed": "true"},
    )


async def complete(session: AsyncSession, claimed: Claim, response: Response) -> None:
    """Store the response with the claim, in the same transaction as the request's effects."""
    stored = (
        await session.exec(
            select(IdempotencyKey).where(
                col(IdempotencyKey.owner) == claimed.owner, col(IdempotencyKey.key) == claimed.key
            )
        )
    ).one()
    stored.status_code = response.status_code
    stored.headers = {h: response.headers[h] for h in KEPT_HEADERS if h in response.headers}
    stored.body = bytes(response.body)
    await session.flush()


async def forget_expired(session: AsyncSession, now: datetime) -> int:
    result = await session.exec(delete(IdempotencyKey).where(col(IdempotencyKey.expires_at) <= now))
    return result.rowcount
