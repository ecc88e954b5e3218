"""REST endpoints of data: project summaries, exports and charts, earnings, rosters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from service.analytics.earnings import Earnings, Roster, creator_for, earnings, roster
from service.analytics.summary import ProjectSummary, summarise
from service.deps import CallerDep, ClockDep, Session
from service.parties.models import PartyKind
from service.parties.service import get_party
from service.problems import NotFound, answers
from service.projects.service import project_for
from service.uow import Router

router = Router(prefix="/v1", tags=["data"])


@router.get(
    "/projects/{project_id}/summary",
    response_model=ProjectSummary,
    openapi_extra=answers(),
    summary="A project's summary: orders by state, money, metrics, plays per day (brand, ops)",
)
async def get_project_summary(
    project_id: str,
    caller: CallerDep,
    session: Session,
    orders_limit: Annotated[int, Query(ge=0, le=1_000)] = 100,
) -> ProjectSummary:
    project = await project_for(session, caller, project_id)
    return await summarise(await session.connection(), project, orders_limit)


@router.get(
    "/creators/{creator_id}/earnings",
    response_model=Earnings,
    openapi_extra=answers(),
    summary="A creator's earnings by month (that creator, an MCN that signed it, ops)",
)
async def get_creator_earnings(
    creator_id: str, caller: CallerDep, session: Session, clock: ClockDep
) -> Earnings:
    creator = await creator_for(session, caller, creator_id, clock.now())
    return await earnings(session, creator)


@router.get(
    "/mcns/{mcn_id}/roster",
    response_model=Roster,
    openapi_extra=answers(),
    summary="An MCN's signed creators, their orders and the share earned (that MCN, ops)",
)
async def get_mcn_roster(
    mcn_id: str, caller: CallerDep, session: Session, clock: ClockDep
) -> Roster:
    if caller.kind is not PartyKind.OPS and caller.party_id != mcn_id:
        raise NotFound(f"no mcn '{mcn_id}'")
    mcn = await get_party(session, mcn_id, PartyKind.MCN)
    return await roster(session, mcn, clock.now())
