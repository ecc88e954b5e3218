"""REST endpoints of projects: create, list, read, change."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from sqlmodel import col, select

from service.deps import BrandCaller, CallerDep, ClockDep, Session
from service.ids import new_id
from service.parties.models import PartyKind
from service.problems import answers
from service.projects import service
from service.projects.models import Project
from service.projects.schemas import ProjectCreate, ProjectPage, ProjectPublic, ProjectUpdate
from service.uow import Router

router = Router(prefix="/v1/projects", tags=["projects"])


@router.post(
    "",
    status_code=201,
    response_model=ProjectPublic,
    openapi_extra=answers("project_dates_invalid"),
    summary="Create a project (brand)",
)
async def create_project(
    body: ProjectCreate, caller: BrandCaller, session: Session, clock: ClockDep
) -> ProjectPublic:
    service.check_dates(body.starts_on, body.ends_on)
    project = Project(
        id=new_id("prj"), brand_id=caller.party_id, created_at=clock.now(), **body.model_dump()
    )
    session.add(project)
    await session.flush()
    return service.public(project, 0)


@router.get(
    "",
    response_model=ProjectPage,
    openapi_extra=answers(),
    summary="The caller's projects, newest first (a brand its own, ops all)",
)
async def list_projects(
    caller: CallerDep,
    session: Session,
    archived: bool | None = None,
    starting_after: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> ProjectPage:
    statement = select(Project).order_by(col(Project.id).desc()).limit(limit + 1)
    if caller.kind is not PartyKind.OPS:
        statement = statement.where(col(Project.brand_id) == caller.party_id)
    if archived is not None:
        statement = statement.where(col(Project.archived) == archived)
    if starting_after:
        statement = statement.where(col(Project.id) < starting_after)
    rows = list(await session.exec(statement))
    page, has_more = rows[:limit], len(rows) > limit
    ids = [project.id for project in page]
    spent = await service.committed(session, ids)
    return ProjectPage(
        data=[service.public(project, spent[project.id]) for project in page],
        has_more=has_more,
        next_cursor=page[-1].id if has_more else None,
    )


@router.get(
    "/{project_id}", response_model=ProjectPublic, openapi_extra=answers(), summary="A project"
)
async def get_project(project_id: str, caller: CallerDep, session: Session) -> ProjectPublic:
    project = await service.project_for(session, caller, project_id)
    spent = await service.committed(session, [project.id])
    return service.public(project, spent[project.id])


@router.patch(
    "/{project_id}",
    response_model=ProjectPublic,
    openapi_extra=answers("project_dates_invalid", "budget_below_committed"),
    summary="Rename, budget, date or archive a project (its brand, ops)",
)
async def update_project(
    project_id: str,
    body: ProjectUpdate,
    caller: CallerDep,
    session: Session,
) -> ProjectPublic:
    project = await service.project_for(session, caller, project_id, lock=True)
    changes = body.model_dump(exclude_unset=True)
    spent = await service.update(session, project, changes)
    return service.public(project, spent)
