"""Top-ups, withdrawals, reversals and the consistency check."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from service.config import Settings
from service.money.withdrawals import expected_arrival
from statemachine.withdrawal import PayoutChannel
from tests.factories import (
    Api,
    Creator,
    balance,
    fire,
    make_brand,
    make_creator,
    make_order,
    make_party,
    ok,
    top_up,
    video_url,
)

R = {"reason": "ops ticket 88"}


async def earn(api: Api, creator: Creator, price_fen: int = 100_000) -> int:
    """Take one order to `closed`; returns the creator's payout."""
    brand = await make_brand(api)
    order = await make_order(api, brand, creator, price_fen=price_fen, retention_days=1)
    ok(await fire(api, order["id"], "accept", creator.auth))
    ok(await fire(api, order["id"], "publish", creator.auth, video_url=video_url(creator)))
    api.clock.advance(timedelta(days=1))
    ok(await fire(api, order["id"], "complete_retention", api.ops, **R))
    ok(await fire(api, order["id"], "settle", api.ops, **R))
    return int(order["line_items"]["creator_payout_fen"])


async def test_top_up_credits_the_brand(api: Api) -> None:
    brand = await make_brand(api, funds_fen=0)
    made = await top_up(api, brand, 12_345)
    assert made["available_fen"] == 12_345 and made["provider_reference"].startswith("simpay_")
    assert (await balance(api, brand))["available_fen"] == 12_345


@pytest.mark.parametrize("amount", [0, -1, 1.5, "100", 10**11, None, True, 10**40])
async def test_bad_amounts_are_422_and_post_nothing(api: Api, amount: object) -> None:
    brand = await make_brand(api, funds_fen=0)
    creator = await make_creator(api)
    response = await api.client.post("/v1/top-ups", json={"amount_fen": amount}, headers=brand.auth)
    assert ok(response, 422)["code"] == "validation_error"
    response = await api.client.post(
        "/v1/withdrawals",
        json={"amount_fen": amount, "channel": "alipay", "destination": "lily@example.com"},
        headers=creator.auth,
    )
    assert ok(response, 422)["code"] == "validation_error"
    assert ok(await api.client.get("/v1/ledger", headers=brand.auth))["data"] == []


async def test_only_brands_top_up_and_only_payees_withdraw(api: Api) -> None:
    creator = await make_creator(api)
    brand = await make_brand(api, funds_fen=0)
    assert ok(
        await api.client.post("/v1/top-ups", json={"amount_fen": 100}, headers=creator.auth), 403
    )
    body = {"amount_fen": 1_000, "channel": "bank", "destination": "6222020200112233445"}
    assert ok(await api.client.post("/v1/withdrawals", json=body, headers=brand.auth), 403)
    assert ok(await api.client.get("/v1/balance", headers=api.ops), 403)


async def test_withdrawal_paid(api: Api) -> None:
    creator = await make_creator(api)
    payout = await earn(api, creator)
    response = await api.client.post(
        "/v1/withdrawals",
        json={"amount_fen": 50_000, "channel": "wechat", "destination": "wxid_lily01"},
        headers=creator.auth,
    )
    created = ok(response, 201)
    assert created["state"] == "requested"
    expected = (api.clock.now() + timedelta(hours=2)).isoformat().replace("+00:00", "Z")
    assert created["expected_arrival_by"] == expected
    # The payout ran after the response was committed.
    final = ok(await api.client.get(f"/v1/withdrawals/{created['id']}", headers=creator.auth))
    assert final["state"] == "paid"
    after = await balance(api, creator)
    assert after["available_fen"] == payout - 50_000 and after["pending_withdrawal_fen"] == 0


async def test_withdrawal_failed_returns_the_funds(api: Api) -> None:
    creator = await make_creator(api)
    payout = await earn(api, creator)
    api.payouts.fail = True
    created = ok(
        await api.client.post(
            "/v1/withdrawals",
            json={"amount_fen": 20_000, "channel": "bank", "destination": "6222020200112233445"},
            headers=creator.auth,
        ),
        201,
    )
    final = ok(await api.client.get(f"/v1/withdrawals/{created['id']}", headers=creator.auth))
    assert final["state"] == "failed" and "rejected" in final["failure_reason"]
    assert (await balance(api, creator))["available_fen"] == payout


async def test_withdrawal_limits(api: Api) -> None:
    creator = await make_creator(api)
    payout = await earn(api, creator)

    def body(amount: int, **extra: str) -> dict[str, object]:
        return {"amount_fen": amount, "channel": "alipay", "destination": "13800138000", **extra}

    low = ok(await api.client.post("/v1/withdrawals", json=body(999), headers=creator.auth), 422)
    assert low["code"] == "amount_below_minimum"
    over = ok(
        await api.client.post("/v1/withdrawals", json=body(payout + 1), headers=creator.auth), 402
    )
    assert over["code"] == "insufficient_funds"
    for bad in ({"channel": "paypal"}, {"destination": "x"}, {"destination": "a b; drop"}):
        response = await api.client.post(
            "/v1/withdrawals", json=body(1_000, **bad), headers=creator.auth
        )
        assert ok(response, 422)["code"] == "validation_error"
    assert (await balance(api, creator))["available_fen"] == payout


async def test_negative_balance_cannot_withdraw(api: Api) -> None:
    creator = await make_creator(api)
    await earn(api, creator, price_fen=10_000)  # payout 9,500
    brand = await make_brand(api)
    order = await make_order(api, brand, creator, price_fen=100_000)
    ok(await fire(api, order["id"], "accept", creator.auth))
    ok(await fire(api, order["id"], "publish", creator.auth, video_url=video_url(creator, 2)))
    ok(await fire(api, order["id"], "flag_fake_traffic", api.ops, evidence="bots", **R))
    assert (await balance(api, creator))["available_fen"] == 9_500 - 30_000
    response = await api.client.post(
        "/v1/withdrawals",
        json={"amount_fen": 1_000, "channel": "alipay", "destination": "13800138000"},
        headers=creator.auth,
    )
    assert ok(response, 409)["code"] == "balance_negative"


async def test_another_partys_withdrawal_is_404(api: Api) -> None:
    creator = await make_creator(api)
    await earn(api, creator)
    created = ok(
        await api.client.post(
            "/v1/withdrawals",
            json={"amount_fen": 1_000, "channel": "alipay", "destination": "13800138000"},
            headers=creator.auth,
        ),
        201,
    )
    other = await make_creator(api, name="Other")
    mcn = await make_party(api, "mcn")
    for caller in (other, mcn):
        response = await api.client.get(f"/v1/withdrawals/{created['id']}", headers=caller.auth)
        assert ok(response, 404)["code"] == "not_found"
    assert ok(await api.client.get("/v1/withdrawals/wd_nope", headers=creator.auth), 404)


def test_bank_arrives_by_the_end_of_the_next_business_day() -> None:
    settings = Settings()
    friday_evening = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)  # 20:00 in Shanghai, a Friday
    arrival = expected_arrival(PayoutChannel.BANK, friday_evening, settings)
    assert arrival == datetime(2026, 11, 30, 15, 59, 59, tzinfo=UTC)  # Monday 23:59:59 +08:00
    assert expected_arrival(PayoutChannel.ALIPAY, friday_evening, settings) == (
        friday_evening + timedelta(hours=2)
    )


async def test_reversing_a_top_up_once(api: Api) -> None:
    brand = await make_brand(api, funds_fen=0)
    await top_up(api, brand, 5_000)
    entry_id = ok(await api.client.get("/v1/ledger", headers=brand.auth))["data"][0]["entry_id"]
    reversed_ = ok(
        await api.client.post(f"/v1/journal-entries/{entry_id}/reverse", json=R, headers=api.ops),
        201,
    )
    assert reversed_["reverses_id"] == entry_id
    assert (await balance(api, brand))["available_fen"] == 0
    again = await api.client.post(
        f"/v1/journal-entries/{entry_id}/reverse", json=R, headers=api.ops
    )
    assert ok(again, 409)["code"] == "already_reversed"


async def test_reversal_that_would_overdraw_is_refused(api: Api) -> None:
    brand = await make_brand(api, funds_fen=0)
    await top_up(api, brand, 200_000)
    entry_id = ok(await api.client.get("/v1/ledger", headers=brand.auth))["data"][0]["entry_id"]
    creator = await make_creator(api)
    await make_order(api, brand, creator, price_fen=100_000)  # holds 105,000
    response = await api.client.post(
        f"/v1/journal-entries/{entry_id}/reverse", json=R, headers=api.ops
    )
    assert ok(response, 402)["code"] == "insufficient_funds"
    assert (await balance(api, brand))["available_fen"] == 95_000


async def test_check_finds_a_tampered_balance(api: Api) -> None:
    brand = await make_brand(api, funds_fen=7_000)
    async with api.database.engine.begin() as connection:
        await connection.execute(
            text("UPDATE accounts SET balance_fen = balance_fen + 1 WHERE owner_id = :id"),
            {"id": brand.id},
        )
    report = ok(await api.client.get("/v1/ops/ledger-check", headers=api.ops))
    assert not report["clean"]
    assert {d["check"] for d in report["discrepancies"]} == {
        "cached_balance", "accounts_sum_to_zero",
    }  # fmt: skip
    async with api.database.engine.begin() as connection:
        await connection.execute(
            text("UPDATE accounts SET balance_fen = balance_fen - 1 WHERE owner_id = :id"),
            {"id": brand.id},
        )
    assert ok(await api.client.get("/v1/ops/ledger-check", headers=api.ops))["clean"]
