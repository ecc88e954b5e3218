"""Suspected private deals: a commercial video with no order behind it opens a case for ops."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from tests.factories import (
    Api,
    fire,
    make_brand,
    make_creator,
    make_order,
    ok,
    video_url,
)


async def post_video(api: Api, url: str, commercial: bool | None = True) -> dict[str, Any]:
    body: dict[str, Any] = {"video_url": url, "status": "live"}
    if commercial is not None:
        body["commercial"] = commercial
    return ok(await api.client.put("/v1/simulator/videos", json=body, headers=api.ops))  # type: ignore[no-any-return]


async def open_cases(api: Api, status: str = "open") -> list[dict[str, Any]]:
    path = f"/v1/ops/private-deal-cases?status={status}"
    return ok(await api.client.get(path, headers=api.ops))  # type: ignore[no-any-return]


async def test_a_commercial_video_without_an_order_opens_one_case(api: Api) -> None:
    creator = await make_creator(api)
    url = video_url(creator, 88)
    posted = await post_video(api, url)
    assert posted["commercial"] is True and posted["private_deal_case"]
    again = await post_video(api, url)
    assert again["private_deal_case"] == posted["private_deal_case"]
    cases = await open_cases(api)
    assert [(c["id"], c["creator_id"], c["video_url"]) for c in cases] == [
        (posted["private_deal_case"], creator.id, url)
    ]


async def test_no_case_for_an_ordinary_video_an_ordered_one_or_a_stranger(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    assert (await post_video(api, video_url(creator, 1), commercial=None))[
        "private_deal_case"
    ] is None
    assert (await post_video(api, video_url(creator, 2), commercial=False))["commercial"] is False
    order = await make_order(api, brand, creator)
    ok(await fire(api, order["id"], "accept", creator.auth))
    ordered = video_url(creator, 3)
    ok(await fire(api, order["id"], "publish", creator.auth, video_url=ordered))
    assert (await post_video(api, ordered))["private_deal_case"] is None
    stranger = "https://www.douyin.com/@not_ours/video/77"
    assert (await post_video(api, stranger))["private_deal_case"] is None
    assert await open_cases(api) == []


async def test_the_platform_callback_reports_a_commercial_video(api: Api) -> None:
    creator = await make_creator(api)
    settings = api.app.state.settings
    body = json.dumps(
        {"video_url": video_url(creator, 5), "status": "live", "commercial": True,
         "changed_at": "2026-03-02T09:00:00Z"}
    ).encode()  # fmt: skip
    stamp = str(int(api.clock.now().timestamp()))
    digest = hmac.new(
        settings.video_callback_secret.encode(), stamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    headers = {"X-Video-Signature": f"t={stamp},v1={digest}", "content-type": "application/json"}
    response = await api.client.post(
        "/v1/integrations/video-platform/callback", content=body, headers=headers
    )
    assert response.status_code == 202
    assert response.json()["private_deal_case"] == (await open_cases(api))[0]["id"]


async def test_confirm_records_a_private_deal_violation_with_the_case_as_evidence(
    api: Api,
) -> None:
    creator = await make_creator(api)
    case = (await post_video(api, video_url(creator, 9)))["private_deal_case"]
    path = f"/v1/ops/private-deal-cases/{case}/confirm"
    confirmed = ok(await api.client.post(path, json={"reason": "brand admitted"}, headers=api.ops))
    assert confirmed["status"] == "confirmed" and confirmed["violation_id"]
    credit = ok(await api.client.get(f"/v1/creators/{creator.id}/violations", headers=api.ops))
    [violation] = credit["violations"]
    assert violation["kind"] == "private_deal" and violation["points"] == 12
    assert violation["id"] == confirmed["violation_id"] and case in violation["evidence"]
    assert credit["credit_score"] == 0 and credit["order_rights"] is False  # 12 of 12 points
    again = await api.client.post(path, json={}, headers=api.ops)
    assert again.status_code == 409 and again.json()["code"] == "case_not_open"
    await api.app.state.worker.run_once()
    feed = ok(await api.client.get("/v1/events?limit=100", headers=creator.auth))["data"]
    assert "private_deal_case.confirmed" in [e["type"] for e in feed]
    assert "private_deal_case.opened" not in [e["type"] for e in feed]
    assert [c["id"] for c in await open_cases(api, "confirmed")] == [case]


async def test_dismiss_records_nothing(api: Api) -> None:
    creator = await make_creator(api)
    case = (await post_video(api, video_url(creator, 10)))["private_deal_case"]
    path = f"/v1/ops/private-deal-cases/{case}/dismiss"
    dismissed = ok(await api.client.post(path, json={}, headers=api.ops))
    assert dismissed["status"] == "dismissed" and dismissed["violation_id"] is None
    credit = ok(await api.client.get(f"/v1/creators/{creator.id}/violations", headers=api.ops))
    assert credit["violations"] == [] and await open_cases(api) == []
    confirm = f"/v1/ops/private-deal-cases/{case}/confirm"
    assert (await api.client.post(confirm, json={}, headers=api.ops)).status_code == 409
    await api.app.state.worker.run_once()
    feed = ok(await api.client.get("/v1/events?limit=100", headers=api.ops))["data"]
    kinds = [e["type"] for e in feed if e["type"].startswith("private_deal_case.")]
    assert kinds == ["private_deal_case.opened", "private_deal_case.dismissed"]


async def test_bad_input_changes_nothing(api: Api) -> None:
    creator = await make_creator(api)
    case = (await post_video(api, video_url(creator, 11)))["private_deal_case"]
    path = f"/v1/ops/private-deal-cases/{case}"
    for body in ({"reason": "x" * 2_001}, {"extra": True}, {"reason": []}):
        response = await api.client.post(f"{path}/confirm", json=body, headers=api.ops)
        assert response.status_code == 422, body
    assert (
        await api.client.post(f"{path}/confirm", json={}, headers=creator.auth)
    ).status_code == 403
    missing = await api.client.post("/v1/ops/private-deal-cases/pdc_x/dismiss", json={},
                                    headers=api.ops)  # fmt: skip
    assert missing.status_code == 404
    for query in ("status=closed", "limit=0", "limit=1000"):
        response = await api.client.get(f"/v1/ops/private-deal-cases?{query}", headers=api.ops)
        assert response.status_code == 422, query
    bad_video = {"video_url": video_url(creator, 12), "commercial": "maybe"}
    assert (
        await api.client.put("/v1/simulator/videos", json=bad_video, headers=api.ops)
    ).status_code == 422
    assert [c["id"] for c in await open_cases(api)] == [case]
