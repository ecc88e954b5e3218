"""A creator's earnings by month and an MCN's roster, scoped like everything else."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import (
    Api,
    Creator,
    Party,
    fire,
    make_brand,
    make_creator,
    make_order,
    make_party,
    ok,
    published_order,
)


async def signed(api: Api, mcn: Party, creator: Creator, share_bps: int = 2_000) -> None:
    body = {"creator_id": creator.id, "share_bps": share_bps, "ends_at": "2030-01-01T00:00:00Z"}
    contract = ok(await api.client.post("/v1/mcn-contracts", json=body, headers=mcn.auth), 201)
    ok(await api.client.post(f"/v1/mcn-contracts/{contract['id']}/accept", headers=creator.auth))


async def settled_order(api: Api, brand: Party, creator: Creator) -> dict:  # type: ignore[type-arg]
    order = await published_order(api, brand, creator, retention_days=1)
    api.clock.advance(timedelta(days=1, minutes=1))
    await api.app.state.worker.run_until_idle()
    return ok(await fire(api, order["id"], "settle", api.ops, reason="early"))  # type: ignore[no-any-return]


async def test_earnings_by_month_and_the_roster(api: Api) -> None:
    brand, creator, mcn = (
        await make_brand(api),
        await make_creator(api),
        await make_party(api, "mcn"),
    )
    await signed(api, mcn, creator)
    closed = await settled_order(api, brand, creator)  # March (Shanghai)
    payout = closed["line_items"]["creator_payout_fen"]
    body = {"amount_fen": 1_000, "channel": "alipay", "destination": "x@example.com"}
    ok(await api.client.post("/v1/withdrawals", json=body, headers=creator.auth), 201)
    api.clock.advance(timedelta(days=30))  # April
    pending = await make_order(api, brand, creator)
    ok(await fire(api, pending["id"], "accept", creator.auth))
    await make_order(api, brand, creator)  # requested: nothing held for the creator yet
    path = f"/v1/creators/{creator.id}/earnings"
    seen = ok(await api.client.get(path, headers=creator.auth))
    assert [m["month"] for m in seen["months"]] == ["2026-03", "2026-04"]
    march, april = seen["months"]
    assert (march["settled_fen"], march["withdrawn_fen"], march["pending_fen"]) == (
        payout,
        1_000,
        0,
    )
    assert (april["settled_fen"], april["pending_fen"]) == (
        0,
        pending["line_items"]["creator_payout_fen"],
    )
    assert seen["pending_fen"] == april["pending_fen"]
    assert ok(await api.client.get(path, headers=mcn.auth)) == seen  # its MCN
    assert ok(await api.client.get(path, headers=api.ops)) == seen
    for outsider in (brand, await make_creator(api, "Max"), await make_party(api, "mcn", "Other")):
        assert (await api.client.get(path, headers=outsider.auth)).status_code == 404

    listed = ok(await api.client.get(f"/v1/mcns/{mcn.id}/roster", headers=mcn.auth))
    (row,) = listed["creators"]
    assert (row["creator_id"], row["share_bps"]) == (creator.id, 2_000)
    assert row["share_earned_fen"] == closed["line_items"]["mcn_share_fen"]
    assert row["share_pending_fen"] == pending["line_items"]["mcn_share_fen"]
    assert {g["state"]: g["orders"] for g in row["orders"]} == {
        "requested": 1, "accepted": 1, "closed": 1,
    }  # fmt: skip
    assert ok(await api.client.get(f"/v1/mcns/{mcn.id}/roster", headers=api.ops)) == listed
    other = await make_party(api, "mcn", "Other")
    assert (
        await api.client.get(f"/v1/mcns/{mcn.id}/roster", headers=other.auth)
    ).status_code == 404
    assert (
        ok(await api.client.get(f"/v1/mcns/{other.id}/roster", headers=other.auth))["creators"]
        == []
    )
