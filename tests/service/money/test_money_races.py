"""Money under concurrency: the database's row locks decide, balances never go negative."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from tests.factories import (
    Api,
    balance,
    fire,
    make_brand,
    make_creator,
    make_order,
    ok,
    order_body,
    video_url,
)
from tests.service.money.test_wallets import earn

R = {"reason": "ops ticket 88"}


async def test_twenty_concurrent_withdrawals_never_overdraw(api: Api) -> None:
    creator = await make_creator(api)
    payout = await earn(api, creator)  # 95,000 fen
    body = {"amount_fen": 10_000, "channel": "alipay", "destination": "13800138000"}
    responses = await asyncio.gather(
        *(api.client.post("/v1/withdrawals", json=body, headers=creator.auth) for _ in range(20))
    )
    codes = [r.status_code for r in responses]
    assert codes.count(201) == payout // 10_000, codes
    assert all(r.json()["code"] == "insufficient_funds" for r in responses if r.status_code != 201)
    after = await balance(api, creator)
    assert after["available_fen"] == payout - 10_000 * codes.count(201)
    assert after["available_fen"] >= 0


async def test_twenty_concurrent_orders_never_take_the_brand_below_zero(api: Api) -> None:
    brand = await make_brand(api, funds_fen=10 * 105_000 + 50_000)
    creator = await make_creator(api)
    body = order_body(creator, price_fen=100_000)
    responses = await asyncio.gather(
        *(api.client.post("/v1/orders", json=body, headers=brand.auth) for _ in range(20))
    )
    codes = [r.status_code for r in responses]
    assert codes.count(201) == 10 and codes.count(402) == 10, codes
    after = await balance(api, brand)
    assert (after["available_fen"], after["escrow_fen"]) == (50_000, 10 * 105_000)


async def test_concurrent_settle_and_refund_move_escrow_once(api: Api) -> None:
    brand = await make_brand(api, funds_fen=1_000_000)
    creator = await make_creator(api)
    for round_ in range(3):
        order = await make_order(api, brand, creator, price_fen=100_000, retention_days=1)
        ok(await fire(api, order["id"], "accept", creator.auth))
        url = video_url(creator, 100 + round_)
        ok(await fire(api, order["id"], "publish", creator.auth, video_url=url))
        api.clock.advance(timedelta(days=4))
        ok(await fire(api, order["id"], "complete_retention", api.ops, **R))
        api.clock.advance(timedelta(days=3))
        settle, refund = await asyncio.gather(
            fire(api, order["id"], "settle", api.ops, **R),
            fire(api, order["id"], "refund", api.ops, **R),
        )
        assert sorted([settle.status_code, refund.status_code]) == [200, 409]
        final = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=api.ops))
        assert final["state"] == ("closed" if settle.status_code == 200 else "refunded")
    assert ok(await api.client.get("/v1/ops/ledger-check", headers=api.ops))["clean"]
    assert (await balance(api, brand))["escrow_fen"] == 0
