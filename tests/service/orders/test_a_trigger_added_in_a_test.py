"""A trigger and a guard that exist only in this test, added to the machine as data: the
routes, what a caller may fire, the facts loaded for the guard, the write, the money, the
history, the event, the dry run and the description all follow, with no service code of
their own. (Adding one for real is the same row in `statemachine/table.py`.)"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

import statemachine as sm
from service.app import bootstrap, create_app
from service.clock import ManualClock
from service.config import Settings
from service.db import Database
from service.events.emit import assign_sequences
from service.orders.transitions import set_wise
from service.ports.payments import SimulatedPayoutProvider
from statemachine import guards as g
from tests.conftest import START
from tests.factories import OPS_KEY, Api, fire, make_brand, make_creator, make_order, ok


def _channel_lost_standing(order: sm.OrderFacts, attempt: sm.Attempt) -> str | None:
    if order.channel is not None and not order.channel.in_good_standing:
        return None
    return "the order's channel is in good standing"


CHANNEL_LOST_STANDING = g.Guard(
    "channel_lost_standing",
    "the platform reports a violation on the order's channel",
    "channel_in_good_standing",
    _channel_lost_standing,
    needs=frozenset({sm.Fact.CHANNEL}),
)
RECLAIM = sm.Transition(
    "reclaim",
    (sm.State.ACCEPTED,),
    sm.State.REFUNDED,
    frozenset({sm.Actor.BRAND}),
    "the brand takes its money back: the channel lost its standing before publication",
    guards=(CHANNEL_LOST_STANDING, g.REASON_GIVEN),
    money=sm.Money.REFUND_TO_BRAND,
)
MACHINE = sm.ORDER_MACHINE.extended(RECLAIM)


def test_the_row_declares_what_the_service_must_load() -> None:
    assert RECLAIM.needs == {sm.Fact.CHANNEL}
    assert RECLAIM.input_fields == ("reason",)
    assert not set_wise(RECLAIM), "a guard that reads the channel is not decided by the row"
    channel = sm.ChannelFacts(sm.Platform.DOUYIN, 200_000, False, "lily")
    facts = sm.OrderFacts(sm.State.ACCEPTED, channel=channel)
    taken = MACHINE.fire("reclaim", facts, sm.Attempt(sm.Actor.BRAND, START, reason="banned"))
    assert taken.transition is RECLAIM
    assert "reclaim" not in sm.ORDER_MACHINE.triggers, "the real table is untouched"


def test_the_schema_follows_the_row() -> None:
    schema = create_app(Settings(), machine=MACHINE).openapi()
    operation = schema["paths"]["/v1/orders/{order_id}/reclaim"]["post"]
    assert operation["operationId"] == "reclaim_order"
    assert "channel_in_good_standing" in operation["responses"]["409"]["x-problem-codes"]
    assert "reason_required" in operation["responses"]["422"]["x-problem-codes"]
    enums = schema["components"]["schemas"]
    assert "reclaim" in enums["Trigger"]["enum"]
    assert "order.reclaim" in enums["EventType"]["enum"]
    assert "channel_in_good_standing" in enums["ProblemCode"]["enum"]


@pytest.fixture
async def api(database: Database) -> AsyncIterator[Api]:
    clock, payouts = ManualClock(START), SimulatedPayoutProvider()
    settings = Settings(database_url=database.url, bootstrap_ops_key=OPS_KEY)
    app = create_app(settings, database=database, clock=clock, payouts=payouts, machine=MACHINE)
    await bootstrap(app)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield Api(client=client, clock=clock, payouts=payouts, app=app, database=database)


async def test_the_new_trigger_works_end_to_end(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order = await make_order(api, brand, creator)
    ok(await fire(api, order["id"], "accept", creator.auth))
    url = f"/v1/orders/{order['id']}"
    balance = ok(await api.client.get("/v1/balance", headers=brand.auth))

    shown = ok(await api.client.get(f"{url}/transitions", headers=brand.auth))
    (reclaim,) = [t for t in shown["transitions"] if t["trigger"] == "reclaim"]
    assert (reclaim["allowed"], reclaim["requires"]) == (False, ["reason"])
    assert [r["code"] for r in reclaim["reasons"]] == ["channel_in_good_standing"]
    refused = ok(await fire(api, order["id"], "reclaim", brand.auth, reason="x"), 409)
    assert refused["code"] == "channel_in_good_standing"
    assert ok(await fire(api, order["id"], "reclaim", creator.auth, reason="x"), 403)

    channel = f"/v1/creators/{creator.id}/channels/{creator.channel_id}"
    ok(await api.client.patch(channel, json={"in_good_standing": False}, headers=api.ops))
    missing = ok(await fire(api, order["id"], "reclaim", brand.auth), 422)
    assert missing["code"] == "reason_required"
    rehearsal = await api.client.post(
        f"{url}/reclaim", params={"dry_run": "true"}, json={"reason": "banned"},
        headers=brand.auth,
    )  # fmt: skip
    assert ok(rehearsal)["state"] == "refunded" and rehearsal.headers["X-Dry-Run"] == "true"
    assert ok(await api.client.get(url, headers=brand.auth))["state"] == "accepted"

    done = ok(await fire(api, order["id"], "reclaim", brand.auth, reason="channel banned"))
    assert (done["state"], done["version"]) == ("refunded", 3)
    history = ok(await api.client.get(f"{url}/history", headers=brand.auth))
    assert (history[-1]["trigger"], history[-1]["reason"]) == ("reclaim", "channel banned")
    after = ok(await api.client.get("/v1/balance", headers=brand.auth))
    held = order["line_items"]["brand_total_fen"]
    assert after["available_fen"] == balance["available_fen"] + held
    await assign_sequences(api.database)  # (the worker numbers events)
    events = ok(await api.client.get("/v1/events", headers=brand.auth))["data"]
    assert "order.reclaim" in [event["type"] for event in events]
    machine = ok(await api.client.get("/v1/order-machine"))
    assert "reclaim" in [row["trigger"] for row in machine["transitions"]]
    assert "accepted --> refunded: reclaim (brand)" in machine["mermaid"]
