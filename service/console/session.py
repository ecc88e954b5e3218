"""The console's session: a signed, HttpOnly cookie holding the API key it signed in with;
a double-submit CSRF token; the idempotency token each action form carries."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qsl

from fastapi import Request, Response
from sqlalchemy import bindparam
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.parties.keys import hash_key
from service.parties.models import ApiKey, Party, PartyKind

SESSION_COOKIE = "xt_console"
CSRF_COOKIE = "xt_csrf"
LANG_COOKIE = "xt_lang"


@dataclass(frozen=True)
class Who:
    key: str
    party_id: str
    kind: PartyKind
    name: str
    key_id: str


def _secret(request: Request) -> bytes:
    secret: bytes = request.app.state.console_secret
    return secret


def _sign(secret: bytes, value: str) -> str:
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()


def seal(request: Request, key: str) -> str:
    encoded = base64.urlsafe_b64encode(key.encode()).decode()
    return f"{encoded}.{_sign(_secret(request), encoded)}"


def unseal(request: Request) -> str | None:
    sealed = request.cookies.get(SESSION_COOKIE, "")
    encoded, _, signature = sealed.partition(".")
    if not encoded or not hmac.compare_digest(signature, _sign(_secret(request), encoded)):
        return None
    try:
        return base64.urlsafe_b64decode(encoded.encode()).decode()
    except ValueError:
        return None


def _secure(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "")
    return request.url.scheme == "https" or forwarded == "https"


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(
        name, value, httponly=True, samesite="lax", secure=_secure(request), path="/console"
    )


# The party and key a key hash names, if the key is not revoked (built once: every page asks).
_KEY_OWNER = (
    select(col(Party.id), col(Party.kind), col(Party.name), col(ApiKey.id))
    .join(ApiKey, col(ApiKey.party_id) == col(Party.id))
    .where(col(ApiKey.key_hash) == bindparam("key_hash"), col(ApiKey.revoked_at).is_(None))
)


async def who(request: Request, key: str | None = None) -> Who | None:
    """The party whose key the session holds (or `key`), or None (no session, or the key
    is unknown or revoked)."""
    async with request.app.state.db.session() as db:
        return await who_in(db, request, key)


async def who_in(db: AsyncSession, request: Request, key: str | None = None) -> Who | None:
    """`who`, read in a unit of work the page already holds."""
    key = key or unseal(request)
    if key is None:
        return None
    row = (await db.exec(_KEY_OWNER, params={"key_hash": hash_key(key)})).first()
    if row is None:
        return None
    return Who(key, row[0], PartyKind(row[1]), row[2], row[3])


def csrf_token(request: Request) -> str:
    """The token the page's forms carry; set as a cookie by `remember_csrf` if it is new."""
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not token:
        token = secrets.token_urlsafe(24)
        request.state.new_csrf = token
    return token


def remember_csrf(request: Request, response: Response) -> None:
    new = getattr(request.state, "new_csrf", None)
    if new:
        set_cookie(request, response, CSRF_COOKIE, new)


def csrf_ok(request: Request, sent: str | None) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    return bool(cookie) and bool(sent) and hmac.compare_digest(cookie, sent or "")


def action_token() -> str:
    """An Idempotency-Key for one rendered form: submitting it twice acts once."""
    return "console-" + secrets.token_urlsafe(18)


async def form_of(request: Request) -> dict[str, str]:
    """A posted urlencoded form, first value of each field, each cut to 20,000 characters
    (the API then applies its own limits)."""
    body = (await request.body()).decode("utf-8", errors="replace")
    fields: dict[str, str] = {}
    for name, value in parse_qsl(body, keep_blank_values=True):
        fields.setdefault(name[:100], value[:20_000])
    return fields
