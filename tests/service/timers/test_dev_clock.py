"""The test clock: dev mode only; moving it fires what became due, all the way to closed."""

from __future__ import annotations

from tests.factories import (
    Api,
    balance,
    fire,
    make_brand,
    make_creator,
    make_order,
    ok,
    video_url,
)

DAY = 24 * 3600


async def advance(api: Api, seconds: int) -> dict:  # type: ignore[type-arg]
    body = {"advance_seconds": seconds}
    return ok(await api.client.post("/v1/dev/clock", json=body, headers=api.ops))  # type: ignore[no-any-return]


async def test_off_by_default(api: Api) -> None:
    response = await api.client.post("/v1/dev/clock", json={"advance_seconds": 60}, headers=api.ops)
    assert ok(response, 404)["code"] == "not_found"


async def test_walk_an_order_to_closed(dev_api: Api) -> None:
    api = dev_api
    brand = await make_brand(api, funds_fen=200_000)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator, price_fen=100_000, retention_days=7)
    ok(await fire(api, order["id"], "accept", creator.auth))
    ok(await fire(api, order["id"], "publish", creator.auth, video_url=video_url(creator)))
    moved = await advance(api, 7 * DAY)
    assert moved["offset_seconds"] == 7 * DAY
    state = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=brand.auth))
    assert state["state"] == "retained"
    assert state["updated_at"].startswith("2026-03-09")  # the test clock's time, not the wall's
    await advance(api, 3 * DAY)
    closed = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=brand.auth))
    assert closed["state"] == "closed"
    assert (await balance(api, creator))["available_fen"] == 95_000


async def test_validation_and_roles(dev_api: Api) -> None:
    api = dev_api
    brand = await make_brand(api)
    for body in ({"advance_seconds": 0}, {"advance_seconds": -5}, {"advance_seconds": "60"}, {}):
        assert ok(await api.client.post("/v1/dev/clock", json=body, headers=api.ops), 422)
    body = {"advance_seconds": 60}
    refused = ok(await api.client.post("/v1/dev/clock", json=body, headers=brand.auth), 404)
    assert refused["code"] == "not_found"  # the route does not exist for non-ops


async def test_absent_for_everyone_but_ops_and_outside_dev_mode(api: Api, dev_api: Api) -> None:
    """404, not 403: the test clock does not exist for a non-ops caller, nor outside dev
    mode, whatever the body."""
    for running in (api, dev_api):
        creator = await make_creator(running, "Clockless")
        for body in ({"advance_seconds": 60}, {"advance_seconds": 0}, {}):
            answer = await running.client.post("/v1/dev/clock", json=body, headers=creator.auth)
            assert ok(answer, 404)["code"] == "not_found", (body, answer.text)
    for body in ({"advance_seconds": 60}, {"advance_seconds": 0}):
        answer = await api.client.post("/v1/dev/clock", json=body, headers=api.ops)
        assert ok(answer, 404)["code"] == "not_found", body
