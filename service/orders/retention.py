"""Retention changes by mutual consent: propose, and the other side accepts within 48 h."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from service.deps import Caller
from service.lookup import one_or_404
from service.orders import proposals, writes
from service.orders.facts import (
    Context,
    due_values,
    next_video_check,
    schedule_of,
    waiting_of,
)
from service.orders.models import Order, RetentionProposal
from service.problems import Conflict, Unprocessable
from statemachine.retention import (
    CHANGEABLE_IN,
    ProposalState,
    too_short,
)


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
    proposals.party_to(order, caller, "change its retention period")
    _check_change(order, retention_days, ctx)
    return await proposals.propose(
        session, RetentionProposal, "rtp", order, caller, ctx.now, retention_days=retention_days
    )


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
    proposals.party_to(order, caller, "change its retention period")
    proposals.acceptable(proposal, caller, ctx.now)
    _check_change(order, proposal.retention_days, ctx)
    proposal.state, proposal.decided_at = ProposalState.ACCEPTED, ctx.now
    values: dict[str, object] = {"retention_days": proposal.retention_days, "updated_at": ctx.now}
    if order.published_at is not None:
        ends = order.published_at + timedelta(days=proposal.retention_days)
        due = replace(schedule_of(order), retention_ends_at=ends)
        values.update(
            video_check_at=next_video_check(ctx.now, order.published_at, ends, ctx.settings),
            **due_values(ctx.machine, order.state, due, order.stage, waiting_of(order)),
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
