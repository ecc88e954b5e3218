"""MCN contracts: admission through an MCN, one active contract, shares, visibility."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

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
    order_body,
    video_url,
)

R = {"reason": "ops ticket 7"}


def iso(api: Api, days: int) -> str:
    return (api.clock.now() + timedelta(days=days)).isoformat()


async def sign(
    api: Api, mcn: Party, creator: Creator, share_bps: int = 2_000, days: int = 365
) -> dict[str, Any]:
    invited = ok(
        await api.client.post(
            "/v1/mcn-contracts",
            json={"creator_id": creator.id, "share_bps": share_bps, "ends_at": iso(api, days)},
            headers=mcn.auth,
        ),
        201,
    )
    assert invited["state"] == "invited"
    return ok(  # type: ignore[no-any-return]
        await api.client.post(f"/v1/mcn-contracts/{invited['id']}/accept", headers=creator.auth)
    )


async def test_mcn_contract_admits_a_small_creator_until_it_ends(api: Api) -> None:
    brand = await make_brand(api)
    mcn = await make_party(api, "mcn", "Star MCN")
    creator = await make_creator(api, followers=30_000)
    refused = await api.client.post("/v1/orders", json=order_body(creator), headers=brand.auth)
    assert ok(refused, 422)["code"] == "creator_ineligible"

    contract = await sign(api, mcn, creator)
    assert contract["state"] == "active"
    order = await make_order(api, brand, creator)
    assert order["line_items"]["mcn_share_bps"] == 2_000

    ended = ok(
        await api.client.post(
            f"/v1/mcn-contracts/{contract['id']}/terminate", json=R, headers=mcn.auth
        )
    )
    assert ended["state"] == "terminated" and ended["end_reason"] == R["reason"]
    again = await api.client.post("/v1/orders", json=order_body(creator), headers=brand.auth)
    assert [r["rule"] for r in ok(again, 422)["reasons"]] == ["followers_below_threshold"]
    # Acceptance re-checks admission: the order made under the contract cannot be accepted now.
    assert ok(await fire(api, order["id"], "accept", creator.auth), 422)["code"] == (
        "creator_ineligible"
    )
    ok(await fire(api, order["id"], "cancel", brand.auth))


async def test_order_settles_with_the_share_in_force_at_creation(api: Api) -> None:
    brand = await make_brand(api, funds_fen=200_000)
    mcn = await make_party(api, "mcn", "Star MCN")
    creator = await make_creator(api, followers=500_000)
    contract = await sign(api, mcn, creator, share_bps=2_000, days=2)
    order = await make_order(api, brand, creator, price_fen=100_000, retention_days=7)
    items = order["line_items"]
    assert (items["mcn_share_fen"], items["creator_payout_fen"]) == (19_000, 76_000)
    ok(await fire(api, order["id"], "accept", creator.auth))
    ok(await fire(api, order["id"], "publish", creator.auth, video_url=video_url(creator)))
    api.clock.advance(timedelta(days=7))  # the contract has expired meanwhile
    shown = ok(await api.client.get(f"/v1/mcn-contracts/{contract['id']}", headers=mcn.auth))
    assert shown["state"] == "expired"
    ok(await fire(api, order["id"], "complete_retention", api.ops, **R))
    api.clock.advance(timedelta(days=3))
    ok(await fire(api, order["id"], "settle", api.ops, **R))
    assert (await balance(api, creator))["available_fen"] == 76_000
    assert (await balance(api, mcn))["available_fen"] == 19_000
    assert (await balance(api, brand))["available_fen"] == 200_000 - 105_000


async def test_one_active_contract_per_creator(api: Api) -> None:
    first, second = await make_party(api, "mcn", "A"), await make_party(api, "mcn", "B")
    creator = await make_creator(api)
    await sign(api, first, creator)
    invited = ok(
        await api.client.post(
            "/v1/mcn-contracts",
            json={"creator_id": creator.id, "share_bps": 1_000, "ends_at": iso(api, 30)},
            headers=second.auth,
        ),
        201,
    )
    response = await api.client.post(
        f"/v1/mcn-contracts/{invited['id']}/accept", headers=creator.auth
    )
    assert ok(response, 409)["code"] == "contract_conflict"


async def test_expired_contract_makes_room_for_a_new_one(api: Api) -> None:
    first, second = await make_party(api, "mcn", "A"), await make_party(api, "mcn", "B")
    creator = await make_creator(api)
    await sign(api, first, creator, days=1)
    api.clock.advance(timedelta(days=2))
    assert (await sign(api, second, creator))["state"] == "active"


async def test_contract_rules(api: Api) -> None:
    mcn = await make_party(api, "mcn")
    creator = await make_creator(api)
    other = await make_creator(api, name="Other")
    body = {"creator_id": creator.id, "share_bps": 10_001, "ends_at": iso(api, 30)}
    assert ok(await api.client.post("/v1/mcn-contracts", json=body, headers=mcn.auth), 422)
    body = {"creator_id": creator.id, "share_bps": 500, "ends_at": iso(api, -1)}
    past = await api.client.post("/v1/mcn-contracts", json=body, headers=mcn.auth)
    assert ok(past, 422)["code"] == "ends_at_in_past"
    body["ends_at"] = "2027-01-01T00:00:00"  # no offset: ambiguous, refused
    assert ok(await api.client.post("/v1/mcn-contracts", json=body, headers=mcn.auth), 422)
    body = {"creator_id": creator.id, "share_bps": 500, "ends_at": iso(api, 30)}
    assert ok(await api.client.post("/v1/mcn-contracts", json=body, headers=creator.auth), 403)
    invited = ok(await api.client.post("/v1/mcn-contracts", json=body, headers=mcn.auth), 201)
    path = f"/v1/mcn-contracts/{invited['id']}"
    assert ok(await api.client.post(f"{path}/accept", headers=mcn.auth), 403)["code"] == "forbidden"
    assert ok(await api.client.post(f"{path}/accept", headers=other.auth), 404)
    assert ok(await api.client.post(f"{path}/decline", headers=creator.auth))["state"] == "declined"
    response = await api.client.post(f"{path}/accept", headers=creator.auth)
    assert ok(response, 409)["code"] == "invalid_transition"


async def test_mcn_sees_signed_creators_orders_read_only(api: Api) -> None:
    brand = await make_brand(api)
    mcn = await make_party(api, "mcn")
    creator = await make_creator(api)
    unsigned = await make_creator(api, name="Unsigned")
    before = await make_order(api, brand, creator)
    theirs = await make_order(api, brand, unsigned)
    await sign(api, mcn, creator)
    after = await make_order(api, brand, creator)
    listed = ok(await api.client.get("/v1/orders", headers=mcn.auth))
    assert {o["id"] for o in listed["data"]} == {before["id"], after["id"]}
    assert ok(await api.client.get(f"/v1/orders/{theirs['id']}", headers=mcn.auth), 404)
    assert ok(await fire(api, after["id"], "cancel", mcn.auth), 403)["code"] == "forbidden"
