"""Creating orders: admission at creation, terms, line items, history."""

from __future__ import annotations

import pytest

from tests.factories import (
    Api,
    add_channel,
    make_brand,
    make_creator,
    make_order,
    make_party,
    ok,
    order_body,
)


async def test_douyin_99999_followers_refused_with_the_follower_reason(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api, followers=99_999)
    response = await api.client.post("/v1/orders", json=order_body(creator), headers=brand.auth)
    problem = ok(response, 422)
    assert response.headers["content-type"] == "application/problem+json"
    assert problem["code"] == "creator_ineligible"
    assert [r["rule"] for r in problem["reasons"]] == ["followers_below_threshold"]
    listed = ok(await api.client.get("/v1/orders", headers=brand.auth))
    assert listed["data"] == []


async def test_douyin_100000_followers_created(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api, followers=100_000)
    order = await make_order(api, brand, creator)
    assert order["state"] == "requested"
    assert order["version"] == 1


@pytest.mark.parametrize("platform", ["xigua", "huoshan"])
async def test_xigua_and_huoshan_need_50000(api: Api, platform: str) -> None:
    brand = await make_brand(api)
    enough = await make_creator(api, platform=platform, followers=50_000)
    assert (await make_order(api, brand, enough))["state"] == "requested"
    short = await make_creator(api, platform=platform, followers=49_999)
    response = await api.client.post("/v1/orders", json=order_body(short), headers=brand.auth)
    assert ok(response, 422)["code"] == "creator_ineligible"


async def test_channel_not_in_good_standing_refused(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api, followers=5_000_000, in_good_standing=False)
    response = await api.client.post("/v1/orders", json=order_body(creator), headers=brand.auth)
    problem = ok(response, 422)
    assert [r["rule"] for r in problem["reasons"]] == ["channel_not_in_good_standing"]


async def test_every_failed_rule_is_listed(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api, followers=10, in_good_standing=False)
    response = await api.client.post("/v1/orders", json=order_body(creator), headers=brand.auth)
    rules = {r["rule"] for r in ok(response, 422)["reasons"]}
    assert rules == {"followers_below_threshold", "channel_not_in_good_standing"}


async def test_line_items_and_deadlines(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator, price_fen=12_345, retention_days=15)
    items = order["line_items"]
    assert items == {
        "price_fen": 12_345,
        "brand_fee_fen": 617,  # 617.25 rounds half up to 617
        "brand_total_fen": 12_962,
        "commission_fen": 617,
        "mcn_share_bps": 0,
        "mcn_share_fen": 0,
        "creator_payout_fen": 11_728,
        "platform_revenue_fen": 1_234,
    }
    assert items["creator_payout_fen"] + items["platform_revenue_fen"] == items["brand_total_fen"]
    assert order["retention_days"] == 15 and order["publish_days"] == 7
    assert order["accept_deadline"] == "2026-03-03T09:30:00Z"
    assert order["next_timer"] == "expire"


async def test_defaults_and_history(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    assert (order["retention_days"], order["publish_days"]) == (30, 7)
    history = ok(await api.client.get(f"/v1/orders/{order['id']}/history", headers=brand.auth))
    assert [(h["trigger"], h["from_state"], h["to_state"]) for h in history] == [
        ("create", None, "requested")
    ]
    assert history[0]["actor_kind"] == "brand" and history[0]["actor_id"] == brand.id


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"price_fen": 99}, "price_fen"),
        ({"price_fen": 100_000_001}, "price_fen"),
        ({"price_fen": 10.5}, "price_fen"),
        ({"price_fen": "100"}, "price_fen"),
        ({"retention_days": 0}, "retention_days"),
        ({"retention_days": 366}, "retention_days"),
        ({"publish_days": 61}, "publish_days"),
        ({"brief": ""}, "brief"),
        ({"brief": "x" * 5_001}, "brief"),
        ({"brief": "bad\x00byte"}, "brief"),
        ({"paid_offline": True}, "paid_offline"),
    ],
)
async def test_bad_terms_are_422_and_create_nothing(
    api: Api, terms: dict[str, object], field: str
) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    response = await api.client.post(
        "/v1/orders", json=order_body(creator, **terms), headers=brand.auth
    )
    problem = ok(response, 422)
    assert problem["code"] == "validation_error"
    assert any(field in error["loc"] for error in problem["errors"])
    assert ok(await api.client.get("/v1/orders", headers=brand.auth))["data"] == []


async def test_unknown_creator_channel_or_project_is_422(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    other = await make_creator(api, name="Other")
    foreign_project = ok(
        await api.client.post(
            "/v1/projects", json={"name": "theirs"}, headers=(await make_brand(api)).auth
        ),
        201,
    )
    for terms in (
        {"creator_id": "cr_01AAAAAAAAAAAAAAAAAAAAAAAA"},
        {"channel_id": other.channel_id},
        {"project_id": foreign_project["id"]},
    ):
        response = await api.client.post(
            "/v1/orders", json=order_body(creator, **terms), headers=brand.auth
        )
        assert ok(response, 422)["code"] == "unknown_reference"


async def test_order_in_own_project(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    project = ok(
        await api.client.post("/v1/projects", json={"name": "Spring"}, headers=brand.auth), 201
    )
    order = await make_order(api, brand, creator, project_id=project["id"])
    assert order["project_id"] == project["id"]
    listed = ok(await api.client.get(f"/v1/orders?project_id={project['id']}", headers=brand.auth))
    assert [o["id"] for o in listed["data"]] == [order["id"]]


@pytest.mark.parametrize("kind", ["creator", "mcn", "ops"])
async def test_only_brands_create_orders(api: Api, kind: str) -> None:
    creator = await make_creator(api)
    headers = api.ops if kind == "ops" else (await make_party(api, kind)).auth
    response = await api.client.post("/v1/orders", json=order_body(creator), headers=headers)
    assert ok(response, 403)["code"] == "forbidden"


async def test_suspended_or_exhausted_creator_is_refused(api: Api) -> None:
    """Credit and suspension come from the creator row; violations arrive with issue 4."""
    brand = await make_brand(api)
    creator = await make_creator(api)
    second = await add_channel(api, creator.id, platform="xigua", followers=60_000)
    assert second["platform"] == "xigua"
    order = await make_order(api, brand, creator, channel_id=second["id"])
    assert order["channel_id"] == second["id"]
