"""The video platform's signed callback."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta

from tests.factories import Api, make_brand, make_creator, ok, published_order

SECRET = "change-me-video-callback-secret"


def signed(api: Api, body: dict, secret: str = SECRET, skew: int = 0) -> tuple[bytes, dict]:  # type: ignore[type-arg]
    raw = json.dumps(body).encode()
    stamp = str(int(api.clock.now().timestamp()) + skew)
    mac = hmac.new(secret.encode(), stamp.encode() + b"." + raw, hashlib.sha256).hexdigest()
    return raw, {"X-Video-Signature": f"t={stamp},v1={mac}", "content-type": "application/json"}


async def push(api: Api, body: dict, **kw: object) -> tuple[int, dict]:  # type: ignore[type-arg]
    raw, headers = signed(api, body, **kw)  # type: ignore[arg-type]
    response = await api.client.post(
        "/v1/integrations/video-platform/callback", content=raw, headers=headers
    )
    return response.status_code, response.json()


async def test_removal_inside_the_period_refunds(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator, retention_days=7)
    api.clock.advance(timedelta(days=3))
    changed_at = (api.clock.now() - timedelta(hours=1)).isoformat()
    body = {"video_url": order["video_url"], "status": "removed", "changed_at": changed_at}
    status, result = await push(api, body)
    assert status == 202 and result == {
        "orders": [order["id"]],
        "refunded": [order["id"]],
        "private_deal_case": None,
    }
    assert ok(await api.client.get(f"/v1/orders/{order['id']}", headers=api.ops))["state"] == (
        "refunded"
    )


async def test_removal_after_the_period_does_not(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator, retention_days=7)
    api.clock.advance(timedelta(days=8))
    changed_at = (api.clock.now() - timedelta(hours=1)).isoformat()
    body = {"video_url": order["video_url"], "status": "private", "changed_at": changed_at}
    status, result = await push(api, body)
    assert status == 202 and result["refunded"] == []
    shown = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=api.ops))
    assert shown["state"] == "published" and shown["video_status"] == "live"


async def test_bad_signatures_change_nothing(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator)
    body = {
        "video_url": order["video_url"], "status": "removed",
        "changed_at": api.clock.now().isoformat(),
    }  # fmt: skip
    for kwargs in ({"secret": "wrong-secret-wrong-secret"}, {"skew": -301}, {"skew": 301}):
        status, problem = await push(api, body, **kwargs)
        assert (status, problem["code"]) == (401, "bad_signature")
    response = await api.client.post(
        "/v1/integrations/video-platform/callback", json=body, headers={"X-Video-Signature": "x"}
    )
    assert ok(response, 401)["code"] == "bad_signature"
    future = {**body, "changed_at": (api.clock.now() + timedelta(hours=1)).isoformat()}
    assert (await push(api, future))[0] == 422
    assert (await push(api, {**body, "status": "exploded"}))[0] == 422
    shown = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=api.ops))
    assert shown["state"] == "published"
