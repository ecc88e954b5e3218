"""REST endpoints of drafts (the review's record) and of cancellation by consent. The
review's triggers themselves are rows of the table (`POST /v1/orders/{id}/submit_script`, …)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from service.deps import CallerDep, ClockDep, Session
from service.orders import cancellation, drafts, repository
from service.orders.endpoints import ContextDep
from service.orders.models import CancellationProposal
from service.orders.public import to_public
from service.orders.schemas import DraftPublic, OrderPublic
from service.problems import answers
from service.schemas import Reason, StrictBody, StrictInt
from service.uow import Router
from statemachine import terms
from statemachine.retention import ProposalState, effective_state

router = Router(prefix="/v1/orders", tags=["orders"])


@router.get(
    "/{order_id}/drafts",
    response_model=list[DraftPublic],
    openapi_extra=answers(),
    summary="Every draft sent and every piece of feedback, in order, with its round",
    name="list_order_drafts",
)
async def list_drafts(
    order_id: str, caller: CallerDep, session: Session, clock: ClockDep
) -> list[DraftPublic]:
    order = await repository.order_for(session, caller, order_id, clock.now())
    return [
        DraftPublic.model_validate(row, from_attributes=True)
        for row in await drafts.drafts_of(session, order.id)
    ]


class CancellationCreate(StrictBody):
    reason: Reason
    compensation_fen: Annotated[StrictInt, Field(ge=0, le=terms.PRICE_FEN_MAX)] = Field(
        0, description="what the creator side is paid from escrow; at most the price"
    )


class CancellationPublic(BaseModel):
    id: str
    order_id: str
    proposed_by: str
    proposer_kind: str
    reason: str
    compensation_fen: int
    state: ProposalState
    expires_at: datetime
    created_at: datetime


def _public(proposal: CancellationProposal, now: datetime) -> CancellationPublic:
    shown = CancellationPublic.model_validate(proposal, from_attributes=True)
    shown.state = effective_state(proposal.state, proposal.expires_at, now)
    return shown


@router.post(
    "/{order_id}/cancellation-proposals",
    status_code=201,
    response_model=CancellationPublic,
    openapi_extra=answers("invalid_transition", "invalid_value"),
    summary="Propose to cancel an accepted order; the other side has 48 hours to accept",
    name="propose_cancellation",
)
async def propose(
    order_id: str, body: CancellationCreate, caller: CallerDep, session: Session, ctx: ContextDep
) -> CancellationPublic:
    order = await repository.order_for(session, caller, order_id, ctx.now, lock=True)
    proposal = await cancellation.propose(
        session, order, caller, body.reason, body.compensation_fen, ctx
    )
    return _public(proposal, ctx.now)


@router.get(
    "/{order_id}/cancellation-proposals",
    response_model=list[CancellationPublic],
    openapi_extra=answers(),
    summary="The order's proposals to cancel, newest first",
    name="list_cancellation_proposals",
)
async def list_proposals(
    order_id: str, caller: CallerDep, session: Session, clock: ClockDep
) -> list[CancellationPublic]:
    now = clock.now()
    order = await repository.order_for(session, caller, order_id, now)
    return [_public(p, now) for p in await drafts.proposals_of(session, order.id)]


@router.post(
    "/{order_id}/cancellation-proposals/{proposal_id}/accept",
    response_model=OrderPublic,
    openapi_extra=answers(
        "invalid_transition",
        "stage_mismatch",
        "proposal_lapsed",
        "no_cancellation_offer",
        "escrow_mismatch",
        "version_conflict",
    ),
    summary="Accept the other side's proposal: the order is refunded less the compensation",
    name="accept_cancellation_proposal",
)
async def accept(
    order_id: str, proposal_id: str, caller: CallerDep, session: Session, ctx: ContextDep
) -> OrderPublic:
    order = await repository.order_for(session, caller, order_id, ctx.now, lock=True)
    proposal = await cancellation.proposal_for(session, order, proposal_id, lock=True)
    return to_public(await cancellation.accept(session, order, proposal, caller, ctx))
