"""Webhook deliveries in the database: fan-out, claims and outcomes (`sender` sends them).

Fan-out: each endpoint keeps a cursor over its owner's event sequence; new events of the
types it wants become deliveries. Delivery: due deliveries are claimed with SKIP LOCKED and
leased (so a worker that dies mid-send only delays them), sent outside any transaction,
and the outcome recorded. Failures retry with exponential backoff for 3 days; an endpoint
that has not succeeded for 3 days is disabled, and says why.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.config import Settings
from service.db import Database
from service.events.endpoints import public
from service.events.models import Event, EventAudience
from service.observability import observe_webhook_delivery
from service.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

LEASE = timedelta(seconds=120)  # longer than the largest total deadline of an attempt (60 s)
# Waits after each failed attempt (Svix's schedule), then every 10 hours until 3 days.
BACKOFF = [timedelta(seconds=s) for s in (5, 300, 1800, 7200, 18000, 36000)]


def wants(endpoint: WebhookEndpoint, event_type: str) -> bool:
    for pattern in endpoint.event_types or ["*"]:
        if pattern == "*" or pattern == event_type:
            return True
        if pattern.endswith(".*") and event_type.startswith(pattern[:-1]):
            return True
    return False


def next_attempt(
    first: datetime, attempts: int, now: datetime, give_up: timedelta
) -> datetime | None:
    wait = BACKOFF[min(attempts - 1, len(BACKOFF) - 1)]
    moment = now + wait
    return moment if moment - first <= give_up else None


async def enqueue(
    session: AsyncSession, endpoint: WebhookEndpoint, after: int, now: datetime, limit: int
) -> int:
    """Deliveries for the owner's wanted events after `after`; returns how many."""
    events = await session.exec(
        select(Event.id, Event.sequence, Event.type)
        .join(EventAudience, col(EventAudience.event_id) == col(Event.id))
        .where(col(EventAudience.party_id) == endpoint.owner_id, col(Event.sequence) > after)
        .order_by(col(Event.sequence))
        .limit(limit)
    )
    queued, last = 0, after
    for event_id, sequence, event_type in events:
        last = sequence or last
        if event_id is not None and wants(endpoint, event_type):
            session.add(
                WebhookDelivery(
                    endpoint_id=endpoint.id, event_id=event_id, state="pending",
                    next_attempt_at=now, created_at=now,
                )
            )  # fmt: skip
            queued += 1
    endpoint.cursor = max(endpoint.cursor, last)
    await session.flush()
    return queued


async def fan_out(database: Database, now: datetime, limit: int = 500) -> int:
    queued = 0
    async with database.session() as session:
        endpoints = await session.exec(
            select(WebhookEndpoint)
            .where(col(WebhookEndpoint.enabled).is_(True))
            .with_for_update(skip_locked=True)
        )
        for endpoint in endpoints:
            queued += await enqueue(session, endpoint, endpoint.cursor, now, limit)
    return queued


@dataclass
class Job:
    delivery_id: int
    endpoint_id: str
    url: str
    secret: str
    message_id: str
    body: bytes


@dataclass
class Outcome:
    job: Job
    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


async def claim(
    database: Database,
    now: datetime,
    limit: int,
    busy: Mapping[str, int],
    per_endpoint: int,
) -> list[Job]:
    """Lease up to `limit` due deliveries, at most `per_endpoint` in flight per endpoint
    counting the `busy` ones (endpoint id: deliveries this process is sending). Each
    endpoint offers at most `per_endpoint` of its due deliveries (oldest first), so one with
    a backlog never crowds out the others."""
    jobs: list[Job] = []
    taken: dict[str, int] = dict(busy)
    offered = (
        select(
            col(WebhookDelivery.id).label("id"),
            func.row_number()
            .over(
                partition_by=col(WebhookDelivery.endpoint_id),
                order_by=col(WebhookDelivery.next_attempt_at),
            )
            .label("place"),
        )
        .join(WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id))
        .where(
            col(WebhookDelivery.state) == "pending",
            col(WebhookDelivery.next_attempt_at) <= now,
            col(WebhookEndpoint.enabled).is_(True),
        )
        .subquery()
    )
    async with database.session() as session:
        due = await session.exec(
            select(WebhookDelivery, WebhookEndpoint, Event)
            .join(WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id))
            .join(Event, col(Event.id) == col(WebhookDelivery.event_id))
            .join(offered, offered.c.id == col(WebhookDelivery.id))
            .where(offered.c.place <= per_endpoint)
            .order_by(col(WebhookDelivery.next_attempt_at))
            .limit(limit + sum(busy.values()))  # (at most that many are skipped as busy)
            .with_for_update(of=WebhookDelivery, skip_locked=True)  # type: ignore[arg-type]
        )
        for delivery, endpoint, event in due:
            if len(jobs) >= limit:
                break
            if taken.get(endpoint.id, 0) >= per_endpoint:
                continue
            taken[endpoint.id] = taken.get(endpoint.id, 0) + 1
            delivery.next_attempt_at = now + LEASE
            delivery.attempts += 1
            delivery.first_attempt_at = delivery.first_attempt_at or now
            body = json.dumps(public(event).model_dump(mode="json")).encode()
            assert delivery.id is not None
            jobs.append(
                Job(delivery.id, endpoint.id, endpoint.url, endpoint.secret, event.event_id, body)
            )
    return jobs


async def record(
    database: Database, outcomes: list[Outcome], now: datetime, settings: Settings
) -> None:
    give_up = timedelta(days=settings.webhook_retry_days)
    async with database.session() as session:
        for outcome in outcomes:
            delivery = await session.get(
                WebhookDelivery, outcome.job.delivery_id, with_for_update=True
            )
            endpoint = await session.get(
                WebhookEndpoint, outcome.job.endpoint_id, with_for_update=True
            )
            assert delivery is not None and endpoint is not None
            session.add(
                WebhookAttempt(
                    delivery_id=delivery.id or 0, endpoint_id=endpoint.id,
                    event_id=outcome.job.message_id, at=now, status_code=outcome.status_code,
                    error=outcome.error, duration_ms=outcome.duration_ms,
                )
            )  # fmt: skip
            if outcome.delivered:
                delivery.state, delivery.delivered_at, delivery.next_attempt_at = (
                    "delivered",
                    now,
                    None,
                )
                endpoint.failing_since = None
                observe_webhook_delivery("delivered")
                continue
            delivery.last_error = outcome.error
            retry = next_attempt(delivery.first_attempt_at or now, delivery.attempts, now, give_up)
            delivery.next_attempt_at = retry
            if retry is None:
                delivery.state = "failed"
            observe_webhook_delivery("retrying" if retry else "gave_up")
            endpoint.failing_since = endpoint.failing_since or now
            if now - endpoint.failing_since >= give_up and endpoint.enabled:
                endpoint.enabled = False
                endpoint.disabled_reason = (
                    f"disabled at {now.isoformat()}: no successful delivery since "
                    f"{endpoint.failing_since.isoformat()}; last error: {outcome.error}"
                )
            endpoint.updated_at = now
