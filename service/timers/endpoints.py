"""The test clock (dev mode only): ops move the service's time forward, and what became due
fires at once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Request
from pydantic import BaseModel, Field

from service.clock import OffsetClock
from service.deps import OpsCaller, Session
from service.problems import NotFound, responses
from service.schemas import StrictBody, StrictInt
from service.timers.models import DevClock
from service.uow import Router

router = Router(prefix="/v1/dev", tags=["dev"])
TEN_YEARS = 10 * 366 * 24 * 3600


class ClockAdvance(StrictBody):
    advance_seconds: Annotated[StrictInt, Field(ge=1, le=TEN_YEARS)]


class ClockPublic(BaseModel):
    now: datetime
    offset_seconds: int
    timers_fired: int
    videos_checked: int


@router.post(
    "/clock",
    response_model=ClockPublic,
    responses=responses(401, 403, 404, 422),
    summary="Advance the test clock (ops, XT_DEV_MODE=true only); due timers fire at once",
)
async def advance_clock(
    body: ClockAdvance, _: OpsCaller, session: Session, request: Request
) -> ClockPublic:
    state = request.app.state
    if not state.settings.dev_mode:
        raise NotFound("no such route")
    row = await session.get(DevClock, 1)
    if row is None:
        row = DevClock(id=1, offset_seconds=0)
        session.add(row)
    row.offset_seconds += body.advance_seconds
    offset = row.offset_seconds
    # The sweep below runs its own units of work, which must see the new time.
    await session.commit()
    swept = await state.worker.run_until_idle()
    return ClockPublic(
        now=OffsetClock(state.clock, timedelta(seconds=offset)).now(),
        offset_seconds=offset,
        timers_fired=swept.timers,
        videos_checked=swept.videos,
    )
