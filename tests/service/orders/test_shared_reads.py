"""Long polls of one order share one read of it per change: when the order changes, every
request waiting on it in the process is answered from a single database read."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event

from service.api.changes import HUB
from tests.factories import Api, fire, make_brand, make_creator, make_order, ok

WAITING = 40


@contextlib.contextmanager
def order_reads(api: Api) -> Iterator[list[str]]:
    """The SELECTs of the orders table the app sends while the block runs."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "FROM orders" in statement:
            sent.append(statement)

    engine = api.database.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def test_one_read_per_change_serves_every_waiting_poll(api: Api) -> None:
    brand = await make_brand(api)
    creator = await make_creator(api)
    alone = await make_order(api, brand, creator)
    order = await make_order(api, brand, creator)
    with order_reads(api) as transition_alone:  # what the transition reads by itself
        ok(await fire(api, alone["id"], "accept", creator.auth))
    path = f"/v1/orders/{order['id']}"
    held = {**creator.auth, "If-None-Match": '"v1"', "Prefer": "wait=20"}
    polls = [asyncio.create_task(api.client.get(path, headers=held)) for _ in range(WAITING)]
    for _ in range(200):  # every poll parked
        if HUB.waiting(order["id"]) == WAITING:
            break
        await asyncio.sleep(0.02)
    assert HUB.waiting(order["id"]) == WAITING

    with order_reads(api) as sent:
        ok(await fire(api, order["id"], "accept", creator.auth))
        answers = await asyncio.wait_for(asyncio.gather(*polls), 10)
    assert {(a.status_code, a.headers["etag"]) for a in answers} == {(200, '"v2"')}
    assert {a.json()["state"] for a in answers} == {"accepted"}
    assert len(sent) == len(transition_alone) + 1, sent
