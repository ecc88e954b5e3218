"""Events and webhooks end to end, with a real receiver on loopback."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import Api, fire, make_brand, make_creator, make_order, ok
from tests.service.webhooks.receiver import Receiver


async def work(api: Api) -> None:
    """A worker pass (events numbered, fanned out to endpoints), then the webhooks sent."""
    await api.app.state.worker.run_once()
    await api.app.state.worker.deliver_due()


async def events(api: Api, headers: dict[str, str], after: int = 0) -> list[dict]:  # type: ignore[type-arg]
    page = ok(await api.client.get(f"/v1/events?after={after}&limit=100", headers=headers))
    return page["data"]  # type: ignore[no-any-return]


async def test_events_are_scoped_numbered_and_carry_previous_values(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    ok(await fire(api, order["id"], "accept", creator.auth))
    assert await events(api, brand.auth) == []  # not numbered until the sequencer ran
    await work(api)
    seen = await events(api, brand.auth)
    assert [e["type"] for e in seen] == [
        "balance.changed",
        "order.create",
        "balance.changed",
        "order.accept",
    ] or sorted(e["type"] for e in seen) == sorted(
        ["balance.changed", "order.create", "balance.changed", "order.accept"]
    )
    sequences = [e["sequence"] for e in seen]
    assert sequences == sorted(sequences) and len(set(sequences)) == len(sequences)
    accepted = next(e for e in seen if e["type"] == "order.accept")
    assert accepted["data"]["state"] == "accepted"
    assert accepted["previous"]["state"] == "requested" and accepted["previous"]["version"] == 1
    creator_sees = {e["type"] for e in await events(api, creator.auth)}
    assert creator_sees == {"order.create", "order.accept"}  # not the brand's balance
    later = await events(api, brand.auth, after=sequences[1])
    assert [e["sequence"] for e in later] == sequences[2:]


async def test_receiver_sees_every_event_after_three_failures(dev_api: Api) -> None:
    api = dev_api
    brand = await make_brand(api)
    creator = await make_creator(api)
    await work(api)
    before = {e["id"] for e in await events(api, brand.auth)}  # the top-up: not sent
    with Receiver(fail_first=3) as receiver:
        created = ok(
            await api.client.post(
                "/v1/webhook-endpoints", json={"url": receiver.url}, headers=brand.auth
            ),
            201,
        )
        receiver.secret = created["secret"]
        assert created["secret"].startswith("whsec_")
        order = await make_order(api, brand, creator)
        ok(await fire(api, order["id"], "cancel", brand.auth))
        for wait in (0, 5, 300, 1800, 7200):
            api.clock.advance(timedelta(seconds=wait))
            await work(api)
        expected = {e["id"] for e in await events(api, brand.auth)} - before
        assert len(expected) == 4  # hold, create, refund, cancel
        assert receiver.bad_signatures == 0
        delivered = {r["id"] for r in receiver.received}
        assert delivered == expected  # every event at least once, deduped by webhook-id
        assert len(receiver.received) > len(delivered)  # some arrived more than once
        assert all(r["id"] == r["event"]["id"] for r in receiver.received)
    path = f"/v1/webhook-endpoints/{created['id']}"
    attempts = ok(await api.client.get(f"{path}/attempts?limit=100", headers=brand.auth))
    assert sum(a["status_code"] == 500 for a in attempts) == 3
    assert sum(a["status_code"] == 200 for a in attempts) == len(receiver.received) - 3


async def test_endpoint_disabled_after_three_days_then_replayed(dev_api: Api) -> None:
    api = dev_api
    brand = await make_brand(api)
    creator = await make_creator(api)
    with Receiver(fail_first=10**6) as failing:
        body = {"url": failing.url, "event_types": ["order.*"]}
        created = ok(
            await api.client.post("/v1/webhook-endpoints", json=body, headers=brand.auth), 201
        )
        failing.secret = created["secret"]
        await make_order(api, brand, creator)
        await work(api)
        for _ in range(20):
            api.clock.advance(timedelta(hours=10))
            await work(api)
    path = f"/v1/webhook-endpoints/{created['id']}"
    shown = ok(await api.client.get(path, headers=brand.auth))
    assert shown["enabled"] is False and "no successful delivery" in shown["disabled_reason"]
    assert failing.calls >= 8  # the order expired meanwhile: two events, both retried
    assert {r["event"]["type"] for r in failing.received} == {"order.create", "order.expire"}

    with Receiver() as healthy:
        healthy.secret = created["secret"]
        # The endpoint's owner points it at a working receiver and asks for a replay.
        ok(await api.client.post(f"{path}/enable", headers=brand.auth))
        async with api.database.engine.begin() as connection:
            from sqlalchemy import text

            await connection.execute(
                text("UPDATE webhook_endpoints SET url = :url WHERE id = :id"),
                {"url": healthy.url, "id": created["id"]},
            )
        replay = ok(
            await api.client.post(f"{path}/replay", json={"after_sequence": 0}, headers=brand.auth),
            202,
        )
        assert replay["queued"] == 2  # order.* only: not the balance events
        await work(api)
        # the replay, plus the expiry's own delivery still pending when it was disabled
        assert sorted(r["event"]["type"] for r in healthy.received) == [
            "order.create", "order.expire", "order.expire",
        ]  # fmt: skip
        assert len({r["id"] for r in healthy.received}) == 2  # dedupe by webhook-id


async def test_internal_destinations_are_refused_outside_dev_mode(api: Api) -> None:
    brand = await make_brand(api)
    for url in (
        "http://127.0.0.1:9/hooks", "https://127.0.0.1/hooks", "https://10.1.2.3/x",
        "https://169.254.169.254/latest", "https://[::1]/x", "https://localhost/x",
        "ftp://example.com/x", "https://user:pw@example.com/x",
    ):  # fmt: skip
        response = await api.client.post(
            "/v1/webhook-endpoints", json={"url": url}, headers=brand.auth
        )
        assert ok(response, 422)["code"] == "webhook_url_refused", url
    response = await api.client.post(
        "/v1/webhook-endpoints", json={"url": "https://x.example", "event_types": ["bad type"]},
        headers=brand.auth,
    )  # fmt: skip
    assert ok(response, 422)["code"] == "validation_error"
    assert ok(
        await api.client.post("/v1/webhook-endpoints", json={"url": "https://x"}, headers=api.ops),
        403,
    )
