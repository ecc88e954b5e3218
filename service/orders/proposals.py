"""What proposals by consent share, whatever they propose (a retention period, a
cancellation): one side proposes, a new proposal supersedes a pending one, the other side
accepts within 48 hours or the proposal lapses."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import bindparam
from sqlmodel import SQLModel, col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

import statemachine as sm
from service.deps import Caller
from service.ids import new_id
from service.orders.models import CancellationProposal, Order
from service.problems import Conflict, Forbidden
from statemachine.retention import PROPOSAL_LIFETIME, PROPOSALS, ProposalState, effective_state

P = TypeVar("P", bound=SQLModel)


def party_to(order: Order, caller: Caller, what: str) -> None:
    if caller.party_id not in (order.brand_id, order.creator_id):
        raise Forbidden(f"only the order's brand and creator {what}")


async def supersede(session: AsyncSession, kind: type[SQLModel], order_id: str, now: Any) -> None:
    """Every pending proposal of `kind` on the order is superseded (by a new one, or by the
    order leaving the state where it could be accepted)."""
    table: Any = kind
    await session.exec(
        update(table)
        .where(col(table.order_id) == order_id, col(table.state) == ProposalState.PENDING)
        .values(state=ProposalState.SUPERSEDED, decided_at=now)
    )


async def propose(
    session: AsyncSession, kind: type[P], prefix: str, order: Order, caller: Caller,
    now: Any, **terms: Any,
) -> P:  # fmt: skip
    """A new pending proposal of `kind` by the caller, superseding any still pending."""
    await supersede(session, kind, order.id, now)
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


# Cancellation proposals as the machine's guards read them (`sm.Fact.OFFER`).


def _pending(order_id: Any, now: Any) -> Any:
    """Pending, unexpired proposals of the order (values, or parameters)."""
    return select(CancellationProposal).where(
        col(CancellationProposal.order_id) == order_id,
        col(CancellationProposal.state) == ProposalState.PENDING,
        col(CancellationProposal.expires_at) > now,
    )


async def open_one(
    session: AsyncSession, order_id: str, proposal_id: str, now: datetime
) -> CancellationProposal | None:
    """The named proposal to cancel the order, locked, if it is still open."""
    statement = _pending(order_id, now).where(col(CancellationProposal.id) == proposal_id)
    found: CancellationProposal | None = (await session.exec(statement.with_for_update())).first()
    return found


@lru_cache(maxsize=1)
def _latest_open() -> Any:
    """`latest_open`'s statement, built once (every order page and transitions read asks)."""
    pending = _pending(bindparam("order_id"), bindparam("now"))
    return pending.order_by(col(CancellationProposal.created_at).desc()).limit(1)


async def latest_open(
    session: AsyncSession, order_id: str, now: datetime
) -> CancellationProposal | None:
    values = {"order_id": order_id, "now": now}
    found: CancellationProposal | None = (await session.exec(_latest_open(), params=values)).first()
    return found


def offer_of(proposal: CancellationProposal | None) -> sm.Offer | None:
    if proposal is None:
        return None
    return sm.Offer(sm.Actor(proposal.proposer_kind), proposal.compensation_fen)


async def cancellations_of(session: AsyncSession, order_id: str) -> list[CancellationProposal]:
    statement = (
        select(CancellationProposal)
        .where(col(CancellationProposal.order_id) == order_id)
        .order_by(col(CancellationProposal.created_at).desc(), col(CancellationProposal.id))
    )
    return list((await session.exec(statement)).all())
