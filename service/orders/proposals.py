"""What proposals by consent share, whatever they propose (a retention period, a
cancellation): one side proposes, a new proposal supersedes a pending one, the other side
accepts within 48 hours or the proposal lapses."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import SQLModel, col, update
from sqlmodel.ext.asyncio.session import AsyncSession

from service.deps import Caller
from service.ids import new_id
from service.orders.models import Order
from service.problems import Conflict, Forbidden
from statemachine.retention import PROPOSAL_LIFETIME, PROPOSALS, ProposalState, effective_state

P = TypeVar("P", bound=SQLModel)


def party_to(order: Order, caller: Caller, what: str) -> None:
    if caller.party_id not in (order.brand_id, order.creator_id):
        raise Forbidden(f"only the order's brand and creator {what}")


async def propose(
    session: AsyncSession, kind: type[P], prefix: str, order: Order, caller: Caller,
    now: Any, **terms: Any,
) -> P:  # fmt: skip
    """A new pending proposal of `kind` by the caller, superseding any still pending."""
    table: Any = kind
    await session.exec(
        update(table)
        .where(col(table.order_id) == order.id, col(table.state) == ProposalState.PENDING)
        .values(state=ProposalState.SUPERSEDED, decided_at=now)
    )
    proposal = kind.model_validate(
        {
            "id": new_id(prefix), "order_id": order.id, "proposed_by": caller.party_id,
            "proposer_kind": caller.kind.value, "state": ProposalState.PENDING,
            "expires_at": now + PROPOSAL_LIFETIME, "created_at": now, **terms,
        }
    )  # fmt: skip
    session.add(proposal)
    await session.flush()
    return proposal


def acceptable(proposal: Any, caller: Caller, now: Any) -> None:
    """Raise unless the caller, the other side, may accept the proposal now."""
    if caller.party_id == proposal.proposed_by:
        raise Forbidden("the other side accepts a proposal, not its author")
    current = effective_state(proposal.state, proposal.expires_at, now)
    if current is ProposalState.LAPSED:
        raise Conflict("the proposal lapsed 48 hours after it was made", code="proposal_lapsed")
    PROPOSALS.advance(current, "accept", caller.actor)
