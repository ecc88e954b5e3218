"""The project summary: every figure equals the sum of its orders, to the fen and the play,
for every state; a property over random projects (seeded, so a failure replays)."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.factories import (
    Api,
    Creator,
    Party,
    fire,
    make_brand,
    make_creator,
    make_order,
    ok,
    set_video,
    video_url,
)

COUNTS = ("plays", "likes", "comments", "shares")
SHANGHAI = ZoneInfo("Asia/Shanghai")
ESCROWED = ("requested", "accepted", "published", "retained")


async def sweep(api: Api) -> None:
    await api.app.state.worker.run_until_idle()


async def random_project(
    api: Api, rng: random.Random, brand: Party, creators: list[Creator]
) -> str:
    """A project with orders in every state the dice pick, checked on a moving clock."""
    body = {"name": f"项目 {rng.randrange(10**6)}"}
    project = ok(await api.client.post("/v1/projects", json=body, headers=brand.auth), 201)["id"]
    goals: list[tuple[str, str, Creator]] = []
    kinds = ["refunded", "accepted", "published", "retained", "closed", "compensated",
             "in_review", "disputed"]  # fmt: skip
    for n in range(rng.randrange(5, 12)):
        creator = rng.choice(creators)
        goal = rng.choice(kinds)
        terms: dict[str, Any] = {"price_fen": rng.randrange(100, 5_000_000), "project_id": project}
        terms["retention_days"] = 30 if goal in ("published", "disputed") else 1
        if goal in ("compensated", "in_review"):
            terms["review"] = "script_and_video"
        order = await make_order(api, brand, creator, **terms)
        if goal == "refunded":
            ok(await fire(api, order["id"], "cancel", brand.auth))
            continue
        ok(await fire(api, order["id"], "accept", creator.auth))
        if goal in ("compensated", "in_review"):
            script = {"content": "脚本：开箱，试喝，三十秒"}
            ok(await fire(api, order["id"], "submit_script", creator.auth, **script))
            if goal == "compensated":  # 10% of the price to the creator side
                ok(await fire(api, order["id"], "cancel", brand.auth))
            continue
        if goal != "accepted":
            url = video_url(creator, rng.randrange(10**9) * 100 + n)
            ok(await fire(api, order["id"], "publish", creator.auth, video_url=url))
            if rng.random() < 0.3:
                await set_video(api, url, "live", plays=rng.randrange(10**6), likes=5)
        goals.append((order["id"], goal, creator))
    for _ in range(rng.randrange(3, 8)):  # checks over several days
        api.clock.advance(timedelta(hours=rng.randrange(1, 9)))
        await sweep(api)
    api.clock.advance(timedelta(days=1))
    await sweep(api)
    for order_id, goal, _ in goals:
        if goal == "closed":
            ok(await fire(api, order_id, "settle", api.ops, reason="settled early"))
        if goal == "disputed":
            claim = {"reason": "the logo is hidden", "evidence": "screenshot 00:12"}
            ok(await fire(api, order_id, "open_dispute", brand.auth, **claim))
            verdict = {"refund_bps": rng.randrange(0, 10_001), "reason": "partly shown"}
            ok(await fire(api, order_id, "resolve_dispute", api.ops, **verdict))
    for _ in range(rng.randrange(0, 3)):  # orders still requested
        await make_order(api, brand, rng.choice(creators), project_id=project)
    return project  # type: ignore[no-any-return]


def half_up(amount: int, bps: int) -> int:
    return (amount * bps + 5_000) // 10_000


def paid_out(order: dict[str, Any]) -> int:
    """What left the order's escrow for the creator side and the platform (product.md §5,
    §10), from the order as the API shows it."""
    if order["state"] in ESCROWED:
        return 0
    price = order["price_fen"]
    if order["refund_bps"] is not None:
        settled = price - half_up(price, order["refund_bps"])
        return settled + half_up(settled, 500)
    if order["state"] == "closed":
        return order["line_items"]["brand_total_fen"]  # type: ignore[no-any-return]
    return order["compensation_fen"] + half_up(order["compensation_fen"], 500)  # type: ignore[no-any-return]


async def brand_ledger(api: Api, brand: Party, order_ids: set[str]) -> dict[str, int]:
    """From the brand's own ledger: what it holds against these orders (held minus given
    back) and what came back to it, to the fen."""
    lines, cursor = [], None
    while True:
        query = "/v1/ledger?limit=100" + (f"&starting_after={cursor}" if cursor else "")
        page = ok(await api.client.get(query, headers=brand.auth))
        lines += page["data"]
        if not page["has_more"]:
            break
        cursor = page["next_cursor"]
    mine = [line for line in lines if line.get("order_id") in order_ids]
    held = -sum(line["amount_fen"] for line in mine)
    back = sum(line["amount_fen"] for line in mine if line["amount_fen"] > 0)
    return {"held": held, "back": back}


def day_of(moment: str) -> str:
    when = datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(UTC)
    return when.astimezone(SHANGHAI).date().isoformat()


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_summary_figures_are_the_sums_of_their_orders(api: Api, seed: int) -> None:
    rng = random.Random(seed)
    brand = await make_brand(api, funds_fen=10**10)
    creators = [await make_creator(api, f"达人 {i}") for i in range(3)]
    project = await random_project(api, rng, brand, creators)

    orders = ok(
        await api.client.get(f"/v1/orders?project_id={project}&limit=100", headers=brand.auth)
    )
    orders = orders["data"]
    summary = ok(await api.client.get(f"/v1/projects/{project}/summary", headers=brand.auth))
    assert summary["orders"] == len(orders) and summary["per_order_complete"]

    groups: dict[tuple[str, str | None], list[dict[str, Any]]] = defaultdict(list)
    for order in orders:
        groups[order["state"], order["stage"]].append(order)
    assert {
        (g["state"], g["stage"]): (
            g["orders"], g["price_fen"], g["brand_total_fen"], g["paid_out_fen"],
            g["compensation_fen"],
        )
        for g in summary["by_state"]
    } == {
        key: (
            len(os),
            sum(o["price_fen"] for o in os),
            sum(o["line_items"]["brand_total_fen"] for o in os),
            sum(paid_out(o) for o in os),
            sum(o["compensation_fen"] for o in os),
        )
        for key, os in groups.items()
    }  # fmt: skip

    def total(states: tuple[str, ...]) -> int:
        return sum(o["line_items"]["brand_total_fen"] for o in orders if o["state"] in states)

    money = summary["money"]
    paid = sum(paid_out(o) for o in orders)
    assert money["in_escrow_fen"] == total(ESCROWED)
    assert money["settled_fen"] == paid
    assert money["refunded_fen"] == total(("closed", "refunded")) - paid
    assert money["committed_fen"] == total(ESCROWED) + paid
    assert money["compensation_fen"] == sum(o["compensation_fen"] for o in orders)
    ledger = await brand_ledger(api, brand, {o["id"] for o in orders})
    assert money["refunded_fen"] == ledger["back"] and money["committed_fen"] == ledger["held"]

    latest: dict[str, dict[str, int]] = {}
    gained: dict[str, int] = defaultdict(int)
    for order in orders:
        data = ok(await api.client.get(f"/v1/orders/{order['id']}/metrics", headers=brand.auth))
        if not data["snapshots"]:
            continue
        latest[order["id"]] = {name: data[name] for name in COUNTS} | {
            "price_fen": order["price_fen"]
        }
        last_of_day: dict[str, int] = {}
        for snapshot in data["snapshots"]:
            last_of_day[day_of(snapshot["observed_at"])] = snapshot["plays"]
        before = 0
        for day in sorted(last_of_day):
            gained[day] += last_of_day[day] - before
            before = last_of_day[day]

    def summed(order_ids: list[str]) -> dict[str, int]:
        return {
            name: sum(latest[i][name] for i in order_ids) for name in (*COUNTS, "price_fen")
        } | {"orders": len(order_ids)}

    metrics = summary["metrics"]
    assert {k: metrics[k] for k in (*COUNTS, "price_fen", "orders")} == summed(list(latest))
    assert metrics["plays"] > 0
    by_creator: dict[str, list[str]] = defaultdict(list)
    for order in orders:
        if order["id"] in latest:
            by_creator[order["creator_id"]].append(order["id"])
    assert {
        c["creator_id"]: {k: c[k] for k in (*COUNTS, "price_fen", "orders")}
        for c in summary["per_creator"]
    } == {creator: summed(ids) for creator, ids in by_creator.items()}
    assert {o["order_id"]: {k: o[k] for k in COUNTS} for o in summary["per_order"]} == {
        i: {k: v for k, v in counts.items() if k in COUNTS} for i, counts in latest.items()
    }
    assert {d["day"]: d["plays"] for d in summary["plays_per_day"]} == dict(gained)
    assert summary["plays_per_day"][-1]["total_plays"] == metrics["plays"]


async def test_a_brand_sees_only_its_own_projects_summary(api: Api) -> None:
    brand, other = await make_brand(api), await make_brand(api, "Other")
    project = ok(await api.client.post("/v1/projects", json={"name": "x"}, headers=brand.auth), 201)
    path = f"/v1/projects/{project['id']}/summary"
    assert ok(await api.client.get(path, headers=other.auth), 404)["code"] == "not_found"
    creator = await make_creator(api)
    assert (await api.client.get(path, headers=creator.auth)).status_code == 404
    empty = ok(await api.client.get(path, headers=api.ops))
    assert (empty["orders"], empty["metrics"]["plays"], empty["metrics"]["cpm_fen"]) == (0, 0, None)
    assert empty["plays_per_day"] == [] and empty["money"]["committed_fen"] == 0


async def test_the_money_counts_the_fee_each_order_was_priced_with(api: Api) -> None:
    """The brand fee changes in the settings after the orders were made: the summary and
    the project's committed money still count the fee the ledger charged (5%)."""
    rng = random.Random(7)
    brand = await make_brand(api, funds_fen=10**10)
    creators = [await make_creator(api, f"达人 {i}") for i in range(2)]
    project = await random_project(api, rng, brand, creators)
    path = f"/v1/projects/{project}/summary"
    before = ok(await api.client.get(path, headers=brand.auth))["money"]
    assert before["settled_fen"] > 0
    api.app.state.settings = api.app.state.settings.model_copy(update={"brand_fee_bps": 800})
    after = ok(await api.client.get(path, headers=brand.auth))["money"]
    assert after == before
    listed = ok(await api.client.get(f"/v1/projects/{project}", headers=brand.auth))
    assert listed["committed_fen"] == before["committed_fen"]
    orders = ok(
        await api.client.get(f"/v1/orders?project_id={project}&limit=100", headers=brand.auth)
    )["data"]
    ledger = await brand_ledger(api, brand, {o["id"] for o in orders})
    assert (after["committed_fen"], after["refunded_fen"]) == (ledger["held"], ledger["back"])
