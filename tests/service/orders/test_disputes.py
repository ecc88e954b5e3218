"""Disputes (售后, product.md §10): the brand opens one after publication, settlement waits,
ops resolve it with a share of the price refunded, in one journal entry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.factories import (
    Api,
    balance,
    fire,
    make_brand,
    make_creator,
    make_party,
    ok,
    published_order,
)
from tests.service.mcn.test_contracts import sign
from tests.service.orders.test_cancellation import entry_kinds, platform_revenue

FUNDS, PRICE, TOTAL = 500_000, 100_000, 105_000
DISPUTE = {"reason": "the video shows a rival's tea", "evidence": "screenshot at 0:12"}
R = {"reason": "ops reviewed the video and the brief"}

# refund_bps → (brand back, creator, MCN, platform) without and with an MCN (20%), typed by
# hand from §5 and §10 for a price of ¥1,000: the refund is rounded half up in the brand's
# favour, the rest settled with its fee and commission (half up) and MCN share (down).
SPLITS = {
    0: ((0, 95_000, 0, 10_000), (0, 76_000, 19_000, 10_000)),
    1: ((10, 94_990, 0, 10_000), (10, 75_992, 18_998, 10_000)),
    3_333: ((34_996, 63_336, 0, 6_668), (34_996, 50_669, 12_667, 6_668)),
    5_000: ((52_500, 47_500, 0, 5_000), (52_500, 38_000, 9_500, 5_000)),
    9_999: ((104_989, 9, 0, 2), (104_989, 8, 1, 2)),
    10_000: ((TOTAL, 0, 0, 0), (TOTAL, 0, 0, 0)),
}


@pytest.mark.parametrize("with_mcn", [False, True], ids=["solo", "mcn"])
@pytest.mark.parametrize("refund_bps", list(SPLITS))
async def test_ops_resolve_a_dispute_with_a_partial_refund(
    api: Api, refund_bps: int, with_mcn: bool
) -> None:
    brand = await make_brand(api, funds_fen=FUNDS)
    creator = await make_creator(api)
    mcn = await make_party(api, "mcn", "Star MCN")
    if with_mcn:
        await sign(api, mcn, creator, share_bps=2_000)
    revenue_before = await platform_revenue(api)
    order = await published_order(api, brand, creator, price_fen=PRICE)
    opened = ok(await fire(api, order["id"], "open_dispute", brand.auth, **DISPUTE))
    assert (opened["state"], opened["dispute_open"]) == ("published", True)
    resolved = ok(
        await fire(api, order["id"], "resolve_dispute", api.ops, refund_bps=refund_bps, **R)
    )
    assert resolved["state"] == ("refunded" if refund_bps == 10_000 else "closed")
    assert (resolved["refund_bps"], resolved["dispute_open"]) == (refund_bps, False)
    back, to_creator, to_mcn, to_platform = SPLITS[refund_bps][with_mcn]
    assert (await balance(api, brand))["available_fen"] == FUNDS - TOTAL + back
    assert (await balance(api, creator))["available_fen"] == to_creator
    assert (await balance(api, mcn))["available_fen"] == to_mcn
    assert await platform_revenue(api) - revenue_before == to_platform
    assert sorted(await entry_kinds(api, order["id"])) == ["dispute_settlement", "order_hold"]


async def test_a_dispute_holds_settlement_until_it_is_withdrawn(api: Api) -> None:
    brand = await make_brand(api, funds_fen=FUNDS)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator, price_fen=PRICE, retention_days=7)
    ok(await fire(api, order["id"], "open_dispute", brand.auth, **DISPUTE))
    second = ok(await fire(api, order["id"], "open_dispute", brand.auth, **DISPUTE), 409)
    assert second["code"] == "dispute_open"
    api.clock.advance(timedelta(days=7))
    await api.app.state.worker.run_until_idle()
    retained = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=brand.auth))
    assert retained["state"] == "retained"  # the retention period still ends
    assert retained["next_timer"] is None  # but the settle timer waits
    api.clock.advance(timedelta(days=5))
    assert (await api.app.state.worker.run_until_idle()).timers == 0
    refused = ok(await fire(api, order["id"], "settle", api.ops, **R), 409)
    assert refused["code"] == "dispute_open"
    withdrawn = ok(await fire(api, order["id"], "withdraw_dispute", brand.auth))
    assert (withdrawn["dispute_open"], withdrawn["next_timer"]) == (False, "settle")
    await api.app.state.worker.run_until_idle()
    closed = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=brand.auth))
    assert closed["state"] == "closed"
    assert (await balance(api, creator))["available_fen"] == 95_000
    history = ok(await api.client.get(f"/v1/orders/{order['id']}/history", headers=brand.auth))
    opened = next(h for h in history if h["trigger"] == "open_dispute")
    assert (opened["reason"], opened["details"]["evidence"]) == (
        DISPUTE["reason"], DISPUTE["evidence"],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"refund_bps": 10_001, **R}, "validation_error"),
        ({"refund_bps": -1, **R}, "validation_error"),
        ({"refund_bps": "5000", **R}, "validation_error"),
        ({**R}, "refund_bps_required"),
        ({"refund_bps": 5_000}, "reason_required"),
    ],
)
async def test_bad_resolutions_change_nothing(api: Api, body: dict[str, Any], code: str) -> None:
    brand = await make_brand(api, funds_fen=FUNDS)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator, price_fen=PRICE)
    opened = ok(await fire(api, order["id"], "open_dispute", brand.auth, **DISPUTE))
    assert ok(await fire(api, order["id"], "resolve_dispute", api.ops, **body), 422)["code"] == code
    shown = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=brand.auth))
    assert shown == {**opened}


async def test_only_an_open_dispute_is_resolved_or_withdrawn(api: Api) -> None:
    brand = await make_brand(api, funds_fen=FUNDS)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator, price_fen=PRICE)
    problem = ok(await fire(api, order["id"], "withdraw_dispute", brand.auth), 409)
    assert problem["code"] == "no_open_dispute"
    problem = ok(
        await fire(api, order["id"], "resolve_dispute", api.ops, refund_bps=5_000, **R), 409
    )
    assert problem["code"] == "no_open_dispute"
    problem = ok(await fire(api, order["id"], "open_dispute", creator.auth, **DISPUTE), 403)
    assert problem["code"] == "forbidden"
    problem = ok(await fire(api, order["id"], "open_dispute", brand.auth, reason="x"), 422)
    assert problem["code"] == "evidence_required"
