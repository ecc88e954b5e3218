"""Observability: request ids on every response, JSON logs, Prometheus metrics."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI

from service import problems
from service.errors import STATUSES
from service.observability import (
    REGISTRY,
    JsonFormatter,
    ObservabilityMiddleware,
    configure_logging,
    observe_transition,
    observe_webhook_delivery,
    observe_worker_lag,
    request_id_var,
)
from tests.factories import Api, make_brand, make_creator, make_order, ok, order_body

GENERATED = re.compile(r"req_[0-9a-f]{24}")
TOKEN = "metrics-token-for-tests-0001"


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


class Collect(logging.Handler):
    """Formats each record as it is emitted, in the emitting context, with JsonFormatter."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def logged() -> Iterator[Collect]:
    root = logging.getLogger()
    handler, level = Collect(), root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield handler
    root.removeHandler(handler)
    root.setLevel(level)


# -- request ids -------------------------------------------------------------------------


async def test_a_request_id_is_generated(api: Api) -> None:
    first = await api.client.get("/health")
    second = await api.client.get("/health")
    assert GENERATED.fullmatch(first.headers["X-Request-Id"])
    assert GENERATED.fullmatch(second.headers["X-Request-Id"])
    assert first.headers["X-Request-Id"] != second.headers["X-Request-Id"]


@pytest.mark.parametrize("given", ["abc-123._XYZ", "a", "x" * 128])
async def test_a_sane_request_id_is_echoed(api: Api, given: str) -> None:
    response = await api.client.get("/health", headers={"X-Request-Id": given})
    assert response.headers.get_list("X-Request-Id") == [given]


@pytest.mark.parametrize(
    "given", ["x" * 129, "y" * 500, "has space", "a/b", "<script>", "ä-umlaut".encode(), ""]
)
async def test_an_insane_request_id_is_replaced(api: Api, given: str | bytes) -> None:
    response = await api.client.get("/health", headers={"X-Request-Id": given})
    assert response.headers.get_list("X-Request-Id") != [given]
    assert GENERATED.fullmatch(response.headers["X-Request-Id"])


async def test_problem_responses_carry_the_request_id(api: Api) -> None:
    missing = await api.client.get(
        "/v1/orders/ord_nothing", headers={**api.ops, "X-Request-Id": "trace-404"}
    )
    assert ok(missing, 404)["code"] == "not_found"
    assert missing.headers["X-Request-Id"] == "trace-404"

    unauthenticated = await api.client.get("/v1/orders", headers={"X-Request-Id": "trace-401"})
    assert ok(unauthenticated, 401)["code"] == "unauthenticated"
    assert unauthenticated.headers["X-Request-Id"] == "trace-401"

    brand = await make_brand(api)
    creator = await make_creator(api)
    too_large = await api.client.post(
        "/v1/orders",
        json=order_body(creator, brief="x" * 70_000),
        headers={**brand.auth, "X-Request-Id": "trace-413"},
    )
    assert ok(too_large, 413)["code"] == "payload_too_large"  # BodyLimit answered it
    assert too_large.headers["X-Request-Id"] == "trace-413"


async def test_an_unhandled_error_is_a_500_with_the_id_and_a_log_line(logged: Collect) -> None:
    app = FastAPI()
    problems.install(app, STATUSES)

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("kaput")

    app.add_middleware(ObservabilityMiddleware)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get("/boom", headers={"X-Request-Id": "trace-500"})
    assert ok(response, 500)["code"] == "internal_error"
    assert response.headers["X-Request-Id"] == "trace-500"
    [error] = [line for line in logged.lines if line["logger"] == "service.problems"]
    assert error["request_id"] == "trace-500"
    assert "RuntimeError: kaput" in str(error["exc_info"])
    assert request_id_var.get() is None  # reset once the request is over


async def test_one_access_line_per_request(api: Api, logged: Collect) -> None:
    response = await api.client.get("/health?verbose=1", headers={"X-Request-Id": "trace-acc"})
    assert response.status_code == 200
    [line] = [line for line in logged.lines if line["logger"] == "service.access"]
    assert line["method"] == "GET"
    assert line["path"] == "/health"  # no query string
    assert line["status"] == 200
    assert line["request_id"] == "trace-acc"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0


async def test_a_transition_logs_its_access_line_and_not_the_machines_callbacks(
    api: Api, logged: Collect
) -> None:
    configure_logging()  # as the service starts; the test client skips the lifespan's call
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    logged.lines.clear()
    ok(await api.client.post(f"/v1/orders/{order['id']}/accept", headers=creator.auth))
    loggers = [line["logger"] for line in logged.lines]
    assert loggers.count("service.access") == 1
    assert not [name for name in loggers if name.startswith("transitions")]


# -- metrics -----------------------------------------------------------------------------


async def test_metrics_count_requests_by_route_template(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    labels = {"method": "GET", "route": "/v1/orders/{order_id}", "status": "200"}
    before = sample("xt_http_requests_total", **labels)
    ok(await api.client.get(f"/v1/orders/{order['id']}", headers=brand.auth))
    assert sample("xt_http_requests_total", **labels) == before + 1
    duration = {"method": "GET", "route": "/v1/orders/{order_id}"}
    assert sample("xt_http_request_duration_seconds_count", **duration) >= 1

    api.app.state.settings = api.app.state.settings.model_copy(update={"metrics_token": TOKEN})
    response = await api.client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'xt_http_requests_total{method="GET",route="/v1/orders/{order_id}",status="200"}' in text
    assert order["id"] not in text  # raw paths never become labels
    assert "# TYPE xt_transitions_total counter" in text
    assert "# TYPE xt_worker_lag_seconds gauge" in text


async def test_metrics_answer_only_the_scraper_with_the_token(api: Api) -> None:
    """Off (404) unless XT_METRICS_TOKEN is set; then only `Bearer <token>` gets them."""
    off = await api.client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert off.status_code == 404 and "xt_http_requests" not in off.text
    api.app.state.settings = api.app.state.settings.model_copy(update={"metrics_token": TOKEN})
    for headers in ({}, {"Authorization": "Bearer wrong-token"}, api.ops, {"Authorization": TOKEN}):
        refused = await api.client.get("/metrics", headers=headers)
        assert refused.status_code == 401, headers
        assert refused.json()["code"] == "unauthenticated" and "xt_http" not in refused.text
    scraped = await api.client.get("/metrics", headers={"Authorization": f"bearer {TOKEN}"})
    assert scraped.status_code == 200 and "xt_http_requests_total" in scraped.text


async def test_unmatched_paths_share_one_label(api: Api) -> None:
    labels = {"method": "GET", "route": "unmatched", "status": "404"}
    before = sample("xt_http_requests_total", **labels)
    for path in ("/no/such/thing", "/another/made-up/path"):
        assert (await api.client.get(path)).status_code == 404
    assert sample("xt_http_requests_total", **labels) == before + 2


async def test_metrics_are_not_in_the_schema(api: Api) -> None:
    schema = ok(await api.client.get("/openapi.json"))
    assert "/metrics" not in schema["paths"]
    assert "/health" in schema["paths"]


def test_observe_transition_increments_its_counter() -> None:
    labels = {"trigger": "accept", "actor": "creator"}
    before = sample("xt_transitions_total", **labels)
    observe_transition("accept", "creator")
    observe_transition("accept", "creator")
    assert sample("xt_transitions_total", **labels) == before + 2
    assert REGISTRY.get_sample_value("xt_transitions_total", labels) == before + 2


def test_observe_webhook_delivery_and_worker_lag() -> None:
    before = sample("xt_webhook_deliveries_total", outcome="failed")
    observe_webhook_delivery("failed")
    assert sample("xt_webhook_deliveries_total", outcome="failed") == before + 1
    observe_worker_lag(12.5)
    assert REGISTRY.get_sample_value("xt_worker_lag_seconds") == 12.5
    observe_worker_lag(-3)  # ahead of time is not lag
    assert REGISTRY.get_sample_value("xt_worker_lag_seconds") == 0.0


def test_the_registry_is_not_the_global_default() -> None:
    from prometheus_client import REGISTRY as DEFAULT

    assert REGISTRY is not DEFAULT
    assert DEFAULT.get_sample_value("xt_transitions_total", {"trigger": "x", "actor": "y"}) is None


async def test_a_dry_run_is_not_counted_as_a_transition(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order = await make_order(api, brand, creator)
    labels = {"trigger": "accept", "actor": "creator"}
    before = sample("xt_transitions_total", **labels)
    url = f"/v1/orders/{order['id']}/accept"
    rehearsed = await api.client.post(url, params={"dry_run": "true"}, headers=creator.auth)
    assert ok(rehearsed)["state"] == "accepted"
    assert sample("xt_transitions_total", **labels) == before, "a dry run changed nothing"
    ok(await api.client.post(url, headers=creator.auth))
    assert sample("xt_transitions_total", **labels) == before + 1


async def test_metrics_refuse_a_token_of_any_characters_without_failing(api: Api) -> None:
    settings = api.app.state.settings.model_copy(update={"metrics_token": "metrics-" * 3})
    api.app.state.settings = settings
    odd = "Bearer caf\u00e9".encode("latin-1")
    answer = await api.client.get("/metrics", headers={"Authorization": odd})
    assert answer.status_code == 401
    assert answer.headers["content-type"] == "application/problem+json"
