"""Request dependencies: the unit of work, the clock, settings and the authenticated caller."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from sqlalchemy import bindparam
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.api.caches import ProcessCache
from service.clock import Clock, OffsetClock
from service.config import Settings
from service.parties.keys import bearer_token, hash_key
from service.parties.models import ApiKey, Party, PartyKind
from service.problems import Forbidden, Unauthenticated
from service.timers.models import clock_offset
from statemachine import Actor


async def _session(request: Request) -> AsyncSession:
    """The request's unit of work, opened and committed by `service.uow.UnitOfWorkRoute`."""
    session: AsyncSession = request.state.db_session
    return session


Session = Annotated[AsyncSession, Depends(_session)]


async def _clock(request: Request) -> Clock:
    """The service's clock; in dev mode, moved by the test clock's stored offset."""
    clock: Clock = request.app.state.clock
    if request.app.state.settings.dev_mode:
        return OffsetClock(clock, await clock_offset(request.state.db_session))
    return clock


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


ClockDep = Annotated[Clock, Depends(_clock)]
SettingsDep = Annotated[Settings, Depends(_settings)]


@dataclass(frozen=True)
class Caller:
    party_id: str
    kind: PartyKind
    key_id: str = ""  # the API key it authenticated with ("" for the system itself)

    @property
    def actor(self) -> Actor:
        return Actor(self.kind.value)


_KEY_OWNER = (
    select(col(Party.id), col(Party.kind), col(ApiKey.id))
    .join(ApiKey, col(ApiKey.party_id) == col(Party.id))
    .where(col(ApiKey.key_hash) == bindparam("key_hash"), col(ApiKey.revoked_at).is_(None))
)


async def _caller(request: Request) -> Caller:
    token = bearer_token(request.headers.get("authorization", ""))
    if token is None:
        raise Unauthenticated("send an API key as 'Authorization: Bearer <key>'")
    digest = hash_key(token)
    owners: ProcessCache[Caller] = request.app.state.key_owners
    known = owners.get(digest)
    if known is None:
        since = owners.begin()
        session: AsyncSession = request.state.db_session  # the request's unit of work
        row = (await session.exec(_KEY_OWNER, params={"key_hash": digest})).first()
        if row is None:
            raise Unauthenticated("the API key is unknown or revoked")
        known = Caller(row[0], PartyKind(row[1]), row[2])
        owners.put(digest, known, since)
    request.state.caller = known  # for the Idempotency-Key, claimed once the caller may call
    return known


CallerDep = Annotated[Caller, Depends(_caller)]


def needs_caller(dependant: Dependant) -> bool:
    """Whether a route authenticates its caller (somewhere among its dependencies)."""
    return dependant.call is _caller or any(needs_caller(d) for d in dependant.dependencies)


def require(*kinds: PartyKind) -> object:
    async def _check(caller: CallerDep) -> Caller:
        if caller.kind not in kinds:
            allowed = ", ".join(k.value for k in kinds)
            raise Forbidden(f"only {allowed} may do this, not a {caller.kind.value}")
        return caller

    return Depends(_check)


OpsCaller = Annotated[Caller, require(PartyKind.OPS)]
BrandCaller = Annotated[Caller, require(PartyKind.BRAND)]
