"""Held messages: the screen is unsure, ops release or confirm; events, counting, bad input."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.factories import Api, make_brand, make_creator, make_order, ok

HELD = "加个好友吧，以后单子直接找我"  # talk of moving elsewhere, no contact detail: unsure
DIRTY = "加我微信 lily_tea88 细聊"


async def send(api: Api, order_id: str, headers: dict[str, str], text: str) -> Any:
    return await api.client.post(
        f"/v1/orders/{order_id}/messages", json={"text": text}, headers=headers
    )


async def listed(api: Api, order_id: str, headers: dict[str, str]) -> list[tuple[str, str]]:
    found = ok(await api.client.get(f"/v1/orders/{order_id}/messages", headers=headers))
    return [(m["text"], m["status"]) for m in found]


async def events(api: Api, headers: dict[str, str]) -> list[str]:
    await api.app.state.worker.run_once()
    found = ok(await api.client.get("/v1/events?limit=100", headers=headers))
    return [e["type"] for e in found["data"] if e["type"].startswith("message.")]


async def held_setup(api: Api) -> tuple[Any, Any, dict[str, Any], dict[str, Any]]:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    message = ok(await send(api, order["id"], creator.auth, HELD), 201)
    return brand, creator, order, message


async def test_an_unsure_message_is_held_seen_by_its_sender_and_ops_only(api: Api) -> None:
    brand, creator, order, message = await held_setup(api)
    assert message["status"] == "held" and message["delivered"] is False
    assert message["findings"][0]["kind"] == "off_platform_intent"
    assert 0.5 <= message["findings"][0]["score"] < 0.8
    assert await listed(api, order["id"], brand.auth) == []
    assert await listed(api, order["id"], creator.auth) == [(HELD, "held")]
    queue = ok(await api.client.get("/v1/ops/held-messages", headers=api.ops))
    assert [m["id"] for m in queue] == [message["id"]]
    assert await events(api, creator.auth) == ["message.held"]
    assert await events(api, brand.auth) == []


async def test_release_delivers_it_to_the_other_side(api: Api) -> None:
    brand, _, order, message = await held_setup(api)
    path = f"/v1/ops/held-messages/{message['id']}/release"
    released = ok(await api.client.post(path, json={"reason": "a friend request"}, headers=api.ops))
    assert released["status"] == "delivered" and released["delivered"] is True
    assert released["decision_reason"] == "a friend request"
    assert await listed(api, order["id"], brand.auth) == [(HELD, "delivered")]
    assert ok(await api.client.get("/v1/ops/held-messages", headers=api.ops)) == []
    decided = "/v1/ops/held-messages?status=delivered"
    assert [m["id"] for m in ok(await api.client.get(decided, headers=api.ops))] == [message["id"]]
    assert await events(api, brand.auth) == ["message.released"]
    again = await api.client.post(path, json={}, headers=api.ops)
    assert again.status_code == 409 and again.json()["code"] == "message_not_held"


async def test_confirm_refuses_it_and_counts_as_a_refusal(api: Api) -> None:
    brand, creator, order, message = await held_setup(api)
    refused = ok(await send(api, order["id"], creator.auth, DIRTY), 422)
    assert refused["code"] == "off_platform_contact"
    credit = f"/v1/creators/{creator.id}/violations"
    assert ok(await api.client.get(credit, headers=api.ops))["violations"] == []
    api.clock.advance(timedelta(days=1))
    path = f"/v1/ops/held-messages/{message['id']}/confirm"
    confirmed = ok(await api.client.post(path, json={}, headers=api.ops))
    assert confirmed["status"] == "refused"
    found = ok(await api.client.get(credit, headers=api.ops))["violations"]
    assert [(v["kind"], v["evidence"]) for v in found] == [("off_platform_contact", HELD)]
    assert await listed(api, order["id"], brand.auth) == []
    assert await listed(api, order["id"], creator.auth) == []
    assert "message.confirmed" in await events(api, creator.auth)
    release = f"/v1/ops/held-messages/{message['id']}/release"
    assert (await api.client.post(release, json={}, headers=api.ops)).status_code == 409


async def test_held_messages_do_not_count_as_refusals(api: Api) -> None:
    _, creator, order, _ = await held_setup(api)
    ok(await send(api, order["id"], creator.auth, HELD), 201)
    ok(await send(api, order["id"], creator.auth, DIRTY), 422)
    credit = f"/v1/creators/{creator.id}/violations"
    assert ok(await api.client.get(credit, headers=api.ops))["violations"] == []


async def test_bad_input_to_the_ops_endpoints_changes_nothing(api: Api) -> None:
    brand, creator, order, message = await held_setup(api)
    path = f"/v1/ops/held-messages/{message['id']}"
    for body in ({"reason": "x" * 2_001}, {"unknown": 1}, {"reason": 5}):
        response = await api.client.post(f"{path}/release", json=body, headers=api.ops)
        assert response.status_code == 422, body
    missing = await api.client.post("/v1/ops/held-messages/msg_nope/confirm", json={},
                                    headers=api.ops)  # fmt: skip
    assert missing.status_code == 404
    for query in ("status=lost", "limit=0", "limit=101", f"starting_after={'x' * 41}"):
        response = await api.client.get(f"/v1/ops/held-messages?{query}", headers=api.ops)
        assert response.status_code == 422, query
    for party in (brand, creator):
        refused = await api.client.post(f"{path}/release", json={}, headers=party.auth)
        assert refused.status_code == 403
    assert await listed(api, order["id"], creator.auth) == [(HELD, "held")]
