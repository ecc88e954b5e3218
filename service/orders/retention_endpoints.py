"""REST endpoints of retention changes by mutual consent."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from service.deps import CallerDep, Session
from service.orders import repository, retention
from service.orders.endpoints import ContextDep
from service.orders.models import RetentionProposal
from service.orders.public import to_public
from service.orders.schemas import OrderPublic
from service.problems import answers
from service.schemas import StrictBody, StrictInt
from service.uow import Router
from statemachine import terms
from statemachine.retention import ProposalState, effective_state

router = Router(prefix="/v1/orders", tags=["orders"])


class ProposalCreate(StrictBody):
    retention_days: Annotated[
        StrictInt, Field(ge=terms.RETENTION_DAYS_MIN, le=terms.RETENTION_DAYS_MAX)
    ]


class ProposalPublic(BaseModel):
    id: str
    order_id: str
    proposed_by: str
    proposer_kind: str
    retention_days: int
    state: ProposalState
    expires_at: datetime
    created_at: datetime


def _public(proposal: RetentionProposal, now: datetime) -> ProposalPublic:
    shown = ProposalPublic.model_validate(proposal, from_attributes=True)
    shown.state = effective_state(proposal.state, proposal.expires_at, now)
    return shown


@router.post(
    "/{order_id}/retention-proposals",
    status_code=201,
    response_model=ProposalPublic,
    openapi_extra=answers("invalid_transition", "retention_unchanged", "retention_too_short"),
    summary="Propose a new retention period; the other side has 48 hours to accept",
    name="propose_retention",
)
async def propose(
    order_id: str, body: ProposalCreate, caller: CallerDep, session: Session, ctx: ContextDep
) -> ProposalPublic:
    order = await repository.order_for(session, caller, order_id, ctx.now, lock=True)
    proposal = await retention.propose(session, order, caller, body.retention_days, ctx)
    return _public(proposal, ctx.now)


@router.post(
    "/{order_id}/retention-proposals/{proposal_id}/accept",
    response_model=OrderPublic,
    openapi_extra=answers(
        "invalid_transition", "proposal_lapsed", "retention_too_short", "version_conflict"
    ),
    summary="Accept the other side's proposal: the order's period and due times change",
    name="accept_retention_proposal",
)
async def accept(
    order_id: str, proposal_id: str, caller: CallerDep, session: Session, ctx: ContextDep
) -> OrderPublic:
    order = await repository.order_for(session, caller, order_id, ctx.now, lock=True)
    proposal = await retention.proposal_for(session, order, proposal_id, lock=True)
    return to_public(await retention.accept(session, order, proposal, caller, ctx))
