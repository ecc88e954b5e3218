"""Reads answered from memory before routing give the route's answer, byte for byte (304
and 200), and leave everything else to the route (PostgreSQL: the caches are live only
with a listener)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from service.app import create_app
from service.config import Settings
from service.observability import REGISTRY
from service.orders import polls
from tests.factories import OPS_KEY, Api, Creator, Party, make_brand, make_creator, make_order

pytestmark = pytest.mark.postgres_only
ROUTE = "/v1/orders/{order_id}"


@pytest.fixture
async def live(postgres_url: str) -> AsyncIterator[Api]:
    app = create_app(
        Settings(database_url=postgres_url, bootstrap_ops_key=OPS_KEY, worker_in_process=False)
    )
    async with app.router.lifespan_context(app):
        for _ in range(200):  # the change listener connects in the background
            if app.state.order_versions.live:
                break
            await asyncio.sleep(0.05)
        assert app.state.order_versions.live
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://polls") as client:
            yield Api(client, None, None, app, None)  # type: ignore[arg-type]


@pytest.fixture
def routed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The order ids the route itself was asked about."""
    asked: list[str] = []
    original = polls.cached_order

    def spy(versions: Any, caller: Any, order_id: str) -> Any:
        asked.append(order_id)
        return original(versions, caller, order_id)

    monkeypatch.setattr("service.orders.endpoints.cached_order", spy)
    return asked


async def _order(api: Api) -> tuple[Party, Creator, str]:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    return brand, creator, f"/v1/orders/{order['id']}"


def _same(first: httpx.Response, second: httpx.Response) -> None:
    def shown(answer: httpx.Response) -> tuple[int, list[tuple[str, str]], bytes]:
        headers = sorted((k, v) for k, v in answer.headers.items() if k != "x-request-id")
        return answer.status_code, headers, answer.content

    assert shown(first) == shown(second)
    assert first.headers["x-request-id"] and second.headers["x-request-id"]


async def test_a_repeated_poll_is_answered_before_routing_with_the_routes_bytes(
    live: Api, routed: list[str]
) -> None:
    brand, creator, path = await _order(live)
    poll = {**creator.auth, "If-None-Match": '"v1"'}
    labels = {"method": "GET", "route": ROUTE, "status": "304"}
    counted = REGISTRY.get_sample_value("xt_http_requests_total", labels) or 0.0
    by_route = await live.client.get(path, headers=poll)  # first poll: the route reads it
    assert len(routed) == 1
    from_memory = await live.client.get(path, headers=poll)
    assert len(routed) == 1  # the second never reached the route
    assert by_route.status_code == 304
    _same(by_route, from_memory)
    assert REGISTRY.get_sample_value("xt_http_requests_total", labels) == counted + 2
    brands_poll = await live.client.get(path, headers={**brand.auth, "If-None-Match": '"v1"'})
    assert brands_poll.status_code == 304  # the brand's key was cached when it ordered


async def test_a_known_order_is_read_from_memory_with_the_routes_bytes(
    live: Api, routed: list[str]
) -> None:
    brand, creator, path = await _order(live)
    by_route = await live.client.get(path, headers=creator.auth)  # the route reads it
    assert by_route.status_code == 200 and len(routed) == 1
    from_memory = await live.client.get(path, headers=creator.auth)
    another_tag = await live.client.get(path, headers={**brand.auth, "If-None-Match": '"v9"'})
    assert len(routed) == 1  # neither reached the route
    _same(by_route, from_memory)
    _same(by_route, another_tag)
    assert from_memory.json()["version"] == 1

    ok = await live.client.post(f"{path}/cancel", headers=brand.auth)
    assert ok.status_code == 200
    after = await live.client.get(path, headers=creator.auth)  # the change forgot it here
    assert after.json()["state"] == "refunded" and after.headers["etag"] == '"v2"'
    assert len(routed) == 2


async def test_everything_else_goes_to_the_route(live: Api, routed: list[str]) -> None:
    brand, creator, path = await _order(live)
    poll = {**creator.auth, "If-None-Match": '"v1"'}
    assert (await live.client.get(path, headers=poll)).status_code == 304
    asked = len(routed)

    # a query string: the route refuses unknown parameters
    answer = await live.client.get(path + "?verbose=1", headers=poll)
    assert answer.status_code == 422 and answer.json()["code"] == "unknown_parameter"
    # an oversized condition: the route's header rules apply
    long = {**creator.auth, "If-None-Match": '"v1", ' + "x" * 300}
    assert (await live.client.get(path, headers=long)).status_code == 422
    # a long poll: the route holds it (and answers 304 when nothing changes)
    held = await live.client.get(path, headers={**poll, "Prefer": "wait=1"})
    assert held.status_code == 304 and held.headers["etag"] == '"v1"'
    # a body: the body limit and the route see it
    with_body = await live.client.request("GET", path, headers=poll, content=b"{}")
    assert with_body.status_code == 304
    # a stranger: the database decides (404), the cache never shows it the order
    stranger = await make_creator(live, "Someone else")
    answer = await live.client.get(path, headers={**stranger.auth, "If-None-Match": '"v1"'})
    assert answer.status_code == 404
    assert len(routed) == asked + 3  # the unknown parameter and oversized header never did

    # a change: the next poll is the new order, from the route
    cancelled = await live.client.post(f"{path}/cancel", headers=brand.auth)
    assert cancelled.status_code == 200
    answer = await live.client.get(path, headers=poll)
    assert answer.status_code == 200 and answer.json()["state"] == "refunded"
