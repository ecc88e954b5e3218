"""Drafts and review (product.md §9) through the API: stages, rounds, the drafts' record,
escalation to ops, auto-approval by the timer, and the publish deadline extended by the time
the brand spent reviewing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

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
    video_url,
)

SCRIPT = {"content": "开箱：先拍茶罐特写，再冲泡，最后口播品牌名。"}
DRAFT = {"draft_url": "https://drafts.example.com/v/abc123"}
FEEDBACK = {"feedback": "Please show the tea leaves before brewing."}
R = {"reason": "the brand has not answered for days"}


def at(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


async def accepted(api: Api, brand: Party, creator: Creator, **terms: Any) -> dict[str, Any]:
    terms.setdefault("review", "script_and_video")
    order = await make_order(api, brand, creator, **terms)
    return ok(await fire(api, order["id"], "accept", creator.auth))  # type: ignore[no-any-return]


async def sweep(api: Api) -> int:
    """Timers fired by the worker until nothing is due."""
    return (await api.app.state.worker.run_until_idle()).timers  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("review", "stage"),
    [
        ("script_and_video", "awaiting_script"),
        ("video", "awaiting_video"),
        ("none", "ready_to_publish"),
    ],
)
async def test_acceptance_leads_to_the_first_stage_of_the_review(
    api: Api, review: str, stage: str
) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order = await make_order(api, brand, creator, review=review)
    assert (order["review"], order["stage"], order["revision_rounds"]) == (review, None, 2)
    order = ok(await fire(api, order["id"], "accept", creator.auth))
    assert (order["state"], order["stage"]) == ("accepted", stage)


async def test_the_whole_review_then_publication(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order = await accepted(api, brand, creator)
    oid = order["id"]
    steps = [
        ("submit_script", creator.auth, SCRIPT, "script_in_review"),
        ("request_script_changes", brand.auth, FEEDBACK, "awaiting_script"),
        ("submit_script", creator.auth, SCRIPT, "script_in_review"),
        ("approve_script", brand.auth, {}, "awaiting_video"),
        ("submit_video", creator.auth, DRAFT, "video_in_review"),
        ("approve_video", brand.auth, {}, "ready_to_publish"),
    ]
    for trigger, auth, body, stage in steps:
        order = ok(await fire(api, oid, trigger, auth, **body))
        assert (order["state"], order["stage"]) == ("accepted", stage), trigger
    assert order["script_rounds_used"] == 1 and order["video_rounds_used"] == 0
    published = ok(await fire(api, oid, "publish", creator.auth, video_url=video_url(creator)))
    assert (published["state"], published["stage"]) == ("published", None)

    drafts = ok(await api.client.get(f"/v1/orders/{oid}/drafts", headers=brand.auth))
    assert [(d["kind"], d["draft"], d["round"]) for d in drafts] == [
        ("script", "script", 1), ("feedback", "script", 1), ("script", "script", 2),
        ("video", "video", 1),
    ]  # fmt: skip
    assert drafts[0]["content"] == SCRIPT["content"]
    assert drafts[1]["feedback"] == FEEDBACK["feedback"] and drafts[1]["author_kind"] == "brand"
    assert drafts[3]["draft_url"] == DRAFT["draft_url"]
    history = ok(await api.client.get(f"/v1/orders/{oid}/history", headers=creator.auth))
    assert [h["trigger"] for h in history] == [
        "create", "accept", *(s[0] for s in steps), "publish",
    ]  # fmt: skip
    assert history[2]["details"] == {"stage": "script_in_review", "from_stage": "awaiting_script"}


async def test_a_trigger_at_the_wrong_stage_is_a_stage_mismatch(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order = await accepted(api, brand, creator)
    before = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=brand.auth))
    problem = ok(await fire(api, order["id"], "approve_script", brand.auth), 409)
    assert (problem["code"], problem["stage"], problem["state"]) == (
        "stage_mismatch", "awaiting_script", "accepted",
    )  # fmt: skip
    assert "cancel" in problem["allowed_triggers"]
    problem = ok(
        await fire(api, order["id"], "publish", creator.auth, video_url=video_url(creator)), 409
    )
    assert problem["code"] == "stage_mismatch"
    assert problem["allowed_triggers"] == ["submit_script", "accept_cancellation"]
    after = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=brand.auth))
    assert after == before


async def test_rounds_run_out(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order = await accepted(api, brand, creator, review="video", revision_rounds=1)
    oid = order["id"]
    ok(await fire(api, oid, "submit_video", creator.auth, **DRAFT))
    ok(await fire(api, oid, "request_video_changes", brand.auth, **FEEDBACK))
    ok(await fire(api, oid, "submit_video", creator.auth, **DRAFT))
    problem = ok(await fire(api, oid, "request_video_changes", brand.auth, **FEEDBACK), 409)
    assert problem["code"] == "no_revision_rounds_left"
    shown = ok(await api.client.get(f"/v1/orders/{oid}", headers=brand.auth))
    assert (shown["stage"], shown["video_rounds_used"]) == ("video_in_review", 1)
    # the brand may still approve, or hand the review to ops
    escalated = ok(await fire(api, oid, "escalate_review", brand.auth, **R))
    assert escalated["review_escalated"] and escalated["stage"] == "video_in_review"
    assert escalated["next_timer"] is None  # ops decide: no auto-approval meanwhile
    again = ok(await fire(api, oid, "escalate_review", creator.auth, **R), 409)
    assert again["code"] == "review_escalated"
    approved = ok(await fire(api, oid, "approve_video", api.ops, reason="ops watched the draft"))
    assert (approved["stage"], approved["review_escalated"]) == ("ready_to_publish", False)


async def test_ops_approve_only_an_escalated_review(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order = await accepted(api, brand, creator)
    ok(await fire(api, order["id"], "submit_script", creator.auth, **SCRIPT))
    problem = ok(await fire(api, order["id"], "approve_script", api.ops, reason="ops"), 409)
    assert problem["code"] == "review_not_escalated"
    # the brand has rounds left; the creator may escalate once the review is stuck (24 h)
    early = ok(await fire(api, order["id"], "escalate_review", creator.auth, **R), 409)
    assert early["code"] == "no_grounds_to_escalate"
    brand = ok(await fire(api, order["id"], "escalate_review", brand.auth, **R), 409)
    assert brand["code"] == "no_grounds_to_escalate"
    api.clock.advance(timedelta(hours=24))
    ok(await fire(api, order["id"], "escalate_review", creator.auth, **R))
    approved = ok(await fire(api, order["id"], "approve_script", api.ops, reason="ops"))
    assert approved["stage"] == "awaiting_video"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "content"),
        ({"content": "x" * 20_001}, "content"),
        ({"content": "   "}, "content"),
        ({"content": "bad\x00byte"}, "content"),
    ],
)
async def test_bad_scripts_change_nothing(api: Api, body: dict[str, Any], field: str) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order = await accepted(api, brand, creator)
    response = await fire(api, order["id"], "submit_script", creator.auth, **body)
    assert response.status_code == 422, response.text
    assert field in response.text
    shown = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=brand.auth))
    assert (shown["stage"], shown["version"]) == ("awaiting_script", order["version"])
    assert ok(await api.client.get(f"/v1/orders/{order['id']}/drafts", headers=brand.auth)) == []


@pytest.mark.parametrize(
    "draft_url",
    ["not a url", "ftp://drafts.example.com/v/1", "https://", "javascript:alert(1)", "x" * 501],
)
async def test_a_draft_url_that_is_not_a_url_is_refused(api: Api, draft_url: str) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order = await accepted(api, brand, creator, review="video")
    problem = ok(
        await fire(api, order["id"], "submit_video", creator.auth, draft_url=draft_url), 422
    )
    assert problem["code"] == "validation_error"
    shown = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=brand.auth))
    assert shown["stage"] == "awaiting_video"


async def test_feedback_is_required_and_bounded(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order = await accepted(api, brand, creator)
    ok(await fire(api, order["id"], "submit_script", creator.auth, **SCRIPT))
    problem = ok(await fire(api, order["id"], "request_script_changes", brand.auth), 422)
    assert problem["code"] == "feedback_required"
    problem = ok(
        await fire(api, order["id"], "request_script_changes", brand.auth, feedback="x" * 5_001),
        422,
    )
    assert problem["code"] == "validation_error"
    shown = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=brand.auth))
    assert (shown["stage"], shown["script_rounds_used"]) == ("script_in_review", 0)


async def test_a_script_with_contact_details_is_refused(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order = await accepted(api, brand, creator)
    problem = ok(
        await fire(
            api, order["id"], "submit_script", creator.auth,
            content="脚本在这里，细节加我微信 lily_tea_2026 聊",
        ),
        422,
    )  # fmt: skip
    assert problem["code"] == "off_platform_contact"
    shown = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=brand.auth))
    assert shown["stage"] == "awaiting_script"
    assert ok(await api.client.get(f"/v1/orders/{order['id']}/drafts", headers=brand.auth)) == []


async def test_auto_approval_fires_once_and_never_after_the_brand_reviewed(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    waits = await accepted(api, brand, creator)
    reviewed = await accepted(api, brand, creator)
    for order in (waits, reviewed):
        sent = ok(await fire(api, order["id"], "submit_script", creator.auth, **SCRIPT))
        assert sent["next_timer"] == "auto_approve"
        assert at(sent["review_due_at"]) == api.clock.now() + timedelta(hours=72)
    api.clock.advance(timedelta(hours=71))
    ok(await fire(api, reviewed["id"], "request_script_changes", brand.auth, **FEEDBACK))
    assert await sweep(api) == 0
    api.clock.advance(timedelta(hours=1))  # exactly the end of the review time
    assert await sweep(api) == 1
    assert await sweep(api) == 0
    waited = ok(await api.client.get(f"/v1/orders/{waits['id']}", headers=brand.auth))
    assert (waited["stage"], waited["review_due_at"]) == ("awaiting_video", None)
    other = ok(await api.client.get(f"/v1/orders/{reviewed['id']}", headers=brand.auth))
    assert other["stage"] == "awaiting_script"
    history = ok(await api.client.get(f"/v1/orders/{waits['id']}/history", headers=brand.auth))
    assert [h["trigger"] for h in history].count("auto_approve") == 1
    assert history[-1]["actor_kind"] == "system"


async def test_review_time_is_added_to_the_publish_deadline(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order = await accepted(api, brand, creator, review="video", publish_days=1)
    deadline = at(order["publish_deadline"])
    ok(await fire(api, order["id"], "submit_video", creator.auth, **DRAFT))
    api.clock.advance(timedelta(hours=30))  # past the original deadline, while in review
    assert await sweep(api) == 0, "the deadline waits while a draft is in review"
    approved = ok(await fire(api, order["id"], "approve_video", brand.auth))
    assert at(approved["publish_deadline"]) == deadline + timedelta(hours=30)
    assert approved["next_timer"] == "miss_deadline"
    published = ok(
        await fire(api, order["id"], "publish", creator.auth, video_url=video_url(creator))
    )
    assert published["state"] == "published"


async def test_a_review_that_ends_exactly_at_the_deadline(api: Api) -> None:
    """The creator sends the draft an hour before the deadline and the brand takes an hour:
    the creator still has the hour it had left."""
    brand, creator = await make_brand(api), await make_creator(api)
    order = await accepted(api, brand, creator, review="video", publish_days=1)
    deadline = at(order["publish_deadline"])
    api.clock.advance(timedelta(hours=23))
    ok(await fire(api, order["id"], "submit_video", creator.auth, **DRAFT))
    api.clock.advance(timedelta(hours=1))
    assert api.clock.now() == deadline
    approved = ok(await fire(api, order["id"], "approve_video", brand.auth))
    assert at(approved["publish_deadline"]) == deadline + timedelta(hours=1)
    api.clock.advance(timedelta(minutes=59))
    assert await sweep(api) == 0
    ok(await fire(api, order["id"], "publish", creator.auth, video_url=video_url(creator)))


async def test_what_each_side_may_do_follows_the_stage(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order = await accepted(api, brand, creator)
    ok(await fire(api, order["id"], "submit_script", creator.auth, **SCRIPT))
    view = ok(await api.client.get(f"/v1/orders/{order['id']}/transitions", headers=brand.auth))
    allowed = {t["trigger"] for t in view["transitions"] if t["allowed"]}
    assert {"approve_script", "cancel"} <= allowed
    assert "approve_video" not in allowed and "escalate_review" not in allowed
    closed = {t["trigger"]: t for t in view["transitions"]}
    assert closed["approve_video"]["reasons"][0]["code"] == "stage_mismatch"
    assert closed["escalate_review"]["reasons"][0]["code"] == "no_grounds_to_escalate"
    requires = {t["trigger"]: t["requires"] for t in view["transitions"]}
    assert requires["request_script_changes"] == ["feedback"]
