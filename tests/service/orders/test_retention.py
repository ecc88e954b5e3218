"""Retention changes by mutual consent."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import Api, fire, make_brand, make_creator, make_order, ok, published_order


async def propose(api: Api, order_id: str, headers: dict[str, str], days: int) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = await api.client.post(
        f"/v1/orders/{order_id}/retention-proposals", json={"retention_days": days}, headers=headers
    )
    return response.status_code, response.json()


async def accept(
    api: Api, order_id: str, proposal_id: str, headers: dict[str, str]
) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = await api.client.post(
        f"/v1/orders/{order_id}/retention-proposals/{proposal_id}/accept", headers=headers
    )
    return response.status_code, response.json()


async def test_the_other_side_accepts_and_due_times_move(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator, retention_days=30)
    status, proposal = await propose(api, order["id"], creator.auth, 15)
    assert status == 201 and proposal["state"] == "pending"
    assert (await accept(api, order["id"], proposal["id"], creator.auth))[0] == 403
    status, changed = await accept(api, order["id"], proposal["id"], brand.auth)
    assert status == 200
    assert changed["retention_days"] == 15
    assert changed["retention_ends_at"] == "2026-03-17T09:30:00Z"
    assert changed["next_due_at"] == changed["retention_ends_at"]
    history = ok(await api.client.get(f"/v1/orders/{order['id']}/history", headers=brand.auth))
    assert history[-1]["trigger"] == "change_retention"
    assert history[-1]["details"] == {"from_days": 30, "to_days": 15, "proposal_id": proposal["id"]}
    assert (await accept(api, order["id"], proposal["id"], brand.auth))[1]["code"] == (
        "invalid_transition"
    )


async def test_proposal_lapses_after_48_hours(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator)
    _, proposal = await propose(api, order["id"], brand.auth, 60)
    api.clock.advance(timedelta(hours=48))
    status, problem = await accept(api, order["id"], proposal["id"], creator.auth)
    assert (status, problem["code"]) == (409, "proposal_lapsed")
    current = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=brand.auth))
    assert current["retention_days"] == 30


async def test_shorter_period_may_not_end_before_the_time_elapsed(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await published_order(api, brand, creator)
    api.clock.advance(timedelta(days=10))
    status, problem = await propose(api, order["id"], brand.auth, 10)
    assert (status, problem["code"]) == (422, "retention_too_short")
    status, proposal = await propose(api, order["id"], brand.auth, 11)
    assert status == 201
    api.clock.advance(timedelta(days=1))  # now the proposal would end in the past
    status, problem = await accept(api, order["id"], proposal["id"], creator.auth)
    assert (status, problem["code"]) == (422, "retention_too_short")


async def test_new_proposal_supersedes_and_rules(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    _, first = await propose(api, order["id"], brand.auth, 7)
    _, second = await propose(api, order["id"], creator.auth, 15)
    assert (await accept(api, order["id"], first["id"], creator.auth))[0] == 409
    status, changed = await accept(api, order["id"], second["id"], brand.auth)
    assert status == 200 and changed["retention_days"] == 15
    assert changed["retention_ends_at"] is None  # counted from publication, later
    for days in (0, 366, "30"):
        assert (await propose(api, order["id"], brand.auth, days))[0] == 422  # type: ignore[arg-type]
    assert (await propose(api, order["id"], brand.auth, 15))[1]["code"] == "retention_unchanged"
    assert (await propose(api, order["id"], api.ops, 20))[0] == 403
    ok(await fire(api, order["id"], "cancel", brand.auth))
    assert (await propose(api, order["id"], brand.auth, 20))[1]["code"] == "invalid_transition"
    stranger = await make_brand(api, "Stranger")
    assert (await propose(api, order["id"], stranger.auth, 20))[0] == 404
