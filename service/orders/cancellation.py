"""Cancelling an accepted order by consent (product.md §10): one side proposes, naming what it
pays the creator; the other accepts within 48 hours, which fires `accept_cancellation`."""

from __future__ import annotations

from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

import statemachine as sm
from service.deps import Caller
from service.lookup import one_or_404
from service.orders import proposals, transitions
from service.orders.facts import Context
from service.orders.models import CancellationProposal, Order
from service.orders.schemas import TriggerBody
from service.problems import Conflict, Unprocessable


async def propose(
    session: AsyncSession,
    order: Order,
    caller: Caller,
    reason: str,
    compensation_fen: int,
    ctx: Context,
) -> CancellationProposal:
    """A new proposal replaces one still pending."""
    proposals.party_to(order, caller, "cancel it by consent")
    if order.state is not sm.State.ACCEPTED:
        raise Conflict(
            f"only an accepted order is cancelled by consent, not a {order.state} one",
            code="invalid_transition",
            state=order.state.value,
            allowed_triggers=ctx.machine.allowed_triggers(order.state, caller.actor, order.stage),
        )
    if compensation_fen > order.price_fen:
        raise Unprocessable(
            f"the compensation ({compensation_fen} fen) is more than the price "
            f"({order.price_fen} fen)",
            code="invalid_value",
        )
    return await proposals.propose(
        session, CancellationProposal, "ccp", order, caller, ctx.now, reason=reason,
        compensation_fen=compensation_fen,
    )  # fmt: skip


async def proposal_for(
    session: AsyncSession, order: Order, proposal_id: str, *, lock: bool = False
) -> CancellationProposal:
    of_order = col(CancellationProposal.order_id) == order.id
    return await one_or_404(
        session, CancellationProposal, proposal_id, of_order, prefix="ccp",
        what="cancellation proposal on this order", lock=lock,
    )  # fmt: skip


async def accept(
    session: AsyncSession,
    order: Order,
    proposal: CancellationProposal,
    caller: Caller,
    ctx: Context,
) -> Order:
    """The other side accepts this proposal: `accept_cancellation` fires with it."""
    proposals.party_to(order, caller, "cancel it by consent")
    proposals.acceptable(proposal, caller, ctx.now)
    body = TriggerBody(reason=proposal.reason)
    return await transitions.fire(
        session, order, "accept_cancellation", caller.actor, caller.party_id, body, ctx,
        proposal=proposal,
    )  # fmt: skip
