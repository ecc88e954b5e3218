"""REST endpoints of credit: violations, appeals, decisions, suspensions."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from service.credit import service
from service.credit.models import Violation
from service.deps import Caller, CallerDep, ClockDep, OpsCaller, Session, SettingsDep
from service.orders.models import Order
from service.parties.models import PartyKind
from service.parties.service import get_party
from service.problems import Forbidden, NotFound, Unprocessable, answers
from service.schemas import Reason, StrictBody
from service.uow import Router
from statemachine import Actor
from statemachine.credit import OPS_RECORDED, ViolationKind, ViolationStatus, credit_year

router = Router(prefix="/v1", tags=["credit"])


class ViolationCreate(StrictBody):
    creator_id: str = Field(max_length=40)
    kind: ViolationKind = Field(description="ops record private_deal or platform_account_violation")
    evidence: Reason
    order_id: str | None = Field(None, max_length=40)


class Decision(StrictBody):
    reason: Reason


class ViolationPublic(BaseModel):
    id: str
    creator_id: str
    kind: ViolationKind
    points: int
    year: int
    order_id: str | None
    evidence: str | None
    status: ViolationStatus
    appeal: str | None
    decision_reason: str | None
    created_at: datetime


class CreditPublic(BaseModel):
    creator_id: str
    year: int
    credit_score: int
    order_rights: bool = Field(description="may receive and accept orders")
    order_rights_suspended: bool
    violations: list[ViolationPublic]


def _public(violation: Violation) -> ViolationPublic:
    return ViolationPublic.model_validate(violation, from_attributes=True)


def _who(caller: Caller) -> service.Who:
    return (caller.actor, caller.party_id)


@router.get(
    "/creators/{creator_id}/violations",
    response_model=CreditPublic,
    openapi_extra=answers(),
    summary="A creator's violations and current credit score (ops, or the creator)",
    name="get_creator_credit",
)
async def creator_violations(
    creator_id: str, caller: CallerDep, session: Session, clock: ClockDep
) -> CreditPublic:
    if caller.kind is not PartyKind.OPS and caller.party_id != creator_id:
        raise NotFound(f"no creator '{creator_id}'")
    creator = await get_party(session, creator_id, PartyKind.CREATOR)
    points = await service.credit_score(session, creator.id, clock.now())
    return CreditPublic(
        creator_id=creator.id,
        year=credit_year(clock.now()),
        credit_score=points,
        order_rights=points > 0 and not creator.order_rights_suspended,
        order_rights_suspended=creator.order_rights_suspended,
        violations=[_public(v) for v in await service.violations_of(session, creator.id)],
    )


@router.post(
    "/violations",
    status_code=201,
    response_model=ViolationPublic,
    openapi_extra=answers("kind_not_recordable", "unknown_reference"),
    summary="Record a violation (ops): private_deal or platform_account_violation",
    name="record_violation",
)
async def record(
    body: ViolationCreate,
    caller: OpsCaller,
    session: Session,
    clock: ClockDep,
    settings: SettingsDep,
) -> ViolationPublic:
    if body.kind not in OPS_RECORDED:
        raise Unprocessable(
            f"'{body.kind}' is recorded by the order machine, not by hand",
            code="kind_not_recordable",
        )
    try:
        creator = await get_party(session, body.creator_id, PartyKind.CREATOR)
    except NotFound as error:
        raise Unprocessable(error.detail, code="unknown_reference") from None
    if body.order_id is not None:
        order = await session.get(Order, body.order_id)
        if order is None or order.creator_id != creator.id:
            raise Unprocessable(
                f"no order '{body.order_id}' of this creator", code="unknown_reference"
            )
    violation = await service.record_violation(
        session, creator.id, body.kind, _who(caller), clock.now(), settings,
        order_id=body.order_id, evidence=body.evidence,
    )  # fmt: skip
    return _public(violation)


def _decision(trigger: str, summary: str) -> None:
    @router.post(
        f"/violations/{{violation_id}}/{trigger}",
        response_model=ViolationPublic,
        openapi_extra=answers("invalid_transition", "version_conflict"),
        summary=summary,
        name=f"{trigger}_violation",
    )
    async def decide(
        violation_id: str, body: Decision, caller: CallerDep, session: Session, clock: ClockDep
    ) -> ViolationPublic:
        if caller.kind not in (PartyKind.OPS, PartyKind.CREATOR):
            raise Forbidden(f"a {caller.kind.value} may never {trigger} a violation")
        own = caller.party_id if caller.kind is PartyKind.CREATOR else None
        violation = await service.violation_for(session, violation_id, own, lock=True)
        decided = await service.decide(
            session, violation, trigger, _who(caller), body.reason, clock.now()
        )
        return _public(decided)


_decision("appeal", "The creator appeals a violation, once (e.g. force majeure)")
_decision("uphold", "Ops uphold an appealed violation")
_decision("revoke", "Ops revoke a violation; its points come back")


class SuspensionLifted(BaseModel):
    creator_id: str
    order_rights_suspended: bool


@router.post(
    "/creators/{creator_id}/lift-suspension",
    status_code=200,
    response_model=SuspensionLifted,
    openapi_extra=answers("not_suspended"),
    summary="Ops lift a suspension of order rights, with a reason",
)
async def lift_suspension(
    creator_id: str, body: Decision, caller: OpsCaller, session: Session, clock: ClockDep
) -> SuspensionLifted:
    creator = await get_party(session, creator_id, PartyKind.CREATOR)
    await service.set_suspension(session, creator, False, body.reason, _who(caller), clock.now())
    return SuspensionLifted(
        creator_id=creator.id, order_rights_suspended=creator.order_rights_suspended
    )


__all__ = ["Actor", "router"]
