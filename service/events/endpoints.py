"""The change feed: `GET /v1/events?after=SEQ`, the caller's events in sequence order."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel, Field
from sqlmodel import col, select

from service.deps import CallerDep, Session
from service.events.models import Event, EventAudience
from service.parties.models import PartyKind
from service.problems import answers
from service.schemas import EventType
from service.uow import Router

router = Router(prefix="/v1", tags=["events"])


class EventPublic(BaseModel):
    id: str = Field(description="unique: receivers dedupe by it")
    sequence: int = Field(description="strictly increasing; pass the last one as `after`")
    type: EventType = Field(
        description="order.<trigger>, balance.changed, withdrawal.<state>, message.<step>, "
        "private_deal_case.<step>"
    )
    object_type: str
    object_id: str
    data: dict[str, Any] = Field(description="the object after the change")
    previous: dict[str, Any] = Field(description="the previous values of what changed")
    created_at: datetime


class EventPage(BaseModel):
    data: list[EventPublic]
    has_more: bool
    last_sequence: int | None = Field(description="pass as `after` for what comes next")


def public(event: Event) -> EventPublic:
    return EventPublic(
        id=event.event_id,
        sequence=event.sequence or 0,
        type=event.type,
        object_type=event.object_type,
        object_id=event.object_id,
        data=event.data,
        previous=event.previous,
        created_at=event.created_at,
    )


@router.get(
    "/events",
    response_model=EventPage,
    openapi_extra=answers(),
    summary="The caller's events after a sequence number, oldest first",
)
async def list_events(
    caller: CallerDep,
    session: Session,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> EventPage:
    statement = select(Event).where(col(Event.sequence) > after)
    if caller.kind is not PartyKind.OPS:
        statement = statement.join(
            EventAudience, col(EventAudience.event_id) == col(Event.id)
        ).where(col(EventAudience.party_id) == caller.party_id)
    rows = list(await session.exec(statement.order_by(col(Event.sequence)).limit(limit + 1)))
    shown = [public(e) for e in rows[:limit]]
    return EventPage(
        data=shown,
        has_more=len(rows) > limit,
        last_sequence=shown[-1].sequence if shown else None,
    )
