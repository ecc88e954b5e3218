"""Order use cases: create an order, and what a caller may fire now. Services flush; they
never commit."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, bindparam, exists, select
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

import statemachine as sm
from service.deps import Caller
from service.ids import looks_like_id, new_id
from service.mcn.models import McnContract
from service.mcn.service import in_force
from service.money import order_money
from service.observability import count_transition
from service.orders import proposals, repository, writes
from service.orders.facts import Context, Outside, due_values, order_facts, scheduled
from service.orders.models import Order
from service.orders.schemas import OrderCreate
from service.parties import service as parties
from service.parties.models import Channel, PartyKind
from service.problems import NotFound, Unprocessable
from service.projects import service as projects
from service.projects.models import Project
from service.sql import table_of
from statemachine.pricing import FeePolicy, line_items


@dataclass(frozen=True)
class _Referenced:
    channel: sm.ChannelFacts
    standing: sm.CreatorFacts
    contract: tuple[str, str, int] | None  # (id, MCN, share) in force


@lru_cache(maxsize=1)
def _referenced_statement() -> Any:
    """What creating an order reads, in one statement: the channel (of that creator), the
    creator's standing, the MCN contract in force, and whether the project is the brand's."""
    creator: Any = bindparam("creator_id")
    channel, contract = table_of(Channel), table_of(McnContract)
    project = exists().where(
        col(Project.id) == bindparam("project_id"), col(Project.brand_id) == bindparam("brand_id")
    )
    read = (
        select(
            channel.c.platform,
            channel.c.followers,
            channel.c.in_good_standing,
            channel.c.handle,
            *parties.standing_columns(creator),
            contract.c.id,
            contract.c.mcn_id,
            contract.c.share_bps,
            project,
        )
        .outerjoin(contract, and_(*in_force(channel.c.creator_id, bindparam("now"))))
        .where(channel.c.id == bindparam("channel_id"), channel.c.creator_id == creator)
    )
    return read


async def _referenced(
    session: AsyncSession, caller: Caller, body: OrderCreate, ctx: Context
) -> _Referenced:
    def unknown(detail: str) -> Unprocessable:
        return Unprocessable(detail, code="unknown_reference")

    if not looks_like_id(body.creator_id, "cr"):
        raise unknown(f"no creator '{body.creator_id}'")
    params = {
        "creator_id": body.creator_id, "channel_id": body.channel_id, "brand_id": caller.party_id,
        "project_id": body.project_id, **parties.standing_values(ctx.now),
    }  # fmt: skip
    connection = await session.connection()  # Core: the values, no ORM entity
    rows = (await connection.execute(_referenced_statement(), params)).all()
    if not rows or rows[0][4] is None:  # (no such creator: its suspension reads NULL)
        try:
            await parties.get_party(session, body.creator_id, PartyKind.CREATOR)
        except NotFound as error:
            raise unknown(error.detail) from None
        raise unknown(f"no channel '{body.channel_id}' for creator '{body.creator_id}'")
    platform, followers, good, handle, *standing, contract_id, mcn_id, share, in_project = rows[0]
    if body.project_id is not None and not in_project:
        raise unknown(f"no project '{body.project_id}'")
    channel = sm.ChannelFacts(sm.Platform(platform), followers, bool(good), handle)
    return _Referenced(
        channel,
        parties.standing_from(body.creator_id, *standing),
        (contract_id, mcn_id, share) if contract_id else None,
    )


async def create_order(
    session: AsyncSession, caller: Caller, body: OrderCreate, ctx: Context
) -> Order:
    read = await _referenced(session, caller, body, ctx)
    facts = sm.OrderFacts(None, channel=read.channel, standing=read.standing)
    outcome = ctx.machine.fire("create", facts, sm.Attempt(caller.actor, ctx.now))
    transition = outcome.transition
    contract_id, mcn_id, share_bps = read.contract or (None, None, 0)
    fees = FeePolicy(ctx.settings.brand_fee_bps, ctx.settings.creator_commission_bps)
    items = line_items(body.price_fen, mcn_share_bps=share_bps, policy=fees)
    if body.project_id is not None:
        await projects.reserve(session, body.project_id, caller.party_id, items.brand_total_fen)
    due = scheduled(transition, body, ctx)
    order = Order(
        id=new_id("ord"),
        state=outcome.state,
        stage=outcome.stage,
        version=1,
        brand_id=caller.party_id,
        creator_id=body.creator_id,
        channel_id=body.channel_id,
        project_id=body.project_id,
        retention_days=body.retention_days,
        publish_days=body.publish_days,
        brief=body.brief,
        review=body.review,
        revision_rounds=body.revision_rounds,
        brand_fee_bps=fees.brand_fee_bps,
        creator_commission_bps=fees.creator_commission_bps,
        mcn_id=mcn_id,
        mcn_contract_id=contract_id,
        created_at=ctx.now,
        updated_at=ctx.now,
        **items.model_dump(),
        **due_values(ctx.machine, outcome.state, due),
    )
    step = writes.Step(
        transition.trigger, None, outcome.state, caller.actor, caller.party_id, ctx.now
    )
    money = await order_money.prepare(session, order, transition.money, ctx.now, ctx.settings)
    await writes.create(session, order, step, money)
    count_transition(session, transition.trigger, caller.actor.value)
    return order


async def availability(
    session: AsyncSession, order: Order | repository.ToFire, caller: Caller, ctx: Context
) -> list[sm.Availability]:
    """What the caller may fire now, and why not. Stored facts are read (unless `order` came
    with them); the video platform is not asked (its guards judge by the order's last check)."""
    read = order if isinstance(order, repository.ToFire) else repository.ToFire(order)
    channel = read.channel or await session.get(Channel, read.order.channel_id)
    standing = read.standing or await parties.standing_of(session, read.order.creator_id, ctx.now)
    proposal = await proposals.latest_open(session, read.order.id, ctx.now)
    outside = Outside(offer=proposals.offer_of(proposal))
    facts = order_facts(
        read.order, channel=channel, standing=standing, outside=outside, settings=ctx.settings
    )
    return ctx.machine.availability(facts, sm.Attempt(caller.actor, ctx.now))
