"""Every timer of product.md §7 with an injected clock, the video checks, and the races."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from service.timers.worker import Pass
from tests.factories import (
    Api,
    balance,
    fire,
    make_brand,
    make_creator,
    make_order,
    ok,
    published_order,
    set_video,
    video_url,
)

R = {"reason": "ops ticket 5"}


async def sweep(api: Api) -> Pass:
    return await api.app.state.worker.run_until_idle()  # type: ignore[no-any-return]


async def get(api: Api, order_id: str) -> dict[str, Any]:
    return ok(await api.client.get(f"/v1/orders/{order_id}", headers=api.ops))  # type: ignore[no-any-return]


async def triggers(api: Api, order_id: str) -> list[tuple[str, str]]:
    history = ok(await api.client.get(f"/v1/orders/{order_id}/history", headers=api.ops))
    return [(h["trigger"], h["actor_kind"]) for h in history]


async def test_expire_fires_at_the_accept_deadline_and_not_before(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    api.clock.advance(timedelta(hours=24) - timedelta(microseconds=1))
    assert (await sweep(api)).timers == 0
    api.clock.advance(timedelta(microseconds=1))
    assert (await sweep(api)).timers == 1
    assert (await get(api, order["id"]))["state"] == "refunded"
    assert await triggers(api, order["id"]) == [("create", "brand"), ("expire", "system")]
    assert (await balance(api, brand))["escrow_fen"] == 0
    assert (await sweep(api)).timers == 0  # fires at most once


async def test_miss_deadline_fires_and_costs_a_point(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator, publish_days=3)
    ok(await fire(api, order["id"], "accept", creator.auth))
    api.clock.advance(timedelta(days=3))
    assert (await sweep(api)).timers == 1
    assert (await get(api, order["id"]))["state"] == "refunded"
    credit = ok(await api.client.get(f"/v1/creators/{creator.id}/violations", headers=api.ops))
    assert [v["kind"] for v in credit["violations"]] == ["missed_deadline"]


async def test_retention_then_settlement_run_by_themselves(api: Api) -> None:
    brand = await make_brand(api, funds_fen=200_000)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator, price_fen=100_000, retention_days=7)
    api.clock.advance(timedelta(days=7) - timedelta(seconds=1))
    done = await sweep(api)
    assert done.timers == 0 and done.videos >= 1  # the daily checks and the last one
    assert (await get(api, order["id"]))["state"] == "published"
    api.clock.advance(timedelta(seconds=1))
    assert (await sweep(api)).timers == 1
    retained = await get(api, order["id"])
    assert retained["state"] == "retained" and retained["next_timer"] == "settle"
    api.clock.advance(timedelta(days=3))
    assert (await sweep(api)).timers == 1
    assert (await get(api, order["id"]))["state"] == "closed"
    assert (await balance(api, creator))["available_fen"] == 95_000
    assert await triggers(api, order["id"]) == [
        ("create", "brand"), ("accept", "creator"), ("publish", "creator"),
        ("complete_retention", "system"), ("settle", "system"),
    ]  # fmt: skip


async def test_daily_checks_take_snapshots_and_catch_a_removal(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator, retention_days=30)
    await set_video(api, order["video_url"], "live", plays=1_200, likes=80)
    api.clock.advance(timedelta(days=1))
    assert (await sweep(api)).videos == 1
    await set_video(api, order["video_url"], "private")
    api.clock.advance(timedelta(days=1))
    await sweep(api)
    refunded = await get(api, order["id"])
    assert refunded["state"] == "refunded" and refunded["video_status"] == "private"
    assert await triggers(api, order["id"]) == [
        ("create", "brand"), ("accept", "creator"), ("publish", "creator"),
        ("report_removed", "system"),
    ]  # fmt: skip
    credit = ok(await api.client.get(f"/v1/creators/{creator.id}/violations", headers=api.ops))
    assert [v["kind"] for v in credit["violations"]] == ["early_removal"]


async def test_the_last_check_before_the_end_catches_a_removal(api: Api) -> None:
    """The final check runs shortly before the period ends, so complete_retention at the end
    never rests on a sighting older than that."""
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator, retention_days=1)
    await set_video(api, order["video_url"], "removed")
    api.clock.advance(timedelta(hours=23, minutes=55))  # the last check, 10 min before the end
    await sweep(api)
    assert (await get(api, order["id"]))["state"] == "refunded"


async def test_accept_at_the_instant_the_deadline_fires(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    for offset, winner in ((timedelta(0), "expire"), (timedelta(microseconds=-1), "accept")):
        order = await make_order(api, brand, creator)
        deadline = api.clock.now() + timedelta(hours=24)
        api.clock.set(deadline + offset)
        accepted, _ = await asyncio.gather(
            fire(api, order["id"], "accept", creator.auth), sweep(api)
        )
        await sweep(api)  # a pass that found the row locked by the request skipped it
        history = [t for t, _ in await triggers(api, order["id"])]
        assert history == ["create", winner], (offset, history)
        assert accepted.status_code == (200 if winner == "accept" else 409)
        if winner == "accept":  # later, the publish deadline is what is due
            assert (await get(api, order["id"]))["next_timer"] == "miss_deadline"
        api.clock.set(deadline + timedelta(hours=1))


async def test_ops_refund_while_settle_is_due(api: Api) -> None:
    brand = await make_brand(api, funds_fen=1_000_000)
    creator = await make_creator(api)
    outcomes = set()
    for number in range(3):
        order = await make_order(api, brand, creator, price_fen=100_000, retention_days=1)
        ok(await fire(api, order["id"], "accept", creator.auth))
        url = video_url(creator, 500 + number)
        ok(await fire(api, order["id"], "publish", creator.auth, video_url=url))
        api.clock.advance(timedelta(days=1))
        ok(await fire(api, order["id"], "complete_retention", api.ops, **R))
        api.clock.advance(timedelta(days=3))
        refund, _ = await asyncio.gather(fire(api, order["id"], "refund", api.ops, **R), sweep(api))
        await sweep(api)  # a pass that found the row locked by the request skipped it
        history = [t for t, _ in await triggers(api, order["id"])]
        assert (
            history[-1] in {"refund", "settle"}
            and history.count("refund") + history.count("settle") == 1
        )
        assert refund.status_code == (200 if history[-1] == "refund" else 409)
        outcomes.add(history[-1])
    assert (await balance(api, brand))["escrow_fen"] == 0
    assert outcomes  # which one wins is the database's call; both are correct


async def test_removal_reported_after_the_retention_end(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator, retention_days=7)
    api.clock.advance(timedelta(days=7, hours=1))  # the worker has not run yet
    await set_video(api, order["video_url"], "removed")
    problem = ok(await fire(api, order["id"], "report_removed", api.ops, **R), 409)
    assert problem["code"] == "video_not_gone_within_retention"
    assert (await sweep(api)).timers == 1
    assert (await get(api, order["id"]))["state"] == "retained"


async def test_refused_timer_is_retried_later_not_spun(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator, retention_days=1)
    async with api.database.engine.begin() as connection:  # a video never seen live
        from sqlalchemy import text

        await connection.execute(
            text("UPDATE orders SET video_status = NULL, video_check_at = NULL WHERE id = :id"),
            {"id": order["id"]},
        )
    api.clock.advance(timedelta(days=1))
    assert (await sweep(api)).timers == 0
    postponed = await get(api, order["id"])
    assert postponed["state"] == "published" and postponed["next_due_at"] > order["next_due_at"]
    assert postponed["version"] == order["version"] + 1  # a new due time is a new version
