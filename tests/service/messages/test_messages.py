"""Order messages through the API: delivery, refusal kept for ops, the repeat-offence violation."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import Api, make_brand, make_creator, make_order, make_party, ok

CLEAN = "视频请在3月5日前发布，时长30秒，报价5000元。"
DIRTY = "加我微信 lily_tea88 细聊"


async def send(api: Api, order_id: str, headers: dict[str, str], text: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = await api.client.post(
        f"/v1/orders/{order_id}/messages", json={"text": text}, headers=headers
    )
    return response.status_code, response.json()


async def test_clean_message_is_delivered_to_both_sides(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    status, message = await send(api, order["id"], brand.auth, CLEAN)
    assert status == 201 and message["delivered"] is True and message["findings"] == []
    for party in (brand, creator):
        listed = ok(await api.client.get(f"/v1/orders/{order['id']}/messages", headers=party.auth))
        assert [m["text"] for m in listed] == [CLEAN]


async def test_refused_message_is_not_delivered_but_kept_for_ops(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    status, problem = await send(api, order["id"], creator.auth, DIRTY)
    assert status == 422 and problem["code"] == "off_platform_contact"
    assert problem["found"][0]["kind"] == "wechat_id"
    assert "lily_tea88" in problem["found"][0]["match"]
    for party in (brand, creator):
        path = f"/v1/orders/{order['id']}/messages"
        assert ok(await api.client.get(path, headers=party.auth)) == []
    kept = ok(await api.client.get(f"/v1/orders/{order['id']}/messages", headers=api.ops))
    assert [(m["text"], m["delivered"]) for m in kept] == [(DIRTY, False)]


async def violations(api: Api, creator_id: str) -> list[str]:
    credit = ok(await api.client.get(f"/v1/creators/{creator_id}/violations", headers=api.ops))
    return [v["kind"] for v in credit["violations"]]


async def test_second_refusal_within_30_days_records_one_violation(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    await send(api, order["id"], creator.auth, DIRTY)
    assert await violations(api, creator.id) == []
    api.clock.advance(timedelta(days=29))
    await send(api, order["id"], creator.auth, "QQ 12345678")
    assert await violations(api, creator.id) == ["off_platform_contact"]
    await send(api, order["id"], creator.auth, "lily@163.com")
    assert await violations(api, creator.id) == ["off_platform_contact"]
    api.clock.advance(timedelta(days=31))
    await send(api, order["id"], creator.auth, DIRTY)
    assert await violations(api, creator.id) == ["off_platform_contact"]
    await send(api, order["id"], creator.auth, DIRTY)
    assert await violations(api, creator.id) == ["off_platform_contact"] * 2


async def test_refusals_31_days_apart_record_nothing(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    await send(api, order["id"], creator.auth, DIRTY)
    api.clock.advance(timedelta(days=31))
    await send(api, order["id"], creator.auth, DIRTY)
    assert await violations(api, creator.id) == []


async def test_brand_refusals_cost_the_creator_nothing(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    for _ in range(3):
        status, _problem = await send(api, order["id"], brand.auth, "call me 138 0013 8000")
        assert status == 422
    assert await violations(api, creator.id) == []


async def test_who_may_talk(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    stranger = await make_brand(api, "Stranger")
    assert (await send(api, order["id"], stranger.auth, CLEAN))[0] == 404
    assert (await send(api, order["id"], api.ops, CLEAN))[0] == 403
    mcn = await make_party(api, "mcn")
    assert (await send(api, order["id"], mcn.auth, CLEAN))[0] == 404
    for text in ("", " ", "x" * 2_001, "bad\x00"):
        assert (await send(api, order["id"], brand.auth, text))[0] == 422
