"""Ops review suspected private deals: list the cases, dismiss or confirm one."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, Field
from sqlmodel import col, select

from service.deps import ClockDep, OpsCaller, Session, SettingsDep
from service.private_deals import service
from service.private_deals.models import CaseStatus, PrivateDealCase
from service.problems import answers
from service.schemas import Reason, StrictBody
from service.uow import Router

router = Router(prefix="/v1/ops", tags=["private deals"])


class CaseDecision(StrictBody):
    reason: Reason | None = None


class PrivateDealCasePublic(BaseModel):
    id: str
    creator_id: str
    channel_id: str
    video_url: str = Field(description="the commercial video with no order behind it")
    status: CaseStatus
    violation_id: str | None = Field(description="the private_deal violation, once confirmed")
    decided_at: datetime | None
    decision_reason: str | None
    opened_at: datetime


def _public(case: PrivateDealCase) -> PrivateDealCasePublic:
    return PrivateDealCasePublic.model_validate(case, from_attributes=True)


@router.get(
    "/private-deal-cases",
    response_model=list[PrivateDealCasePublic],
    openapi_extra=answers(),
    summary="Suspected private deals, oldest first (ops); open ones unless `status` says",
    name="list_private_deal_cases",
)
async def cases(
    _: OpsCaller,
    session: Session,
    status: Annotated[CaseStatus, Query()] = CaseStatus.OPEN,
    starting_after: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> list[PrivateDealCasePublic]:
    statement = select(PrivateDealCase).where(col(PrivateDealCase.status) == status)
    if starting_after:
        statement = statement.where(col(PrivateDealCase.id) > starting_after)
    rows = await session.exec(statement.order_by(col(PrivateDealCase.id)).limit(limit))
    return [_public(c) for c in rows]


def _decision(trigger: str, to: CaseStatus, summary: str) -> None:
    @router.post(
        f"/private-deal-cases/{{case_id}}/{trigger}",
        response_model=PrivateDealCasePublic,
        openapi_extra=answers("case_not_open", "version_conflict"),
        summary=summary,
        name=f"{trigger}_private_deal_case",
    )
    async def decide(
        case_id: str,
        body: CaseDecision,
        caller: OpsCaller,
        session: Session,
        clock: ClockDep,
        settings: SettingsDep,
    ) -> PrivateDealCasePublic:
        case = await service.decide(
            session, case_id, to, (caller.actor, caller.party_id), body.reason, clock.now(),
            settings,
        )  # fmt: skip
        return _public(case)


_decision("dismiss", CaseStatus.DISMISSED, "Ops dismiss a suspected private deal")
_decision(
    "confirm",
    CaseStatus.CONFIRMED,
    "Ops confirm a private deal: a private_deal violation with the case as evidence",
)
