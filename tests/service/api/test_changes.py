"""The change hub: waiting polls, and the one read of an order a change's wake-up shares."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from service.api.changes import ChangeHub


async def test_a_read_begun_before_a_change_answers_no_poll_that_asks_after_it() -> None:
    """A poll that went away leaves its shared read running; a change comes while nobody
    waits; a poll that asks afterwards must read the order afresh."""
    hub = ChangeHub()
    gate = asyncio.Event()

    async def old_read() -> str:
        await gate.wait()
        return "read before the change"

    async def new_read() -> str:
        return "read after the change"

    async def poll(read: Callable[[], Awaitable[str]]) -> str:
        with hub.watch("ord_x"):
            return await hub.read_once("ord_x", read)

    first = asyncio.create_task(poll(old_read))
    await asyncio.sleep(0)
    first.cancel()  # the client went away; the shared read goes on
    await asyncio.sleep(0)
    hub.notify("ord_x")
    later = asyncio.create_task(poll(new_read))
    await asyncio.sleep(0)
    gate.set()
    assert await later == "read after the change"
