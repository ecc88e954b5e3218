"""REST endpoints of MCN contracts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from service.deps import Caller, CallerDep, ClockDep, Session, require
from service.mcn import service
from service.mcn.models import McnContract
from service.parties.models import PartyKind
from service.parties.service import get_party
from service.problems import NotFound, Unprocessable, answers
from service.schemas import Reason, Rfc3339, StrictBody, StrictInt
from service.uow import Router
from statemachine.contracts import SHARE_BPS_MAX, ContractState, effective_state

router = Router(prefix="/v1/mcn-contracts", tags=["mcn"])
McnCaller = Annotated[Caller, require(PartyKind.MCN)]
Signatory = Annotated[Caller, require(PartyKind.MCN, PartyKind.CREATOR)]


class ContractCreate(StrictBody):
    creator_id: str = Field(max_length=40)
    share_bps: StrictInt = Field(
        ge=0, le=SHARE_BPS_MAX, description="the MCN's share of the creator's net"
    )
    ends_at: Rfc3339


class ContractEnd(StrictBody):
    reason: Reason | None = None


class ContractPublic(BaseModel):
    id: str
    mcn_id: str
    creator_id: str
    share_bps: int
    ends_at: datetime
    state: ContractState
    accepted_at: datetime | None
    ended_at: datetime | None
    end_reason: str | None
    created_at: datetime


def to_public(contract: McnContract, now: datetime) -> ContractPublic:
    shown = ContractPublic.model_validate(contract, from_attributes=True)
    shown.state = effective_state(contract.state, contract.ends_at, now)
    return shown


@router.post(
    "",
    status_code=201,
    response_model=ContractPublic,
    openapi_extra=answers("unknown_reference", "ends_at_in_past", "contract_conflict"),
    name="create_contract",
)
async def invite(
    body: ContractCreate, caller: McnCaller, session: Session, clock: ClockDep
) -> ContractPublic:
    """An MCN invites a creator; the contract starts when the creator accepts."""
    try:
        creator = await get_party(session, body.creator_id, PartyKind.CREATOR)
    except NotFound as error:
        raise Unprocessable(error.detail, code="unknown_reference") from None
    contract = await service.invite(
        session, caller, creator.id, body.share_bps, body.ends_at, clock.now()
    )
    return to_public(contract, clock.now())


@router.get("", response_model=list[ContractPublic], openapi_extra=answers())
async def list_contracts(
    caller: CallerDep, session: Session, clock: ClockDep
) -> list[ContractPublic]:
    """The caller's contracts (as MCN or creator; ops see all), newest first, up to 100."""
    return [to_public(c, clock.now()) for c in await service.list_contracts(session, caller)]


@router.get("/{contract_id}", response_model=ContractPublic, openapi_extra=answers())
async def get_contract(
    contract_id: str, caller: CallerDep, session: Session, clock: ClockDep
) -> ContractPublic:
    return to_public(await service.contract_for(session, caller, contract_id), clock.now())


def _contract_trigger(trigger: str, summary: str) -> None:
    @router.post(
        f"/{{contract_id}}/{trigger}",
        response_model=ContractPublic,
        openapi_extra=answers("invalid_transition", "contract_conflict", "version_conflict"),
        summary=summary,
        name=f"{trigger}_contract",
    )
    async def fire(
        contract_id: str,
        caller: Signatory,
        session: Session,
        clock: ClockDep,
        body: ContractEnd | None = None,
    ) -> ContractPublic:
        contract = await service.contract_for(session, caller, contract_id, lock=True)
        reason = body.reason if body else None
        contract = await service.fire(session, contract, trigger, caller, reason, clock.now())
        return to_public(contract, clock.now())


_contract_trigger("accept", "The creator accepts; at most one active contract per creator")
_contract_trigger("decline", "The creator declines an invitation")
_contract_trigger("terminate", "Either side ends the contract")
