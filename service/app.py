"""The FastAPI application: routers, problem handlers, body limits, start-up."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import statemachine as sm
from service import console, docs, openapi, problems
from service.analytics.endpoints import router as data_router
from service.analytics.metrics import router as metrics_router
from service.api.caches import key_owners, order_versions
from service.api.changes import Liveness, relay_notifications
from service.clock import Clock, SystemClock
from service.config import Settings, get_settings
from service.credit.endpoints import router as credit_router
from service.db import Database
from service.errors import STATUSES
from service.events.endpoints import router as events_router
from service.mcn.endpoints import router as mcn_router
from service.messages.endpoints import ops_router as held_messages_router
from service.messages.endpoints import router as messages_router
from service.money.endpoints import router as money_router
from service.observability import ObservabilityMiddleware, configure_logging
from service.observability import router as observability_router
from service.orders.endpoints import router as orders_router
from service.orders.endpoints import trigger_routes
from service.orders.polls import CachedReads
from service.orders.retention_endpoints import router as retention_router
from service.orders.review_endpoints import router as review_router
from service.parties.endpoints import router as parties_router
from service.parties.service import ensure_bootstrap_ops
from service.ports.payments import (
    PaymentProvider,
    PayoutProvider,
    SimulatedPaymentProvider,
    SimulatedPayoutProvider,
)
from service.ports.video import VideoPlatformFactory
from service.private_deals.endpoints import router as private_deals_router
from service.projects.endpoints import router as projects_router
from service.timers.endpoints import router as dev_router
from service.timers.worker import Worker
from service.videos.endpoints import router as videos_router
from service.videos.simulator import simulated
from service.webhooks.endpoints import router as webhooks_router


class Health(BaseModel):
    status: Literal["ok"]
    database: Literal["ok"]


class BodyLimit:
    """Refuse bodies over the limit with 413, whether or not Content-Length is honest.

    Bodies are small (64 KiB by default), so the middleware reads the whole body first and
    hands the application a replay of it.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._too_large(scope, receive, send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break  # the client went away
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problems.problem_response(
            413, "payload_too_large", "Payload too large",
            f"request bodies are limited to {self.max_bytes} bytes",
        )  # fmt: skip
        await response(scope, receive, send)


async def bootstrap(app: FastAPI) -> None:
    settings: Settings = app.state.settings
    if settings.bootstrap_ops_key:
        database: Database = app.state.db
        async with database.session() as session:
            await ensure_bootstrap_ops(session, settings.bootstrap_ops_key, app.state.clock.now())


def create_app(
    settings: Settings | None = None,
    *,
    database: Database | None = None,
    clock: Clock | None = None,
    video_platform: VideoPlatformFactory | None = None,
    payments: PaymentProvider | None = None,
    payouts: PayoutProvider | None = None,
    machine: sm.OrderMachine = sm.ORDER_MACHINE,
) -> FastAPI:
    settings = settings or get_settings()
    owns_database = database is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging()  # JSON lines on stderr; idempotent, and ASGITransport skips it
        await bootstrap(app)
        in_process = settings.worker_in_process
        if in_process is None:
            in_process = settings.is_sqlite
        stop = asyncio.Event()
        background = []
        if in_process:
            background.append(asyncio.create_task(app.state.worker.run(stop)))
        if not settings.is_sqlite:  # long polls hear other API processes' changes
            dsn = settings.database_url.replace("postgresql+psycopg://", "postgresql://", 1)
            caches = (app.state.key_owners, app.state.order_versions)
            liveness = Liveness(
                settings.listener_probe_seconds, settings.listener_probe_deadline_seconds
            )
            listening = relay_notifications(dsn, stop, caches, liveness)
            background.append(asyncio.create_task(listening))
        yield
        stop.set()
        await asyncio.gather(*background)
        if owns_database:
            await app.state.db.dispose()

    app = FastAPI(
        title="Xingtu-style order service",
        version="0.1.0",
        description="Brand-to-creator video orders as a state machine, with escrow.",
        lifespan=lifespan,
        generate_unique_id_function=lambda route: route.name,  # operationIds: verb_noun
        docs_url=None,  # served from shipped assets instead of a CDN (service.docs)
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.machine = machine
    app.state.db = database or Database(
        settings.database_url, lock_timeout_seconds=settings.idempotency_wait_seconds
    )
    app.state.key_owners = key_owners()
    app.state.order_versions = order_versions(settings.order_cache_size)
    app.state.clock = clock or SystemClock()
    app.state.video_platform = video_platform or simulated
    app.state.payments = payments or SimulatedPaymentProvider()
    app.state.console_secret = (settings.console_secret or secrets.token_hex(32)).encode()
    app.state.payouts = payouts or SimulatedPayoutProvider(fail=settings.simulated_payouts_fail)
    app.state.worker = Worker(
        app.state.db, settings, app.state.clock, app.state.video_platform, app.state.payouts,
        machine,
    )  # fmt: skip
    problems.install(app, STATUSES)
    openapi.install(app)
    docs.install(app)
    console.install(app)  # /console: pages for people, not in the schema
    app.include_router(orders_router)  # first: polls and transitions are most requests
    app.include_router(trigger_routes(machine))
    app.include_router(parties_router)
    app.include_router(projects_router)
    app.include_router(mcn_router)
    app.include_router(credit_router)
    app.include_router(messages_router)
    app.include_router(held_messages_router)
    app.include_router(private_deals_router)
    app.include_router(retention_router)
    app.include_router(review_router)
    app.include_router(money_router)
    app.include_router(videos_router)
    app.include_router(metrics_router)
    app.include_router(data_router)
    app.include_router(events_router)
    app.include_router(webhooks_router)
    app.include_router(dev_router)
    app.include_router(observability_router)  # GET /metrics, not in the schema

    @app.get(
        "/health", tags=["health"], response_model=Health, name="get_health",
        openapi_extra=problems.answers("database_unavailable"),
        summary="Liveness, with a round trip to the database",
    )  # fmt: skip
    async def health(request: Request) -> Any:
        try:
            async with request.app.state.db.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:
            return problems.problem_response(
                503, "database_unavailable", "Database unavailable",
                "the database does not answer", {"Retry-After": "1"},
            )  # fmt: skip
        return JSONResponse({"status": "ok", "database": "ok"})

    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    poll_route = next(r for r in orders_router.routes if getattr(r, "name", "") == "get_order")
    app.add_middleware(CachedReads, state=app.state, route=poll_route)  # bodiless reads only
    app.add_middleware(ObservabilityMiddleware)  # last, so outermost: request ids, metrics
    return app
