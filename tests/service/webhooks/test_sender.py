"""The webhook sender: a total deadline per attempt, however the receiver dribbles its answer,
and bounded concurrency per endpoint."""

from __future__ import annotations

import asyncio
import time

from service.webhooks.sender import Deliveries
from tests.factories import Api, make_brand, make_creator, make_order, ok
from tests.reliability.trickle import TrickleReceiver


async def _slow_endpoint(api: Api, receiver: TrickleReceiver) -> str:
    brand = await make_brand(api)
    hook = {"url": receiver.url}
    created = ok(await api.client.post("/v1/webhook-endpoints", json=hook, headers=brand.auth), 201)
    for _ in range(3):  # a top-up, then the orders' events: several deliveries due
        await make_order(api, brand, await make_creator(api))
    await api.app.state.worker.run_once()  # numbered and fanned out
    return str(created["id"])


def _deliveries(api: Api, **settings: object) -> Deliveries:
    worker = api.app.state.worker
    return Deliveries(
        api.database, worker.settings.model_copy(update=settings), worker.effective_now
    )


async def test_an_attempt_ends_at_its_total_deadline(dev_api: Api) -> None:
    async with TrickleReceiver() as slow:
        await _slow_endpoint(dev_api, slow)
        sender = _deliveries(dev_api, webhook_timeout_seconds=1.0)
        started = time.monotonic()
        attempted = await asyncio.wait_for(sender.deliver_due(), 10)
        took = time.monotonic() - started
    assert attempted >= 4 and slow.requests >= 4
    assert took < 4, f"{attempted} attempts at a 1 s deadline took {took:.1f} s"
    async with dev_api.database.engine.connect() as connection:
        from sqlalchemy import text

        errors = {
            row[0] for row in await connection.execute(text("SELECT error FROM webhook_attempts"))
        }
    assert errors == {"no complete answer within 1 s"}


async def test_at_most_so_many_attempts_per_endpoint_at_once(dev_api: Api) -> None:
    async with TrickleReceiver() as slow:
        await _slow_endpoint(dev_api, slow)
        sender = _deliveries(
            dev_api, webhook_timeout_seconds=3.0, webhook_concurrency_per_endpoint=2,
            worker_poll_seconds=0.1,
        )  # fmt: skip
        stop = asyncio.Event()
        running = asyncio.create_task(sender.run(stop))
        await asyncio.sleep(1.5)
        stop.set()
        await asyncio.wait_for(running, 5)  # stops at once, abandoning what is in flight
    assert slow.most_open == 2
