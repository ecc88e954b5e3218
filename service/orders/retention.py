"""Retention changes by mutual consent: propose, and the other side accepts within 48 h."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlmodel import col, update
from sqlmodel.ext.asyncio.session import AsyncSession

from service.deps import Caller
from service.ids import new_id
from service.lookup import one_or_404
from service.orders import writes
from service.orders.facts import Context, due_values, next_video_check, schedule_of
from service.orders.models import Order, RetentionProposal
from service.problems import Conflict, Forbidden, Unprocessable
from statemachine.retention import (
    CHANGEABLE_IN,
    PROPOSAL_LIFETIME,
    PROPOSALS,
    ProposalState,
    effective_state,
    too_short,
)


def _party_to(order: Order, caller: Caller) -> None:
    if caller.party_id not in (order.brand_id, order.creator_id):
        raise Forbidden("only the order's brand and creator change its retention period")


def _check_change(order: Order, retention_days: int, ctx: Context) -> None:
    if order.state not in CHANGEABLE_IN:
        raise Conflict(
            f"the retention period of a {order.state} order no longer changes",
            code="invalid_transition",
        )
    if retention_days == order.retention_days:
        raise Unprocessable("that is the period already agreed", code="retention_unchanged")
    if too_short(order.published_at, retention_days, ctx.now):
        raise Unprocessable(
            "the new period would end before the time already elapsed", code="retention_too_short"
        )


async def propose(
    session: AsyncSession, order: Order, caller: Caller, retention_days: int, ctx: Context
) -> RetentionProposal:
    _party_to(order, caller)
    _check_change(order, retention_days, ctx)
    await session.exec(  # a new proposal replaces any still pending
        update(RetentionProposal)
        .where(
            col(RetentionProposal.order_id) == order.id,
            col(RetentionProposal.state) == ProposalState.PENDING,
        )
        .values(state=ProposalState.SUPERSEDED, decided_at=ctx.now)
    )
    proposal = RetentionProposal(
        id=new_id("rtp"),
        order_id=order.id,
        proposed_by=caller.party_id,
        proposer_kind=caller.kind.value,
        retention_days=retention_days,
        state=ProposalState.PENDING,
        expires_at=ctx.now + PROPOSAL_LIFETIME,
        created_at=ctx.now,
    )
    session.add(proposal)
    await session.flush()
    return proposal


async def proposal_for(
    session: AsyncSession, order: Order, proposal_id: str, *, lock: bool = False
) -> RetentionProposal:
    of_order = col(RetentionProposal.order_id) == order.id
    return await one_or_404(
        session, RetentionProposal, proposal_id, of_order, prefix="rtp",
        what="retention proposal on this order", lock=lock,
    )  # fmt: skip


async def accept(
    session: AsyncSession,
    order: Order,
    proposal: RetentionProposal,
    caller: Caller,
    ctx: Context,
) -> Order:
    _party_to(order, caller)
    if caller.party_id == proposal.proposed_by:
        raise Forbidden("the other side accepts a proposal, not its author")
    current = effective_state(proposal.state, proposal.expires_at, ctx.now)
    if current is ProposalState.LAPSED:
        raise Conflict("the proposal lapsed 48 hours after it was made", code="proposal_lapsed")
    PROPOSALS.advance(current, "accept", caller.actor)
    _check_change(order, proposal.retention_days, ctx)
    proposal.state, proposal.decided_at = ProposalState.ACCEPTED, ctx.now
    values: dict[str, object] = {"retention_days": proposal.retention_days, "updated_at": ctx.now}
    if order.published_at is not None:
        ends = order.published_at + timedelta(days=proposal.retention_days)
        due = replace(schedule_of(order), retention_ends_at=ends)
        values.update(
            video_check_at=next_video_check(ctx.now, order.published_at, ends, ctx.settings),
            **due_values(ctx.machine, order.state, due),
        )
    step = writes.Step(
        writes.CHANGE_RETENTION, order.state, order.state, caller.actor, caller.party_id, ctx.now,
        details={
            "from_days": order.retention_days, "to_days": proposal.retention_days,
            "proposal_id": proposal.id,
        },
    )  # fmt: skip
    await writes.write(session, [writes.Change(order, values, step)])
    await session.flush()
    return order
