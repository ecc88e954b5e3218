"""REST endpoints of project data: the summary, exports and charts."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from service.analytics.summary import ProjectSummary, summarise
from service.deps import CallerDep, Session
from service.problems import answers
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
