"""Claiming deliveries: one endpoint's backlog never hides another endpoint's due delivery."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from service.webhooks.delivery import claim
from service.webhooks.models import WebhookDelivery
from tests.factories import Api, Party, make_brand, make_creator, make_order, ok


async def test_a_backlogged_endpoint_at_its_bound_leaves_room_for_the_others(
    dev_api: Api,
) -> None:
    slow = await make_brand(dev_api, "Slow receiver's brand")
    backlogged = await _endpoint(dev_api, slow, "http://127.0.0.1:9/backlog")
    for n in range(6):  # orders, and their money: a backlog of older due deliveries
        await make_order(dev_api, slow, await make_creator(dev_api, f"Creator {n}"))
    await dev_api.app.state.worker.run_once()  # numbers the events, queues the deliveries
    dev_api.clock.advance(timedelta(seconds=1))
    other = await make_brand(dev_api, "Another brand")
    waiting = await _endpoint(dev_api, other, "http://127.0.0.1:9/other")
    await make_order(dev_api, other, await make_creator(dev_api, "Another creator"))
    await dev_api.app.state.worker.run_once()
    async with dev_api.database.session() as session:
        counted = select(WebhookDelivery.endpoint_id, func.count()).group_by(
            WebhookDelivery.endpoint_id
        )
        queued = dict((await session.exec(counted)).all())  # type: ignore[call-overload]
    assert queued[backlogged["id"]] > 4 and queued[waiting["id"]] >= 1

    now = await dev_api.app.state.worker.effective_now() + timedelta(seconds=5)
    busy = Counter({backlogged["id"]: 1})  # already sending one to the backlogged endpoint
    jobs = await claim(dev_api.database, now, 1, busy, per_endpoint=1)
    assert [job.endpoint_id for job in jobs] == [waiting["id"]]


async def _endpoint(api: Api, owner: Party, url: str) -> dict[str, Any]:
    made = await api.client.post("/v1/webhook-endpoints", json={"url": url}, headers=owner.auth)
    return ok(made, 201)  # type: ignore[no-any-return]
