"""Observability: request ids, structured JSON logs and Prometheus metrics.

Request ids
    `ObservabilityMiddleware` (pure ASGI, the outermost middleware) takes the caller's
    `X-Request-Id` when it is a sane token (1-128 characters of `A-Za-z0-9._-`) and makes
    one up otherwise (`req_` and 24 hex digits). The id lives in a context variable for the
    duration of the request (`current_request_id()`), goes back on every response, errors
    included, and is on every log record written while the request runs.

Logs
    JSON lines on stderr (`service.jsonlog`, re-exported here). The middleware writes one
    access line per request (logger `service.access`): method, path (without the query
    string), status, duration_ms, request_id.

Metrics
    Prometheus metrics in a registry of this module's own (`REGISTRY`, not the client's
    global default), served as text at `GET /metrics`:

    - `xt_http_requests_total{method,route,status}` and
      `xt_http_request_duration_seconds{method,route}`: `route` is the matched route's path
      template (`/v1/orders/{order_id}`), `unmatched` when no route matched, so the label
      stays bounded whatever paths clients send; unusual methods count as `other`;
    - `xt_transitions_total{trigger,actor}` (`observe_transition`),
      `xt_webhook_deliveries_total{outcome}` (`observe_webhook_delivery`),
      `xt_worker_lag_seconds` (`observe_worker_lag`): how far behind its oldest due timer
      the last worker pass was;
    - the client's standard process, platform and GC metrics.

    Metrics live in the memory of the process that counts them. Each API process and each
    worker process exposes only its own: when several run (several uvicorn workers, several
    `python -m service worker`), scrape each of them, or switch the client to its
    multiprocess mode (`PROMETHEUS_MULTIPROC_DIR`); this module does not do the latter.
    `/metrics` is off (404) unless `XT_METRICS_TOKEN` is set; then it answers only
    `Authorization: Bearer <that token>` (401 otherwise): give the token to the scraper
    (Prometheus `authorization: {credentials: ...}`), not to API clients.
"""

from __future__ import annotations

import hmac
import inspect
import logging
import re
import secrets
import time
from typing import Any, Final

from fastapi import APIRouter
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.aftercommit import defer, on_commit
from service.jsonlog import (
    JsonFormatter,
    access_line,
    configure_logging,
    current_request_id,
    request_id_var,
)
from service.parties.keys import bearer_token
from service.problems import NotFound, Unauthenticated

__all__ = [
    "REGISTRY",
    "REQUEST_ID_HEADER",
    "JsonFormatter",
    "ObservabilityMiddleware",
    "configure_logging",
    "count_transition",
    "current_request_id",
    "new_request_id",
    "observe_transition",
    "observe_webhook_delivery",
    "observe_worker_lag",
    "request_id_var",
    "router",
    "sane_request_id",
]

REQUEST_ID_HEADER: Final = "X-Request-Id"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
_HEADER_KEY = REQUEST_ID_HEADER.lower().encode("latin-1")

log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------
# Request ids


def new_request_id() -> str:
    return "req_" + secrets.token_hex(12)


def sane_request_id(value: str | None) -> str | None:
    """The value if it is a sane request id, else None."""
    if value is not None and _SANE_REQUEST_ID.fullmatch(value):
        return value
    return None


# ---------------------------------------------------------------------------------------
# Metrics

REGISTRY: Final = CollectorRegistry()
ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)
GCCollector(registry=REGISTRY)

HTTP_REQUESTS: Final = Counter(
    "xt_http_requests",  # exposed as xt_http_requests_total
    "HTTP requests served, by method, route template and status.",
    ["method", "route", "status"],
    registry=REGISTRY,
)
HTTP_REQUEST_DURATION: Final = Histogram(
    "xt_http_request_duration_seconds",
    "Time to serve an HTTP request, by method and route template.",
    ["method", "route"],
    registry=REGISTRY,
)
TRANSITIONS: Final = Counter(
    "xt_transitions",  # exposed as xt_transitions_total
    "Order transitions fired, by trigger and actor.",
    ["trigger", "actor"],
    registry=REGISTRY,
)
WEBHOOK_DELIVERIES: Final = Counter(
    "xt_webhook_deliveries",  # exposed as xt_webhook_deliveries_total
    "Webhook delivery attempts, by outcome.",
    ["outcome"],
    registry=REGISTRY,
)
WORKER_LAG: Final = Gauge(
    "xt_worker_lag_seconds",
    "How far behind its oldest due timer the last worker pass was (0 when on time).",
    registry=REGISTRY,
)

UNMATCHED_ROUTE: Final = "unmatched"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def observe_transition(trigger: str, actor: str) -> None:
    """Count one order transition that fired and committed."""
    TRANSITIONS.labels(trigger=str(trigger), actor=str(actor)).inc()


def count_transition(session: AsyncSession, trigger: str, actor: str) -> None:
    """Count a transition once its transaction commits (a dry run, rolled back, never does)."""
    defer(session, "transitions", [(trigger, actor)])


@on_commit("transitions")
def _count(fired: list[tuple[str, str]]) -> None:
    for trigger, actor in fired:
        observe_transition(trigger, actor)


def observe_webhook_delivery(outcome: str) -> None:
    """Count one webhook delivery attempt; keep `outcome` to a few fixed words."""
    WEBHOOK_DELIVERIES.labels(outcome=str(outcome)).inc()


def observe_worker_lag(seconds: float) -> None:
    """Record how far behind its oldest due timer a worker pass was; negative counts as 0."""
    WORKER_LAG.set(max(0.0, float(seconds)))


def route_template(scope: Scope) -> str:
    """The path template of the route that handled the request, or `unmatched`."""
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    return template if isinstance(template, str) and template else UNMATCHED_ROUTE


router = APIRouter()


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    """Prometheus text exposition of this process's metrics, for the scraper's token only."""
    token: str | None = request.app.state.settings.metrics_token
    if not token:
        raise NotFound("no such route")
    given = bearer_token(request.headers.get("authorization", "")) or ""
    if not hmac.compare_digest(given.encode(), token.encode()):  # (bytes: any characters)
        raise Unauthenticated("send the metrics token as 'Authorization: Bearer <token>'")
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


# ---------------------------------------------------------------------------------------
# The middleware


class ObservabilityMiddleware:
    """Request id, access log line and HTTP metrics for every HTTP request.

    Add it last (outermost), so that what the other middleware answer (BodyLimit's 413)
    carries the id too. An exception that escapes the application before a response has
    started is answered here, by the application's own handler for `Exception` (what
    Starlette's ServerErrorMiddleware would call), while the request id is still set: the
    500 then carries the id and the handler's log record has it. It is not raised further
    (ServerErrorMiddleware would log it a second time, without the id), so test clients get
    the 500 response rather than the exception.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = sane_request_id(_header(scope, _HEADER_KEY)) or new_request_id()
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = int(message["status"])
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as error:
            if response_started:
                raise  # too late to answer; the server closes the connection
            response = await _error_response(scope, error)
            await response(scope, receive, send_with_id)
        finally:
            try:
                _record(scope, status, time.perf_counter() - started, request_id)
            finally:
                request_id_var.reset(token)


def _header(scope: Scope, key: bytes) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == key:
            return bytes(value).decode("latin-1")
    return None


async def _error_response(scope: Scope, error: Exception) -> Response:
    app = scope.get("app")
    handlers: dict[Any, Any] = getattr(app, "exception_handlers", None) or {}
    handler = handlers.get(500) or handlers.get(Exception)
    if handler is not None:
        response = handler(Request(scope), error)
        if inspect.isawaitable(response):
            response = await response
        if isinstance(response, Response):
            return response
    log.error("unhandled error", exc_info=error)
    return PlainTextResponse("Internal Server Error", status_code=500)


# (method, route template, status) → its request counter and duration histogram: bounded by
# the routes, as the metrics' own labels are.
_series: dict[tuple[str, str, int], tuple[Any, Any]] = {}


def _record(scope: Scope, status: int, seconds: float, request_id: str) -> None:
    method = str(scope.get("method", "")).upper()
    method_label = method if method in _METHODS else "other"
    route = route_template(scope)
    counted = _series.get((method_label, route, status))
    if counted is None:  # labels() looks its child up anew each time: keep them
        counted = _series[(method_label, route, status)] = (
            HTTP_REQUESTS.labels(method=method_label, route=route, status=str(status)),
            HTTP_REQUEST_DURATION.labels(method=method_label, route=route),
        )
    counted[0].inc()
    counted[1].observe(seconds)
    path = str(scope.get("path", ""))
    access_line(method, path, status, round(seconds * 1000, 3), request_id)
