"""Credit: the 12-point score, violations, appeals, suspensions, fake traffic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from service.credit import service as credit
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
    order_body,
    published_order,
)

R = {"reason": "ops ticket 9"}


async def record(
    api: Api, creator: Creator, kind: str = "platform_account_violation"
) -> dict[str, Any]:
    body = {"creator_id": creator.id, "kind": kind, "evidence": "platform notice #42"}
    return ok(await api.client.post("/v1/violations", json=body, headers=api.ops), 201)  # type: ignore[no-any-return]


async def standing(api: Api, creator: Creator) -> dict[str, Any]:
    return ok(  # type: ignore[no-any-return]
        await api.client.get(f"/v1/creators/{creator.id}/violations", headers=creator.auth)
    )


async def test_rights_lost_at_exactly_zero_and_regained_on_revocation(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    violations = [await record(api, creator) for _ in range(5)]  # 5 × 2 = 10 points
    assert (await standing(api, creator))["credit_score"] == 2
    await make_order(api, brand, creator)  # 2 points left: still eligible

    await record(api, creator)  # 12 points: exactly 0 left
    now = await standing(api, creator)
    assert (now["credit_score"], now["order_rights"]) == (0, False)
    refused = await api.client.post("/v1/orders", json=order_body(creator), headers=brand.auth)
    assert [r["rule"] for r in ok(refused, 422)["reasons"]] == ["credit_exhausted"]

    revoked = ok(
        await api.client.post(
            f"/v1/violations/{violations[0]['id']}/revoke", json=R, headers=api.ops
        )
    )
    assert revoked["status"] == "revoked"
    back = await standing(api, creator)
    assert (back["credit_score"], back["order_rights"]) == (2, True)
    await make_order(api, brand, creator)


async def test_score_resets_on_1_january_shanghai_time(api: Api) -> None:
    creator = await make_creator(api)
    api.clock.set(datetime(2026, 12, 31, 15, 30, tzinfo=UTC))  # 23:30 on 31 Dec in Shanghai
    await record(api, creator, "private_deal")
    assert (await standing(api, creator))["credit_score"] == 0
    api.clock.set(datetime(2026, 12, 31, 16, 0, tzinfo=UTC))  # midnight, 1 Jan 2027, Shanghai
    fresh = await standing(api, creator)
    assert (fresh["year"], fresh["credit_score"], fresh["order_rights"]) == (2027, 12, True)
    assert fresh["violations"][0]["year"] == 2026


async def test_one_appeal_then_ops_decide(api: Api) -> None:
    creator = await make_creator(api)
    violation = await record(api, creator)
    path = f"/v1/violations/{violation['id']}"
    appeal = {"reason": "force majeure: the platform was down"}
    appealed = ok(await api.client.post(f"{path}/appeal", json=appeal, headers=creator.auth))
    assert appealed["status"] == "appealed" and appealed["appeal"] == appeal["reason"]
    again = await api.client.post(f"{path}/appeal", json=appeal, headers=creator.auth)
    assert ok(again, 409)["code"] == "invalid_transition"
    assert (await standing(api, creator))["credit_score"] == 10  # an appeal does not suspend it
    assert ok(await api.client.post(f"{path}/uphold", json=R, headers=creator.auth), 403)
    upheld = ok(await api.client.post(f"{path}/uphold", json=R, headers=api.ops))
    assert upheld["status"] == "upheld" and upheld["decision_reason"] == R["reason"]
    assert ok(await api.client.post(f"{path}/appeal", json=appeal, headers=creator.auth), 409)


async def test_violation_access(api: Api) -> None:
    creator = await make_creator(api)
    other = await make_creator(api, name="Other")
    brand = await make_brand(api)
    violation = await record(api, creator)
    path = f"/v1/violations/{violation['id']}/appeal"
    assert ok(await api.client.post(path, json=R, headers=other.auth), 404)
    assert ok(await api.client.post(path, json=R, headers=brand.auth), 403)
    assert ok(
        await api.client.get(f"/v1/creators/{creator.id}/violations", headers=other.auth), 404
    )
    body = {"creator_id": creator.id, "kind": "fake_traffic", "evidence": "x"}
    response = await api.client.post("/v1/violations", json=body, headers=api.ops)
    assert ok(response, 422)["code"] == "kind_not_recordable"
    body = {"creator_id": creator.id, "kind": "private_deal"}
    assert ok(await api.client.post("/v1/violations", json=body, headers=api.ops), 422)


@pytest.mark.parametrize(
    ("path", "kind", "points"),
    [("miss_deadline", "missed_deadline", 1), ("report_removed", "early_removal", 3)],
)
async def test_the_order_machine_records_violations(
    api: Api, path: str, kind: str, points: int
) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    if path == "miss_deadline":
        order = await make_order(api, brand, creator)
        ok(await fire(api, order["id"], "accept", creator.auth))
        api.clock.advance(timedelta(days=7))
        ok(await fire(api, order["id"], "miss_deadline", api.ops, **R))
    else:
        order = await published_order(api, brand, creator)
        ok(await fire(api, order["id"], "report_removed", api.ops, video_status="removed", **R))
    now = await standing(api, creator)
    assert [(v["kind"], v["points"], v["order_id"]) for v in now["violations"]] == [
        (kind, points, order["id"])
    ]
    assert now["credit_score"] == 12 - points


async def test_fake_traffic_refunds_compensates_suspends_and_records(api: Api) -> None:
    brand = await make_brand(api, funds_fen=500_000)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator, price_fen=100_000)
    flagged = await fire(
        api, order["id"], "flag_fake_traffic", api.ops, evidence="40x plays in 2 min", **R
    )
    assert ok(flagged)["state"] == "refunded"
    assert (await balance(api, brand))["available_fen"] == 500_000 + 30_000
    assert (await balance(api, creator))["available_fen"] == -30_000
    now = await standing(api, creator)
    assert now["order_rights_suspended"] and not now["order_rights"]
    assert [(v["kind"], v["evidence"]) for v in now["violations"]] == [
        ("fake_traffic", "40x plays in 2 min")
    ]


async def test_fake_traffic_is_one_transaction(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    brand = await make_brand(api, funds_fen=500_000)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator, price_fen=100_000)

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the suspension could not be written")

    monkeypatch.setattr(credit, "set_suspension", broken)
    transport = httpx.ASGITransport(app=api.app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        failed = await client.post(
            f"/v1/orders/{order['id']}/flag_fake_traffic",
            json={"evidence": "bots", **R},
            headers=api.ops,
        )
    assert failed.status_code == 500 and failed.json()["code"] == "internal_error"
    unchanged = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=api.ops))
    assert unchanged["state"] == "published" and unchanged["version"] == order["version"]
    assert (await balance(api, brand))["available_fen"] == 500_000 - 105_000
    assert (await balance(api, creator))["available_fen"] == 0
    assert (await standing(api, creator))["violations"] == []


async def test_ops_lift_a_suspension_with_a_reason(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator)
    ok(await fire(api, order["id"], "flag_fake_traffic", api.ops, evidence="bots", **R))
    violation = (await standing(api, creator))["violations"][0]
    ok(await api.client.post(f"/v1/violations/{violation['id']}/revoke", json=R, headers=api.ops))
    still = await standing(api, creator)
    assert (still["credit_score"], still["order_rights"]) == (12, False)  # suspended regardless
    path = f"/v1/creators/{creator.id}/lift-suspension"
    assert ok(await api.client.post(path, json={}, headers=api.ops), 422)
    mcn = await make_party(api, "mcn")
    assert ok(await api.client.post(path, json=R, headers=mcn.auth), 403)
    lifted = ok(await api.client.post(path, json=R, headers=api.ops))
    assert lifted["order_rights_suspended"] is False
    assert (await standing(api, creator))["order_rights"] is True
    assert ok(await api.client.post(path, json=R, headers=api.ops), 409)["code"] == "not_suspended"
    await make_order(api, brand, creator)
