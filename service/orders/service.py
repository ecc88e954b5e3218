"""Order use cases: create an order, and what a caller may fire now. Services flush; they
never commit."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

import statemachine as sm
from service.deps import Caller
from service.ids import new_id
from service.mcn.service import contract_in_force
from service.money import order_money
from service.observability import observe_transition
from service.orders import writes
from service.orders.facts import Context, due_fields, order_facts
from service.orders.models import Order
from service.orders.public import order_event
from service.orders.schemas import OrderCreate
from service.parties import service as parties
from service.parties.models import Channel, Party, PartyKind
from service.problems import NotFound, Unprocessable
from service.projects.endpoints import project_for
from statemachine.pricing import FeePolicy, line_items


async def _referenced(
    session: AsyncSession, caller: Caller, body: OrderCreate
) -> tuple[Party, Channel]:
    try:
        creator = await parties.get_party(session, body.creator_id, PartyKind.CREATOR)
        channel = await parties.get_channel(session, creator.id, body.channel_id)
        if body.project_id is not None:
            await project_for(session, caller, body.project_id)
    except NotFound as error:
        raise Unprocessable(error.detail, code="unknown_reference") from None
    return creator, channel


async def create_order(
    session: AsyncSession, caller: Caller, body: OrderCreate, ctx: Context
) -> Order:
    creator, channel = await _referenced(session, caller, body)
    attempt = sm.Attempt(
        actor=caller.actor,
        now=ctx.now,
        ineligibility=await parties.admission(session, creator, channel, ctx.now),
    )
    facts = sm.OrderFacts(sm.State.REQUESTED, channel.platform, channel.handle)
    transition = sm.check_create(facts, attempt)
    contract = await contract_in_force(session, creator.id, ctx.now)
    items = line_items(
        body.price_fen,
        mcn_share_bps=contract.share_bps if contract else 0,
        policy=FeePolicy(ctx.settings.brand_fee_bps, ctx.settings.creator_commission_bps),
    )
    due = sm.schedule(
        transition.schedules,
        ctx.now,
        publish_days=body.publish_days,
        retention_days=body.retention_days,
        settle_delay=timedelta(seconds=ctx.settings.settle_delay_seconds),
    )
    order = Order(
        id=new_id("ord"),
        state=transition.dest,
        version=1,
        brand_id=caller.party_id,
        creator_id=creator.id,
        channel_id=channel.id,
        project_id=body.project_id,
        retention_days=body.retention_days,
        publish_days=body.publish_days,
        brief=body.brief,
        mcn_id=contract.mcn_id if contract else None,
        mcn_contract_id=contract.id if contract else None,
        created_at=ctx.now,
        updated_at=ctx.now,
        **asdict(items),
        **asdict(due),
        **due_fields(transition.dest, due),
    )
    session.add(order)
    await session.flush()
    await order_money.apply(session, order, transition.money, ctx.now, ctx.settings)
    by = (caller.kind.value, caller.party_id)
    await writes.append_history(
        session, order.id, writes.Entry(transition.trigger, None, transition.dest, by, ctx.now)
    )
    await order_event(session, order, transition.trigger, ctx.now)
    await session.flush()
    observe_transition(transition.trigger, caller.actor.value)
    return order


async def availability(
    session: AsyncSession, order: Order, caller: Caller, ctx: Context
) -> list[sm.Availability]:
    channel = await session.get(Channel, order.channel_id)
    assert channel is not None
    creator = await parties.get_party(session, order.creator_id, PartyKind.CREATOR)
    attempt = sm.Attempt(
        actor=caller.actor,
        now=ctx.now,
        ineligibility=await parties.admission(session, creator, channel, ctx.now),
    )
    return sm.availability(order_facts(order, channel), attempt)
