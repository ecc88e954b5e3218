"""Firing triggers through the API: roles, states, guards, time, history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from service.orders.facts import Context
from service.orders.transitions import fire_as_system
from service.videos.simulator import simulated
from tests.factories import (
    Api,
    fire,
    make_brand,
    make_creator,
    make_order,
    make_party,
    ok,
    published_order,
    set_video,
    video_url,
)

REASON = {"reason": "ops review #1234"}


async def test_happy_path_to_closed_with_injected_clock(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator, retention_days=7)
    assert order["state"] == "published"
    assert order["retention_ends_at"] == "2026-03-09T09:30:00Z"

    api.clock.advance(timedelta(days=7))
    retained = ok(await fire(api, order["id"], "complete_retention", api.ops, **REASON))
    assert retained["state"] == "retained"
    assert retained["settle_at"] == "2026-03-12T09:30:00Z"  # T+3, the policy default
    assert retained["next_timer"] == "settle"

    api.clock.advance(timedelta(days=3))
    closed = ok(await fire(api, order["id"], "settle", api.ops, **REASON))
    assert closed["state"] == "closed" and closed["next_timer"] is None
    history = ok(await api.client.get(f"/v1/orders/{order['id']}/history", headers=brand.auth))
    assert [h["trigger"] for h in history] == [
        "create", "accept", "publish", "complete_retention", "settle",
    ]  # fmt: skip
    assert closed["version"] == 5


async def test_complete_retention_one_second_after_publication_is_409(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator)
    api.clock.advance(timedelta(seconds=1))
    problem = ok(await fire(api, order["id"], "complete_retention", api.ops, **REASON), 409)
    assert problem["code"] == "retention_not_ended"

    # The system takes the same road as ops, and the same guard holds it.
    async with api.database.session() as session:
        with pytest.raises(Exception) as refused:
            await fire_as_system(session, order["id"], "complete_retention", _ctx(api, session))
    assert getattr(refused.value, "code", None) == "retention_not_ended"
    current = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=brand.auth))
    assert current["state"] == "published" and current["version"] == order["version"]

    api.clock.advance(timedelta(days=30) - timedelta(seconds=1))
    async with api.database.session() as session:
        moved = await fire_as_system(session, order["id"], "complete_retention", _ctx(api, session))
        assert moved.state == "retained"
    history = ok(await api.client.get(f"/v1/orders/{order['id']}/history", headers=brand.auth))
    assert history[-1]["actor_kind"] == "system" and history[-1]["actor_id"] is None


def _ctx(api: Api, session: AsyncSession) -> Context:
    state = api.app.state
    return Context(state.machine, api.clock.now(), state.settings, simulated(session))


async def test_settle_before_time_needs_ops_reason(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator, retention_days=1)
    api.clock.advance(timedelta(days=1))
    ok(await fire(api, order["id"], "complete_retention", api.ops, **REASON))
    problem = ok(await fire(api, order["id"], "settle", api.ops), 422)
    assert problem["code"] == "reason_required"
    assert ok(await fire(api, order["id"], "settle", api.ops, **REASON))["state"] == "closed"


async def test_creator_firing_refund_is_403(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    problem = ok(await fire(api, order["id"], "refund", creator.auth, **REASON), 403)
    assert problem["code"] == "forbidden"


async def test_brand_b_cannot_read_or_transition_brand_a_order(api: Api) -> None:
    brand_a = await make_brand(api, "A")
    brand_b = await make_brand(api, "B")
    creator = await make_creator(api)
    order = await make_order(api, brand_a, creator)
    for path in ("", "/history", "/transitions"):
        response = await api.client.get(f"/v1/orders/{order['id']}{path}", headers=brand_b.auth)
        assert ok(response, 404)["code"] == "not_found"
    assert ok(await fire(api, order["id"], "cancel", brand_b.auth), 404)["code"] == "not_found"
    other_creator = await make_creator(api, name="Other")
    assert ok(await fire(api, order["id"], "accept", other_creator.auth), 404)
    mcn = await make_party(api, "mcn")
    assert ok(await api.client.get(f"/v1/orders/{order['id']}", headers=mcn.auth), 404)
    assert ok(await api.client.get(f"/v1/orders/{order['id']}", headers=brand_a.auth))


async def test_invalid_transition_lists_allowed_triggers(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    problem = ok(
        await fire(api, order["id"], "publish", creator.auth, video_url=video_url(creator)), 409
    )
    assert problem["code"] == "invalid_transition"
    assert problem["allowed_triggers"] == ["accept", "decline"]


async def test_accept_after_deadline_is_409_and_expire_works(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    problem = ok(await fire(api, order["id"], "expire", api.ops, **REASON), 409)
    assert problem["code"] == "accept_deadline_not_reached"
    api.clock.advance(timedelta(hours=24))
    assert ok(await fire(api, order["id"], "accept", creator.auth), 409)["code"] == (
        "accept_deadline_passed"
    )
    assert ok(await fire(api, order["id"], "expire", api.ops, **REASON))["state"] == "refunded"


async def test_accept_rechecks_eligibility(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    ok(
        await api.client.patch(
            f"/v1/creators/{creator.id}/channels/{creator.channel_id}",
            json={"in_good_standing": False},
            headers=api.ops,
        )
    )
    problem = ok(await fire(api, order["id"], "accept", creator.auth), 422)
    assert problem["code"] == "creator_ineligible"
    assert [r["rule"] for r in problem["reasons"]] == ["channel_not_in_good_standing"]


async def test_publish_checks_the_video_and_the_deadline(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator, publish_days=2)
    ok(await fire(api, order["id"], "accept", creator.auth))
    assert ok(await fire(api, order["id"], "publish", creator.auth), 422)["code"] == (
        "video_not_on_channel"
    )
    elsewhere = "https://www.douyin.com/@somebody_else/video/1"
    problem = ok(await fire(api, order["id"], "publish", creator.auth, video_url=elsewhere), 422)
    assert problem["code"] == "video_not_on_channel"
    api.clock.advance(timedelta(days=2))
    problem = ok(
        await fire(api, order["id"], "publish", creator.auth, video_url=video_url(creator)), 409
    )
    assert problem["code"] == "publish_deadline_passed"
    missed = ok(await fire(api, order["id"], "miss_deadline", api.ops, **REASON))
    assert missed["state"] == "refunded"


async def test_removal_inside_retention_refunds(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator)
    problem = ok(await fire(api, order["id"], "report_removed", api.ops, **REASON), 409)
    assert problem["code"] == "video_not_gone_within_retention"

    await set_video(api, order["video_url"], "private")
    api.clock.advance(timedelta(days=3))
    refunded = ok(await fire(api, order["id"], "report_removed", api.ops, **REASON))
    assert refunded["state"] == "refunded" and refunded["video_status"] == "private"
    history = ok(await api.client.get(f"/v1/orders/{order['id']}/history", headers=api.ops))
    assert history[-1]["details"] == {"video_status": "private"}


async def test_removal_after_retention_end_does_not_refund(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator, retention_days=7)
    api.clock.advance(timedelta(days=8))
    problem = ok(
        await fire(api, order["id"], "report_removed", api.ops, video_status="removed", **REASON),
        409,
    )
    assert problem["code"] == "video_not_gone_within_retention"
    current = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=api.ops))
    assert current["video_status"] == "live"  # the refused report changed nothing


async def test_fake_traffic_needs_evidence_and_suspends(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator)
    problem = ok(await fire(api, order["id"], "flag_fake_traffic", api.ops, **REASON), 422)
    assert problem["code"] == "evidence_required"
    flagged = ok(
        await fire(
            api, order["id"], "flag_fake_traffic", api.ops, evidence="plays x40 in 2 min", **REASON
        )
    )
    assert flagged["state"] == "refunded"
    verdict = ok(await api.client.get(f"/v1/creators/{creator.id}/eligibility", headers=api.ops))
    assert verdict["eligible"] is False
    rules = {r["rule"] for r in verdict["channels"][0]["reasons"]}
    assert rules == {"credit_exhausted", "order_rights_suspended"}  # 12 points, and suspended


async def test_final_states_refuse_everything(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    ok(await fire(api, order["id"], "cancel", brand.auth))
    problem = ok(await fire(api, order["id"], "refund", api.ops, **REASON), 409)
    assert problem["allowed_triggers"] == []


async def test_transitions_view_explains_closed_triggers(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    view = ok(await api.client.get(f"/v1/orders/{order['id']}/transitions", headers=creator.auth))
    by_trigger = {t["trigger"]: t for t in view["transitions"]}
    assert set(by_trigger) == {
        "accept", "decline", "publish", "submit_script", "submit_video", "escalate_review",
        "accept_cancellation",
    }  # fmt: skip
    assert by_trigger["accept"]["allowed"] and by_trigger["decline"]["allowed"]
    assert by_trigger["publish"]["requires"] == ["video_url"]
    assert by_trigger["publish"]["reasons"][0]["code"] == "invalid_transition"

    ops_view = ok(await api.client.get(f"/v1/orders/{order['id']}/transitions", headers=api.ops))
    ops = {t["trigger"]: t for t in ops_view["transitions"]}
    assert ops["refund"]["allowed"] and ops["refund"]["requires"] == ["reason"]
    assert ops["expire"]["reasons"][0]["code"] == "accept_deadline_not_reached"
    api.clock.advance(timedelta(days=1))
    ops_view = ok(await api.client.get(f"/v1/orders/{order['id']}/transitions", headers=api.ops))
    assert {t["trigger"]: t for t in ops_view["transitions"]}["expire"]["allowed"]


async def test_unknown_trigger_and_unknown_order(api: Api) -> None:
    brand = await make_brand(api)
    response = await api.client.post(
        "/v1/orders/ord_01AAAAAAAAAAAAAAAAAAAAAAAA/cancel", headers=brand.auth
    )
    assert ok(response, 404)["code"] == "not_found"
    response = await api.client.post("/v1/orders/whatever/teleport", headers=brand.auth)
    assert ok(response, 404)["code"] == "not_found"  # one route per trigger of the table
