"""What integrators rely on: idempotency keys, ETags and If-Match, polling, dry runs."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest

from service.app import bootstrap, create_app
from service.clock import ManualClock
from service.config import Settings
from tests.conftest import START
from tests.factories import (
    OPS_KEY,
    Api,
    balance,
    fire,
    make_brand,
    make_creator,
    make_order,
    ok,
    order_body,
)


async def test_twenty_concurrent_identical_posts_create_one_order(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    headers = {**brand.auth, "Idempotency-Key": "order-2026-03-02-0001"}
    body = order_body(creator)
    responses = await asyncio.gather(
        *(api.client.post("/v1/orders", json=body, headers=headers) for _ in range(20))
    )
    assert {r.status_code for r in responses} == {201}
    assert len({r.content for r in responses}) == 1  # byte for byte the same body
    assert sum(r.headers.get("idempotent-replayed") == "true" for r in responses) == 19
    listed = ok(await api.client.get("/v1/orders", headers=brand.auth))
    assert len(listed["data"]) == 1
    assert (await balance(api, brand))["escrow_fen"] == 105_000


async def test_other_body_with_the_same_key_is_422(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    headers = {**brand.auth, "Idempotency-Key": "k-1"}
    ok(await api.client.post("/v1/orders", json=order_body(creator), headers=headers), 201)
    other = order_body(creator, price_fen=200_00)
    response = await api.client.post("/v1/orders", json=other, headers=headers)
    assert ok(response, 422)["code"] == "idempotency_key_reused"
    assert len(ok(await api.client.get("/v1/orders", headers=brand.auth))["data"]) == 1
    # the same key from another API key is another key
    other_brand = await make_brand(api, "Other")
    headers = {**other_brand.auth, "Idempotency-Key": "k-1"}
    assert ok(await api.client.post("/v1/orders", json=other, headers=headers), 201)


async def test_replay_after_restart(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    headers = {**brand.auth, "Idempotency-Key": "restart-1"}
    first = await api.client.post("/v1/orders", json=order_body(creator), headers=headers)
    settings = Settings(database_url=api.database.url, bootstrap_ops_key=OPS_KEY)
    restarted = create_app(settings, database=api.database, clock=ManualClock(START))
    transport = httpx.ASGITransport(app=restarted)
    async with httpx.AsyncClient(transport=transport, base_url="http://again") as client:
        again = await client.post("/v1/orders", json=order_body(creator), headers=headers)
    assert again.status_code == 201 and again.content == first.content
    assert again.headers["idempotent-replayed"] == "true"


async def test_errors_are_not_stored_and_keys_expire(api: Api) -> None:
    brand = await make_brand(api, funds_fen=0)
    creator = await make_creator(api)
    headers = {**brand.auth, "Idempotency-Key": "retry-after-top-up"}
    refused = await api.client.post("/v1/orders", json=order_body(creator), headers=headers)
    assert ok(refused, 402)["code"] == "insufficient_funds"
    ok(await api.client.post("/v1/top-ups", json={"amount_fen": 300_000}, headers=brand.auth), 201)
    created = await api.client.post("/v1/orders", json=order_body(creator), headers=headers)
    assert created.status_code == 201 and "idempotent-replayed" not in created.headers
    api.clock.advance(timedelta(hours=49))
    renewed = await api.client.post("/v1/orders", json=order_body(creator), headers=headers)
    assert renewed.status_code == 201 and renewed.json()["id"] != created.json()["id"]
    bad = {**brand.auth, "Idempotency-Key": "has spaces"}
    response = await api.client.post("/v1/orders", json=order_body(creator), headers=bad)
    assert ok(response, 400)["code"] == "invalid_idempotency_key"


@pytest.mark.parametrize("per_connection", [False, True], ids=["per-transaction", "connection"])
async def test_key_in_flight_is_409_with_retry_after(
    postgres_url: str, per_connection: bool
) -> None:
    """A request whose key is held by a transaction still running waits, then gets 409:
    with the wait set by the claim (a database from elsewhere) or carried by every
    connection (the API's own database)."""
    from sqlalchemy import text

    from service.db import Database

    database = Database(postgres_url, lock_timeout_seconds=0.3 if per_connection else None)
    async with database.sessions() as session:
        shown = (await session.exec(text("SHOW lock_timeout"))).one()[0]  # type: ignore[call-overload]
    assert shown == ("300ms" if per_connection else "0")
    settings = Settings(
        database_url=postgres_url, bootstrap_ops_key=OPS_KEY, idempotency_wait_seconds=0.3
    )
    app = create_app(settings, database=database, clock=ManualClock(START))
    await bootstrap(app)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://pg") as client:
            api = Api(client, app.state.clock, app.state.payouts, app, database)
            brand = await make_brand(api, funds_fen=0)
            headers = {**brand.auth, "Idempotency-Key": "slow-1"}
            body = {"amount_fen": 100}
            async with database.sessions() as holder:  # the first request, still running
                from service.api.idempotency import claim, owner_of
                from service.parties.keys import hash_key

                key_id = (
                    await holder.exec(
                        text("SELECT id FROM api_keys WHERE key_hash = :h").bindparams(
                            h=hash_key(brand.key)
                        )
                    )  # type: ignore[call-overload]
                ).one()[0]
                request = _request_like(headers, body)
                await claim(holder, request, "slow-1", owner_of(brand.id, key_id), settings, START)
                response = await client.post("/v1/top-ups", json=body, headers=headers)
                assert ok(response, 409)["code"] == "idempotency_key_in_flight"
                assert response.headers["retry-after"] == "1"
                await holder.rollback()  # the first request failed: the key is free again
            assert ok(await client.post("/v1/top-ups", json=body, headers=headers), 201)
    finally:
        await database.dispose()


def _request_like(headers: dict[str, str], body: dict[str, int]):  # type: ignore[no-untyped-def]
    import json

    from starlette.requests import Request

    raw = json.dumps(body).encode()

    async def receive():  # type: ignore[no-untyped-def]
        return {"type": "http.request", "body": raw, "more_body": False}

    scope = {
        "type": "http", "method": "POST", "path": "/v1/top-ups", "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "server": ("pg", 80), "scheme": "http", "root_path": "",
    }  # fmt: skip
    return Request(scope, receive)


async def test_etag_if_none_match_and_if_match(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    path = f"/v1/orders/{order['id']}"
    first = await api.client.get(path, headers=creator.auth)
    assert first.headers["etag"] == '"v1"'
    unchanged = await api.client.get(path, headers={**creator.auth, "If-None-Match": '"v1"'})
    assert unchanged.status_code == 304 and unchanged.content == b""
    stale = await api.client.post(f"{path}/accept", headers={**creator.auth, "If-Match": '"v0"'})
    assert ok(stale, 412)["code"] == "version_conflict"
    assert ok(stale, 412)["current_version"] == 1
    accepted = await api.client.post(f"{path}/accept", headers={**creator.auth, "If-Match": '"v1"'})
    assert accepted.status_code == 200 and accepted.headers["etag"] == '"v2"'
    changed = await api.client.get(path, headers={**creator.auth, "If-None-Match": '"v1"'})
    assert changed.status_code == 200 and changed.json()["state"] == "accepted"


async def test_long_poll_wakes_on_change(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    path = f"/v1/orders/{order['id']}"
    poll_headers = {**brand.auth, "If-None-Match": '"v1"', "Prefer": "wait=10"}
    poll = asyncio.create_task(api.client.get(path, headers=poll_headers))
    await asyncio.sleep(0.2)
    assert not poll.done()
    started = asyncio.get_running_loop().time()
    ok(await fire(api, order["id"], "accept", creator.auth))
    woken = await asyncio.wait_for(poll, 5)
    assert asyncio.get_running_loop().time() - started < 1.0
    assert woken.status_code == 200 and woken.json()["state"] == "accepted"

    quiet = {**brand.auth, "If-None-Match": '"v2"', "Prefer": "wait=1"}
    timed_out = await api.client.get(path, headers=quiet)
    assert timed_out.status_code == 304


async def test_dry_run_changes_nothing(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    path = f"/v1/orders/{order['id']}"
    preview = await api.client.post(f"{path}/cancel?dry_run=true", headers=brand.auth)
    assert preview.status_code == 200 and preview.headers["x-dry-run"] == "true"
    assert preview.json()["state"] == "refunded"
    assert ok(await api.client.get(path, headers=brand.auth))["state"] == "requested"
    assert (await balance(api, brand))["escrow_fen"] == 105_000
    history = ok(await api.client.get(f"{path}/history", headers=brand.auth))
    assert [h["trigger"] for h in history] == ["create"]
    refused = await api.client.post(f"{path}/refund?dry_run=true", headers=creator.auth)
    assert ok(refused, 403)["code"] == "forbidden"


async def test_a_replayed_dry_run_still_says_it_is_one(api: Api) -> None:
    """A client that retries a dry run whose answer it lost must not take the replay for
    the real transition."""
    brand = await make_brand(api)
    order = await make_order(api, brand, await make_creator(api))
    url = f"/v1/orders/{order['id']}/cancel?dry_run=true"
    keyed = {**brand.auth, "Idempotency-Key": "dry-1"}
    first = await api.client.post(url, headers=keyed)
    again = await api.client.post(url, headers=keyed)
    assert again.headers["idempotent-replayed"] == "true"
    assert first.headers["x-dry-run"] == again.headers["x-dry-run"] == "true"
    assert again.json() == first.json()
