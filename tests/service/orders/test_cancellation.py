"""Cancelling an accepted order (product.md §10): the brand pays by how far the work got, or
the two sides agree; each split of the escrow is one journal entry, to the fen."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from service.money.models import PLATFORM, Account, AccountKind, JournalEntry
from tests.factories import (
    Api,
    Creator,
    Party,
    balance,
    fire,
    make_brand,
    make_creator,
    make_order,
    make_party,
    ok,
)
from tests.service.mcn.test_contracts import sign

FUNDS, PRICE, TOTAL = 500_000, 100_000, 105_000
SCRIPT = {"content": "先拍茶罐特写，再冲泡。"}
DRAFT = {"draft_url": "https://drafts.example.com/v/abc123"}
FEEDBACK = {"feedback": "More light, please."}

# How far the work got → the steps there, the compensation, and where the escrow goes
# (brand back, creator, MCN, platform), typed from §5 and §10 for a price of ¥1,000 (fee and
# commission 5% each on the compensation, the MCN 20% of it less commission).
STAGES: dict[str, tuple[list[tuple[str, str, dict[str, str]]], int]] = {
    "before_any_draft": ([], 0),
    "script_submitted": ([("submit_script", "creator", SCRIPT)], 10_000),
    "video_submitted": (
        [("submit_script", "creator", SCRIPT), ("approve_script", "brand", {}),
         ("submit_video", "creator", DRAFT)],
        50_000,
    ),
    "video_changed_twice": (
        [("submit_script", "creator", SCRIPT), ("approve_script", "brand", {}),
         ("submit_video", "creator", DRAFT), ("request_video_changes", "brand", FEEDBACK),
         ("submit_video", "creator", DRAFT), ("request_video_changes", "brand", FEEDBACK),
         ("submit_video", "creator", DRAFT)],
        100_000,
    ),
}  # fmt: skip
SPLITS = {  # compensation → (brand back, creator, MCN, platform) without and with an MCN
    0: ((TOTAL, 0, 0, 0), (TOTAL, 0, 0, 0)),
    10_000: ((94_500, 9_500, 0, 1_000), (94_500, 7_600, 1_900, 1_000)),
    50_000: ((52_500, 47_500, 0, 5_000), (52_500, 38_000, 9_500, 5_000)),
    100_000: ((0, 95_000, 0, 10_000), (0, 76_000, 19_000, 10_000)),
}


async def entry_kinds(api: Api, order_id: str) -> list[str]:
    async with api.database.session() as session:
        rows = await session.exec(
            select(JournalEntry.kind).where(col(JournalEntry.order_id) == order_id)
        )
        return [str(kind) for kind in rows.all()]


async def accepted_order(api: Api, brand: Party, creator: Creator, **terms: Any) -> dict[str, Any]:
    order = await make_order(api, brand, creator, price_fen=PRICE, **terms)
    return ok(await fire(api, order["id"], "accept", creator.auth))  # type: ignore[no-any-return]


async def platform_revenue(api: Api) -> int:
    """The platform's revenue, once the ledger check is clean."""
    check = ok(await api.client.get("/v1/ops/ledger-check", headers=api.ops))
    assert check["clean"], check["discrepancies"]
    async with api.database.session() as session:
        rows = await session.exec(
            select(Account.balance_fen).where(
                col(Account.kind) == AccountKind.PLATFORM_REVENUE, col(Account.owner_id) == PLATFORM
            )
        )
        return sum(rows.all())


@pytest.mark.parametrize("with_mcn", [False, True], ids=["solo", "mcn"])
@pytest.mark.parametrize("stage", list(STAGES))
async def test_the_brand_cancels_and_pays_by_progress(api: Api, stage: str, with_mcn: bool) -> None:
    brand = await make_brand(api, funds_fen=FUNDS)
    creator = await make_creator(api)
    mcn = await make_party(api, "mcn", "Star MCN")
    if with_mcn:
        await sign(api, mcn, creator, share_bps=2_000)
    revenue_before = await platform_revenue(api)
    order = await accepted_order(api, brand, creator, review="script_and_video")
    steps, compensation = STAGES[stage]
    who = {"creator": creator.auth, "brand": brand.auth}
    for trigger, actor, body in steps:
        ok(await fire(api, order["id"], trigger, who[actor], **body))
    cancelled = ok(await fire(api, order["id"], "cancel", brand.auth))
    assert (cancelled["state"], cancelled["stage"]) == ("refunded", None)
    assert cancelled["compensation_fen"] == compensation
    back, to_creator, to_mcn, to_platform = SPLITS[compensation][with_mcn]
    assert (await balance(api, brand))["available_fen"] == FUNDS - TOTAL + back
    assert (await balance(api, creator))["available_fen"] == to_creator
    assert (await balance(api, mcn))["available_fen"] == to_mcn
    assert await platform_revenue(api) - revenue_before == to_platform
    assert sorted(await entry_kinds(api, order["id"])) == sorted(
        ["order_hold", "order_cancellation" if compensation else "order_refund"]
    )
    history = ok(await api.client.get(f"/v1/orders/{order['id']}/history", headers=brand.auth))
    assert history[-1]["details"]["compensation_fen"] == compensation


async def test_the_creator_cancels_only_with_the_brands_consent(api: Api) -> None:
    brand = await make_brand(api, funds_fen=FUNDS)
    creator = await make_creator(api)
    order = await accepted_order(api, brand, creator, review="video")
    oid = order["id"]
    problem = ok(await fire(api, oid, "cancel", creator.auth), 403)
    assert problem["code"] == "forbidden"
    path = f"/v1/orders/{oid}/cancellation-proposals"
    proposal = ok(
        await api.client.post(path, json={"reason": "I fell ill"}, headers=creator.auth), 201
    )
    assert (proposal["state"], proposal["compensation_fen"]) == ("pending", 0)
    own = await api.client.post(f"{path}/{proposal['id']}/accept", headers=creator.auth)
    assert ok(own, 403)["code"] == "forbidden"
    view = ok(await api.client.get(f"/v1/orders/{oid}/transitions", headers=brand.auth))
    assert {t["trigger"]: t for t in view["transitions"]}["accept_cancellation"]["allowed"]
    done = ok(await api.client.post(f"{path}/{proposal['id']}/accept", headers=brand.auth))
    assert (done["state"], done["compensation_fen"]) == ("refunded", 0)
    assert (await balance(api, brand))["available_fen"] == FUNDS
    listed = ok(await api.client.get(path, headers=creator.auth))
    assert [p["state"] for p in listed] == ["accepted"]
    credit = ok(await api.client.get(f"/v1/creators/{creator.id}/violations", headers=api.ops))
    assert (credit["credit_score"], credit["violations"]) == (12, [])  # no violation


async def test_a_proposal_with_compensation_accepted_by_trigger(api: Api) -> None:
    brand = await make_brand(api, funds_fen=FUNDS)
    creator = await make_creator(api)
    order = await accepted_order(api, brand, creator)
    path = f"/v1/orders/{order['id']}/cancellation-proposals"
    body = {"reason": "campaign cancelled", "compensation_fen": 20_000}
    ok(await api.client.post(path, json=body, headers=brand.auth), 201)
    nothing = ok(await fire(api, order["id"], "accept_cancellation", brand.auth), 409)
    assert nothing["code"] == "no_cancellation_offer"  # its own proposal
    done = ok(await fire(api, order["id"], "accept_cancellation", creator.auth))
    assert (done["state"], done["compensation_fen"]) == ("refunded", 20_000)
    assert (await balance(api, creator))["available_fen"] == 19_000  # less 5% commission
    assert (await balance(api, brand))["available_fen"] == FUNDS - 21_000  # plus 5% fee


async def test_a_proposal_lapses_after_48_hours(api: Api) -> None:
    brand = await make_brand(api, funds_fen=FUNDS)
    creator = await make_creator(api)
    order = await accepted_order(api, brand, creator)
    path = f"/v1/orders/{order['id']}/cancellation-proposals"
    proposal = ok(await api.client.post(path, json={"reason": "ill"}, headers=creator.auth), 201)
    api.clock.advance(timedelta(hours=48))
    late = await api.client.post(f"{path}/{proposal['id']}/accept", headers=brand.auth)
    assert ok(late, 409)["code"] == "proposal_lapsed"
    assert ok(await fire(api, order["id"], "accept_cancellation", brand.auth), 409)["code"] == (
        "no_cancellation_offer"
    )
    shown = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=brand.auth))
    assert shown["state"] == "accepted"
    assert ok(await api.client.get(path, headers=brand.auth))[0]["state"] == "lapsed"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"reason": "x", "compensation_fen": 100_001}, 422, "invalid_value"),
        ({"reason": "x", "compensation_fen": -1}, 422, "validation_error"),
        ({"reason": ""}, 422, "validation_error"),
        ({"compensation_fen": 5}, 422, "validation_error"),
    ],
)
async def test_bad_proposals_change_nothing(
    api: Api, body: dict[str, Any], status: int, code: str
) -> None:
    brand = await make_brand(api, funds_fen=FUNDS)
    creator = await make_creator(api)
    order = await accepted_order(api, brand, creator)
    path = f"/v1/orders/{order['id']}/cancellation-proposals"
    assert ok(await api.client.post(path, json=body, headers=brand.auth), status)["code"] == code
    assert ok(await api.client.get(path, headers=brand.auth)) == []


async def test_only_an_accepted_order_is_cancelled_by_consent(api: Api) -> None:
    brand = await make_brand(api, funds_fen=FUNDS)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    path = f"/v1/orders/{order['id']}/cancellation-proposals"
    problem = ok(await api.client.post(path, json={"reason": "x"}, headers=brand.auth), 409)
    assert problem["code"] == "invalid_transition" and "cancel" in problem["allowed_triggers"]
