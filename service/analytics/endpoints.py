"""REST endpoints of data: project summaries, exports and charts, earnings, rosters."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from service.analytics import charts
from service.analytics.earnings import Earnings, Roster, creator_for, earnings, roster
from service.analytics.exports import (
    ORDER_COLUMNS,
    SNAPSHOT_COLUMNS,
    csv_chunks,
    order_rows,
    snapshot_rows,
)
from service.analytics.metrics import SVG_RESPONSE
from service.analytics.summary import ProjectSummary, per_day, summarise
from service.deps import CallerDep, ClockDep, Session, SettingsDep
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
    connection = await session.connection()
    return await summarise(connection, project, orders_limit)


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


def _csv(filename: str, body: AsyncIterator[bytes]) -> StreamingResponse:
    return StreamingResponse(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/csv": {"schema": {"type": "string"}}},
        "description": "UTF-8 with a byte-order mark; text cells starting a formula escaped",
    }
}


@router.get(
    "/projects/{project_id}/orders.csv",
    response_class=StreamingResponse,
    responses=CSV_RESPONSE,
    openapi_extra=answers(),
    summary="A project's orders as CSV, with their latest metrics (brand, ops)",
)
async def export_project_orders(
    project_id: str, caller: CallerDep, session: Session, request: Request, settings: SettingsDep
) -> StreamingResponse:
    project = await project_for(session, caller, project_id)
    rows = order_rows(request.app, project.id, settings.export_batch_rows)
    return _csv(f"{project.id}-orders.csv", csv_chunks(ORDER_COLUMNS, rows))


@router.get(
    "/projects/{project_id}/metrics.csv",
    response_class=StreamingResponse,
    responses=CSV_RESPONSE,
    openapi_extra=answers(),
    summary="Every metrics snapshot of a project's videos as CSV (brand, ops)",
)
async def export_project_metrics(
    project_id: str, caller: CallerDep, session: Session, request: Request, settings: SettingsDep
) -> StreamingResponse:
    project = await project_for(session, caller, project_id)
    rows = snapshot_rows(request.app, project.id, settings.export_batch_rows)
    return _csv(f"{project.id}-metrics.csv", csv_chunks(SNAPSHOT_COLUMNS, rows))


@router.get(
    "/projects/{project_id}/charts/plays.svg",
    response_class=Response,
    responses=SVG_RESPONSE,
    openapi_extra=answers(),
    summary="A chart of a project's plays and engagements per day (SVG; brand, ops)",
)
async def get_project_plays_chart(
    project_id: str, caller: CallerDep, session: Session, settings: SettingsDep
) -> Response:
    project = await project_for(session, caller, project_id)
    days = await per_day(await session.connection(), project.id)
    svg = await run_in_threadpool(
        charts.plays_per_day,
        [d.day for d in days],
        [d.plays for d in days],
        [d.engagements for d in days],
        [d.total_plays for d in days],
        title=f"项目：{project.name} · 每日播放量",
        family=settings.chart_font_family,
    )
    return Response(svg, media_type="image/svg+xml")
