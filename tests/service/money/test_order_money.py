"""Every path through the order machine leaves each account where the product says."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import (
    Api,
    Creator,
    Party,
    balance,
    fire,
    make_brand,
    make_creator,
    make_order,
    ok,
    video_url,
)

FUNDS = 500_000
PRICE = 100_000  # ¥1,000.00: fee 5,000, total 105,000, commission 5,000, payout 95,000
TOTAL, PAYOUT, PLATFORM, COMPENSATION = 105_000, 95_000, 10_000, 30_000
R = {"reason": "ops ticket 88"}

# path → (steps, brand available, creator available, platform revenue); steps are
# (trigger, who, days to wait first)
PATHS = {
    "cancel": ([("cancel", "brand", 0)], FUNDS, 0, 0),
    "decline": ([("decline", "creator", 0)], FUNDS, 0, 0),
    "expire": ([("expire", "ops", 1)], FUNDS, 0, 0),
    "refund_requested": ([("refund", "ops", 0)], FUNDS, 0, 0),
    "refund_accepted": ([("accept", "creator", 0), ("refund", "ops", 0)], FUNDS, 0, 0),
    "miss_deadline": ([("accept", "creator", 0), ("miss_deadline", "ops", 7)], FUNDS, 0, 0),
    "report_removed": (
        [("accept", "creator", 0), ("publish", "creator", 0), ("report_removed", "ops", 1)],
        FUNDS, 0, 0,
    ),
    "refund_published": (
        [("accept", "creator", 0), ("publish", "creator", 0), ("refund", "ops", 0)], FUNDS, 0, 0,
    ),
    "fake_traffic_published": (
        [("accept", "creator", 0), ("publish", "creator", 0), ("flag_fake_traffic", "ops", 0)],
        FUNDS + COMPENSATION, -COMPENSATION, 0,
    ),
    "refund_retained": (
        [("accept", "creator", 0), ("publish", "creator", 0),
         ("complete_retention", "ops", 30), ("refund", "ops", 0)],
        FUNDS, 0, 0,
    ),
    "fake_traffic_retained": (
        [("accept", "creator", 0), ("publish", "creator", 0),
         ("complete_retention", "ops", 30), ("flag_fake_traffic", "ops", 0)],
        FUNDS + COMPENSATION, -COMPENSATION, 0,
    ),
    "settle": (
        [("accept", "creator", 0), ("publish", "creator", 0),
         ("complete_retention", "ops", 30), ("settle", "ops", 3)],
        FUNDS - TOTAL, PAYOUT, PLATFORM,
    ),
}  # fmt: skip


async def _run(api: Api, order_id: str, steps: list, brand: Party, creator: Creator) -> None:  # type: ignore[type-arg]
    who = {"brand": brand.auth, "creator": creator.auth, "ops": api.ops}
    for trigger, actor, days in steps:
        api.clock.advance(timedelta(days=days))
        body: dict[str, str] = dict(R) if actor == "ops" else {}
        if trigger == "publish":
            body["video_url"] = video_url(creator)
        if trigger == "report_removed":
            body["video_status"] = "removed"
        if trigger == "flag_fake_traffic":
            body["evidence"] = "bot plays"
        ok(await fire(api, order_id, trigger, who[actor], **body))


@pytest.mark.parametrize("path", list(PATHS))
async def test_final_balances_for_every_path(api: Api, path: str) -> None:
    steps, brand_after, creator_after, platform_after = PATHS[path]
    brand = await make_brand(api, funds_fen=FUNDS)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator, price_fen=PRICE)
    held = await balance(api, brand)
    assert (held["available_fen"], held["escrow_fen"]) == (FUNDS - TOTAL, TOTAL)

    await _run(api, order["id"], steps, brand, creator)

    after = await balance(api, brand)
    assert after["available_fen"] == brand_after
    assert after["escrow_fen"] == 0  # a final order holds nothing
    assert (await balance(api, creator))["available_fen"] == creator_after
    check = ok(await api.client.get("/v1/ops/ledger-check", headers=api.ops))
    assert check["clean"], check["discrepancies"]
    assert await _platform_revenue(api) == platform_after


async def _platform_revenue(api: Api) -> int:
    from sqlmodel import select

    from service.money.models import PLATFORM as OWNER
    from service.money.models import Account, AccountKind

    async with api.database.session() as session:
        rows = await session.exec(
            select(Account.balance_fen).where(
                Account.kind == AccountKind.PLATFORM_REVENUE, Account.owner_id == OWNER
            )
        )
        return sum(rows)
    return 0


async def test_create_without_funds_is_402_and_holds_nothing(api: Api) -> None:
    brand = await make_brand(api, funds_fen=TOTAL - 1)
    creator = await make_creator(api)
    response = await api.client.post(
        "/v1/orders",
        json={
            "creator_id": creator.id, "channel_id": creator.channel_id,
            "price_fen": PRICE, "brief": "b", "review": "none",
        },
        headers=brand.auth,
    )  # fmt: skip
    problem = ok(response, 402)
    assert problem["code"] == "insufficient_funds"
    assert ok(await api.client.get("/v1/orders", headers=brand.auth))["data"] == []
    assert (await balance(api, brand))["available_fen"] == TOTAL - 1
    order = await make_order(api, brand, creator, price_fen=PRICE - 1)
    assert order["line_items"]["brand_total_fen"] <= TOTAL - 1


async def test_ledger_shows_the_brand_its_own_lines(api: Api) -> None:
    brand = await make_brand(api, funds_fen=FUNDS)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator, price_fen=PRICE)
    ok(await fire(api, order["id"], "cancel", brand.auth))
    page = ok(await api.client.get("/v1/ledger?limit=2", headers=brand.auth))
    assert [(line["entry_kind"], line["amount_fen"]) for line in page["data"]] == [
        ("order_refund", TOTAL),
        ("order_hold", -TOTAL),
    ]
    assert page["has_more"]
    rest = ok(
        await api.client.get(f"/v1/ledger?starting_after={page['next_cursor']}", headers=brand.auth)
    )
    assert [(line["entry_kind"], line["amount_fen"]) for line in rest["data"]] == [
        ("top_up", FUNDS)
    ]
    creator_lines = ok(await api.client.get("/v1/ledger", headers=creator.auth))
    assert creator_lines["data"] == []


async def test_a_release_announces_each_partys_own_lines_after_the_orders_event(
    api: Api,
) -> None:
    brand = await make_brand(api, funds_fen=FUNDS)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator, price_fen=PRICE)
    ok(await fire(api, order["id"], "cancel", brand.auth))
    await api.app.state.worker.run_once()  # numbers the events

    page = ok(await api.client.get("/v1/events?limit=100", headers=brand.auth))["data"]
    cancel = next(i for i, e in enumerate(page) if e["type"] == "order.cancel")
    refunded = [e for e in page[cancel:] if e["type"] == "balance.changed"]
    assert len(refunded) == 1, "one balance event for the brand, after the order's event"
    assert refunded[0]["data"]["entry_kind"] == "order_refund"
    assert refunded[0]["data"]["order_id"] == order["id"]
    assert refunded[0]["data"]["lines"] == [
        {"account_kind": "brand_available", "amount_fen": TOTAL}
    ]
    seen_by_creator = ok(await api.client.get("/v1/events?limit=100", headers=creator.auth))
    assert "balance.changed" not in {e["type"] for e in seen_by_creator["data"]}
