"""The test clock (dev mode only): ops move the service's time forward, and what became due
fires before the call returns (but what a worker process claimed first, that worker fires).

An advance is one atomic increment of the stored offset, committed with the request's
Idempotency-Key like any other effect: concurrent advances add up, and a retry with the key
moves the clock once. The timers and video checks that became due fire after that commit
(the sweep runs units of work of its own, which must see the new time) and before the
response is sent, on a replay too: a sweep cut short (a deadlock, the process killed) is
finished by the retry, and firing what is due is always safe to repeat.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from service.clock import OffsetClock
from service.deps import Caller, CallerDep, Session
from service.parties.models import PartyKind
from service.problems import NotFound, answers
from service.schemas import StrictBody, StrictInt
from service.timers.models import advance_offset
from service.uow import UnitOfWorkRoute

TEN_YEARS = 10 * 366 * 24 * 3600


class SweepAfterCommit(UnitOfWorkRoute):
    """The unit of work of the advance, then the worker until nothing is due."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        advance = super().get_route_handler()

        async def advance_then_sweep(request: Request) -> Response:
            response = await advance(request)  # committed, or the replay of a committed one
            if response.status_code == 200:
                await request.app.state.worker.run_until_idle()
            return response

        return advance_then_sweep


router = APIRouter(prefix="/v1/dev", tags=["dev"], route_class=SweepAfterCommit)


async def _dev_ops(caller: CallerDep, request: Request) -> Caller:
    """The test clock exists only for ops, and only in dev mode: 404 to everyone else (not
    403, which would say that there is something here), before the body is looked at."""
    if caller.kind is not PartyKind.OPS or not request.app.state.settings.dev_mode:
        raise NotFound("no such route")
    return caller


DevOps = Annotated[Caller, Depends(_dev_ops)]


class ClockAdvance(StrictBody):
    advance_seconds: Annotated[StrictInt, Field(ge=1, le=TEN_YEARS)]


class ClockPublic(BaseModel):
    now: datetime
    offset_seconds: int


@router.post(
    "/clock",
    response_model=ClockPublic,
    openapi_extra=answers("not_found"),
    summary="Advance the test clock (ops, XT_DEV_MODE=true only); due timers fire at once",
    description="404 for everyone but ops, and for everyone when dev mode is off.",
    name="advance_clock",
)
async def advance_clock(
    body: ClockAdvance, _: DevOps, session: Session, request: Request
) -> ClockPublic:
    state = request.app.state
    offset = await advance_offset(session, body.advance_seconds)
    return ClockPublic(
        now=OffsetClock(state.clock, offset).now(), offset_seconds=int(offset.total_seconds())
    )
