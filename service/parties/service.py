"""Use cases of parties: create, keys, channels, and the admission verdict."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, exists
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.api.changes import announce_key_revoked
from service.ids import looks_like_id, new_id
from service.lookup import one_or_404
from service.parties.keys import fingerprint, generate_key, hash_key
from service.parties.models import ApiKey, Channel, Party, PartyKind
from service.problems import Conflict, NotFound
from statemachine import ChannelFacts, CreatorFacts, IneligibilityReason, ineligibility_reasons
from statemachine.credit import credit_year, score

ID_PREFIX = {
    PartyKind.BRAND: "br",
    PartyKind.CREATOR: "cr",
    PartyKind.MCN: "mcn",
    PartyKind.OPS: "ops",
}


async def create_party(session: AsyncSession, kind: PartyKind, name: str, now: datetime) -> Party:
    party = Party(id=new_id(ID_PREFIX[kind]), kind=kind, name=name, created_at=now)
    session.add(party)
    await session.flush()
    return party


async def get_party(session: AsyncSession, party_id: str, kind: PartyKind) -> Party:
    of_kind = col(Party.kind) == kind
    return await one_or_404(
        session, Party, party_id, of_kind, prefix=ID_PREFIX[kind], what=kind.value
    )


async def issue_key(session: AsyncSession, party: Party, now: datetime) -> tuple[ApiKey, str]:
    secret = generate_key()
    key = ApiKey(
        id=new_id("key"),
        party_id=party.id,
        key_hash=hash_key(secret),
        fingerprint=fingerprint(secret),
        created_at=now,
    )
    session.add(key)
    await session.flush()
    return key, secret


async def revoke_key(session: AsyncSession, key_id: str, now: datetime) -> ApiKey:
    key = await session.get(ApiKey, key_id) if looks_like_id(key_id, "key") else None
    if key is None:
        raise NotFound(f"no API key '{key_id}'")
    if key.revoked_at is None:
        key.revoked_at = now
        await session.flush()
        await announce_key_revoked(session, key.key_hash)
    return key


async def _key_holder(session: AsyncSession, digest: str) -> Party | None:
    statement = (
        select(Party)
        .join(ApiKey, col(ApiKey.party_id) == col(Party.id))
        .where(col(ApiKey.key_hash) == digest)
    )
    return (await session.exec(statement)).one_or_none()


async def ensure_bootstrap_ops(session: AsyncSession, secret: str, now: datetime) -> Party:
    """Make sure an ops party authenticates with `secret`; safe to run at every start, also
    by several processes starting at once (the key's unique index picks one creator)."""
    digest = hash_key(secret)
    existing = await _key_holder(session, digest)
    if existing is not None:
        return existing
    try:
        async with session.begin_nested():
            party = await create_party(session, PartyKind.OPS, "bootstrap ops", now)
            session.add(
                ApiKey(
                    id=new_id("key"),
                    party_id=party.id,
                    key_hash=digest,
                    fingerprint=fingerprint(secret),
                    created_at=now,
                )
            )
            await session.flush()
    except IntegrityError:  # another process created it first, and has committed
        holder = await _key_holder(session, digest)
        assert holder is not None
        return holder
    return party


async def add_channel(
    session: AsyncSession, creator: Party, facts: ChannelFacts, handle: str, now: datetime
) -> Channel:
    taken = Conflict(
        f"{facts.platform} account '{handle}' is already registered", code="channel_taken"
    )
    duplicate = (
        await session.exec(
            select(Channel).where(
                col(Channel.platform) == facts.platform, col(Channel.handle) == handle
            )
        )
    ).first()
    if duplicate is not None:
        raise taken
    channel = Channel(
        id=new_id("ch"),
        creator_id=creator.id,
        platform=facts.platform,
        handle=handle,
        followers=facts.followers,
        in_good_standing=facts.in_good_standing,
        created_at=now,
        updated_at=now,
    )
    session.add(channel)
    try:
        await session.flush()
    except IntegrityError:  # a concurrent registration of the same account
        raise taken from None
    return channel


async def get_channel(session: AsyncSession, creator_id: str, channel_id: str) -> Channel:
    return await one_or_404(
        session, Channel, channel_id, col(Channel.creator_id) == creator_id, prefix="ch",
        what=f"channel for creator '{creator_id}'",
    )  # fmt: skip


async def update_channel(
    session: AsyncSession, channel: Channel, changes: dict[str, object], now: datetime
) -> Channel:
    for field, value in changes.items():
        setattr(channel, field, value)
    channel.updated_at = now
    await session.flush()
    return channel


async def list_channels(session: AsyncSession, creator_id: str) -> list[Channel]:
    rows = await session.exec(
        select(Channel).where(col(Channel.creator_id) == creator_id).order_by(col(Channel.id))
    )
    return list(rows)


async def creator_facts(session: AsyncSession, creator: Party, now: datetime) -> CreatorFacts:
    return await standing_of(session, creator.id, now)


def standing_columns(creator_id: Any) -> tuple[Any, Any, Any]:
    """What admission looks at about the creator `creator_id` (a column or a parameter), as
    three columns for any statement: suspended (NULL for no such creator), the points
    deducted in the credit year `year`, under an MCN contract at `now` (parameters)."""
    from service.credit.service import points_deducted
    from service.mcn.service import in_force

    suspended = select(col(Party.order_rights_suspended)).where(
        col(Party.id) == creator_id, col(Party.kind) == PartyKind.CREATOR
    )
    return (
        suspended.scalar_subquery(),
        points_deducted(creator_id, bindparam("year")),
        exists().where(*in_force(creator_id, bindparam("now"))),
    )


def standing_values(now: datetime) -> dict[str, Any]:
    """The parameters `standing_columns` takes."""
    return {"year": credit_year(now), "now": now}


def standing_from(creator_id: str, suspended: Any, deducted: Any, contracted: Any) -> CreatorFacts:
    """The facts from the values of `standing_columns`."""
    if suspended is None:
        raise NotFound(f"no creator '{creator_id}'")
    return CreatorFacts(
        credit_score=score([int(deducted)]),
        order_rights_suspended=bool(suspended),
        under_mcn_contract=bool(contracted),
    )


@lru_cache(maxsize=1)
def _standing() -> Any:
    """`standing_of`'s statement, built once (on first use: its parts import this module)."""
    return select(*standing_columns(bindparam("creator_id")))


async def standing_of(session: AsyncSession, creator_id: str, now: datetime) -> CreatorFacts:
    """What admission looks at about a creator, read in one statement."""
    connection = await session.connection()  # (no ORM entity: Core is cheaper)
    values = {"creator_id": creator_id, **standing_values(now)}
    row = (await connection.execute(_standing(), values)).one()
    return standing_from(creator_id, *row)


async def admission(
    session: AsyncSession,
    creator: Party | str,
    channel: Channel,
    now: datetime,
    standing: CreatorFacts | None = None,
) -> tuple[IneligibilityReason, ...]:
    """Why the creator may not take an order on the channel now (empty: it may);
    `standing` is the creator's, if already read."""
    creator_id = creator if isinstance(creator, str) else creator.id
    facts = standing or await standing_of(session, creator_id, now)
    return ineligibility_reasons(
        facts, ChannelFacts(channel.platform, channel.followers, channel.in_good_standing)
    )
