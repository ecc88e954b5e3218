"""Concurrent transitions on one order: the database decides, exactly one wins."""

from __future__ import annotations

import asyncio

import pytest

from tests.factories import Api, fire, make_brand, make_creator, make_order, ok


@pytest.mark.parametrize("rounds", [5])
async def test_concurrent_accept_and_decline_exactly_one_wins(
    api: Api, backend: str, rounds: int
) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    for _ in range(rounds):
        order = await make_order(api, brand, creator)
        accept, cancel = await asyncio.gather(
            fire(api, order["id"], "accept", creator.auth),
            fire(api, order["id"], "decline", creator.auth),
        )
        statuses = sorted([accept.status_code, cancel.status_code])
        assert statuses == [200, 409], (backend, accept.text, cancel.text)
        loser = accept if accept.status_code == 409 else cancel
        assert loser.json()["code"] in {"invalid_transition", "version_conflict"}
        history = ok(await api.client.get(f"/v1/orders/{order['id']}/history", headers=api.ops))
        assert history[0]["trigger"] == "create"
        assert len(history) == 2, history
        final = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=api.ops))
        assert final["version"] == 2
        assert final["state"] == ("accepted" if accept.status_code == 200 else "refunded")


async def test_many_concurrent_accepts_move_the_order_once(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    responses = await asyncio.gather(
        *(fire(api, order["id"], "accept", creator.auth) for _ in range(8))
    )
    assert sorted(r.status_code for r in responses) == [200] + [409] * 7
    history = ok(await api.client.get(f"/v1/orders/{order['id']}/history", headers=api.ops))
    assert [h["trigger"] for h in history] == ["create", "accept"]
