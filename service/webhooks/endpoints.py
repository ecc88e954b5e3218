"""REST endpoints of webhook endpoints: subscribe, inspect, see attempts, replay, re-enable."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query, Request
from pydantic import BaseModel, Field, StringConstraints
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.api import idempotency
from service.deps import Caller, ClockDep, Session, require
from service.events.models import Event
from service.ids import new_id
from service.lookup import one_or_404
from service.parties.models import PartyKind
from service.problems import Unprocessable, answers
from service.schemas import StrictBody, StrictInt
from service.uow import Router
from service.webhooks import destinations
from service.webhooks.delivery import enqueue
from service.webhooks.models import WebhookAttempt, WebhookEndpoint
from service.webhooks.signing import new_secret

router = Router(prefix="/v1/webhook-endpoints", tags=["webhooks"])
Subscriber = Annotated[Caller, require(PartyKind.BRAND, PartyKind.CREATOR, PartyKind.MCN)]
EventType = Annotated[
    str, StringConstraints(pattern=r"^(\*|[a-z_]+\.(\*|[a-z_]+))$", max_length=64)
]
REPLAY_LIMIT = 10_000


class EndpointCreate(StrictBody):
    url: str = Field(max_length=2000)
    event_types: list[EventType] = Field(default_factory=lambda: ["*"], min_length=1, max_length=50)


class EndpointPublic(BaseModel):
    id: str
    url: str
    event_types: list[str]
    enabled: bool
    disabled_reason: str | None
    delivered_through_sequence: int
    created_at: datetime


class EndpointCreated(EndpointPublic):
    secret: str | None = Field(
        description=(
            "whsec_…: verify signatures with it; shown only now. A replay of this response "
            "(`Idempotent-Replayed: true`) has `null`: the secret is not stored with it"
        )
    )


class AttemptPublic(BaseModel):
    id: int
    event_id: str
    at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int


class Replay(StrictBody):
    after_sequence: Annotated[StrictInt, Field(ge=0, le=2**62)]


def _public(endpoint: WebhookEndpoint) -> EndpointPublic:
    return EndpointPublic(
        **endpoint.model_dump(exclude={"cursor", "secret"}),
        delivered_through_sequence=endpoint.cursor,
    )


async def _own(session: AsyncSession, caller: Caller, endpoint_id: str) -> WebhookEndpoint:
    own = col(WebhookEndpoint.owner_id) == caller.party_id
    return await one_or_404(
        session, WebhookEndpoint, endpoint_id, own, prefix="we", what="webhook endpoint"
    )


@router.post(
    "",
    status_code=201,
    response_model=EndpointCreated,
    openapi_extra=answers("webhook_url_refused"),
    name="create_webhook_endpoint",
)
async def create_endpoint(
    body: EndpointCreate, caller: Subscriber, session: Session, request: Request, clock: ClockDep
) -> EndpointCreated:
    """Subscribe a URL to the caller's events; signed per Standard Webhooks."""
    try:
        await destinations.check(body.url, allow_internal=request.app.state.settings.dev_mode)
    except destinations.Refused as refused:
        raise Unprocessable(str(refused), code="webhook_url_refused") from None
    now = clock.now()
    newest = (await session.exec(select(func.coalesce(func.max(Event.sequence), 0)))).one()
    endpoint = WebhookEndpoint(
        id=new_id("we"),
        owner_id=caller.party_id,
        url=body.url,
        event_types=body.event_types,
        secret=new_secret(),
        cursor=newest or 0,
        created_at=now,
        updated_at=now,
    )  # fmt: skip  (events from now on; older ones by replay)
    session.add(endpoint)
    await session.flush()
    idempotency.not_stored(request, "secret")
    return EndpointCreated(**_public(endpoint).model_dump(), secret=endpoint.secret)


@router.get(
    "",
    response_model=list[EndpointPublic],
    openapi_extra=answers(),
    name="list_webhook_endpoints",
)
async def list_endpoints(caller: Subscriber, session: Session) -> list[EndpointPublic]:
    rows = await session.exec(
        select(WebhookEndpoint).where(col(WebhookEndpoint.owner_id) == caller.party_id)
    )
    return [_public(e) for e in rows]


@router.get(
    "/{endpoint_id}",
    response_model=EndpointPublic,
    openapi_extra=answers(),
    name="get_webhook_endpoint",
)
async def get_endpoint(endpoint_id: str, caller: Subscriber, session: Session) -> EndpointPublic:
    """The endpoint, and if it was disabled, why."""
    return _public(await _own(session, caller, endpoint_id))


@router.get(
    "/{endpoint_id}/attempts",
    response_model=list[AttemptPublic],
    openapi_extra=answers(),
    name="list_webhook_attempts",
)
async def list_attempts(
    endpoint_id: str,
    caller: Subscriber,
    session: Session,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> list[AttemptPublic]:
    """Delivery attempts, newest first."""
    endpoint = await _own(session, caller, endpoint_id)
    rows = await session.exec(
        select(WebhookAttempt)
        .where(col(WebhookAttempt.endpoint_id) == endpoint.id)
        .order_by(col(WebhookAttempt.id).desc())
        .limit(limit)
    )
    return [AttemptPublic.model_validate(a, from_attributes=True) for a in rows]


class ReplayQueued(BaseModel):
    queued: int = Field(description="deliveries queued, one per wanted event")


@router.post(
    "/{endpoint_id}/replay",
    response_model=ReplayQueued,
    status_code=202,
    openapi_extra=answers(),
    name="replay_webhook_events",
)
async def replay(
    endpoint_id: str, body: Replay, caller: Subscriber, session: Session, clock: ClockDep
) -> ReplayQueued:
    """Send again every wanted event after a sequence number (up to 10,000)."""
    endpoint = await _own(session, caller, endpoint_id)
    cursor = endpoint.cursor
    queued = await enqueue(session, endpoint, body.after_sequence, clock.now(), REPLAY_LIMIT)
    endpoint.cursor = max(cursor, endpoint.cursor)
    return ReplayQueued(queued=queued)


@router.post(
    "/{endpoint_id}/enable",
    response_model=EndpointPublic,
    openapi_extra=answers(),
    name="enable_webhook_endpoint",
)
async def enable(
    endpoint_id: str, caller: Subscriber, session: Session, clock: ClockDep
) -> EndpointPublic:
    """Turn a disabled endpoint back on; deliveries resume where they stopped."""
    endpoint = await _own(session, caller, endpoint_id)
    endpoint.enabled, endpoint.disabled_reason, endpoint.failing_since = True, None, None
    endpoint.updated_at = clock.now()
    await session.flush()
    return _public(endpoint)
