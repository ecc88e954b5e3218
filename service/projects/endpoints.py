"""REST endpoints of projects."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from service.deps import BrandCaller, Caller, CallerDep, ClockDep, Session
from service.ids import new_id
from service.lookup import one_or_404
from service.parties.models import PartyKind
from service.problems import answers
from service.projects.models import Project
from service.schemas import Name, StrictBody
from service.uow import Router

router = Router(prefix="/v1/projects", tags=["projects"])


class ProjectCreate(StrictBody):
    name: Name


class ProjectPublic(BaseModel):
    id: str
    brand_id: str
    name: str
    created_at: datetime


async def project_for(session: AsyncSession, caller: Caller, project_id: str) -> Project:
    """The project if the caller may see it; 404 otherwise, so ids leak nothing."""
    own = () if caller.kind is PartyKind.OPS else (col(Project.brand_id) == caller.party_id,)
    return await one_or_404(session, Project, project_id, *own, prefix="prj", what="project")


@router.post("", status_code=201, response_model=ProjectPublic, openapi_extra=answers())
async def create_project(
    body: ProjectCreate, caller: BrandCaller, session: Session, clock: ClockDep
) -> Project:
    project = Project(
        id=new_id("prj"), brand_id=caller.party_id, name=body.name, created_at=clock.now()
    )
    session.add(project)
    await session.flush()
    return project


@router.get("/{project_id}", response_model=ProjectPublic, openapi_extra=answers())
async def get_project(project_id: str, caller: CallerDep, session: Session) -> Project:
    return await project_for(session, caller, project_id)
