"""Many long polls on one order, answered when it changes: `Prefer: wait=30` requests from
many clients (a creator's devices, a brand's dashboards) parked on one order, then one
transition; how long after it the last of them gets its answer. Part of `bench.polling`.

The polls hold no database connection while they wait; what this measures is what happens
when they all wake at once (each used to read the order again, through a pool of 30)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import httpx

from bench.report import Row, log, verdict
from bench.seeding import Slot
from bench.servers import Server

TARGET_SECONDS = 0.5  # every poll answered within this of the change


@dataclass
class Woken:
    polls: int
    p50: float  # seconds after the transition was sent
    last: float
    answered_200: int


async def _one_round(base: str, slot: Slot, polls: int, park_seconds: float) -> Woken:
    """Raw connections, one poll each (an HTTP client library's own overhead with hundreds
    of connections in one process would be what is measured); timed to each status line."""
    host, port = base.removeprefix("http://").split(":")
    path = f"/v1/orders/{slot.order_id}"
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {slot.creator_key}\r\n"
        'If-None-Match: "v1"\r\nPrefer: wait=30\r\n\r\n'
    ).encode()

    async def park() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        reader, writer = await asyncio.open_connection(host, int(port))
        writer.write(request)
        await writer.drain()
        return reader, writer

    parked = await asyncio.gather(*(park() for _ in range(polls)))
    await asyncio.sleep(park_seconds)  # every poll read and parked by the server
    started = time.perf_counter()

    async def answer(reader: asyncio.StreamReader) -> tuple[int, float]:
        status = await reader.readline()
        return int(status.split()[1]), time.perf_counter() - started

    try:
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            waiting = [asyncio.ensure_future(answer(reader)) for reader, _ in parked]
            assert not any(task.done() for task in waiting), "a poll came back before the change"
            accept = await client.post(
                f"{path}/accept", headers={"Authorization": f"Bearer {slot.creator_key}"}
            )
            assert accept.status_code == 200, accept.text
            answers = await asyncio.wait_for(asyncio.gather(*waiting), 60)
    finally:
        for _, writer in parked:
            writer.close()
    times = sorted(seconds for _, seconds in answers)
    statuses = [status for status, _ in answers]
    return Woken(polls, times[len(times) // 2], times[-1], statuses.count(200))


def measure(server: Server, slots: list[Slot], polls: int, rounds: int) -> list[Row]:
    """`rounds` orders in turn (each is changed once), `polls` long polls on each."""
    results = []
    for n, slot in enumerate(slots[:rounds]):
        woken = asyncio.run(_one_round(server.base, slot, polls, park_seconds=3.0))
        log(f"long polls {n + 1}: p50 {woken.p50:.3f} s, last {woken.last:.3f} s")
        assert woken.answered_200 == polls, f"{woken.answered_200} of {polls} polls got the change"
        results.append(woken)
    worst = max(results, key=lambda w: w.last)
    return [
        Row(
            f"{polls} long polls on one order: the last answered after the change (s)",
            f"{worst.last:.2f}",
            "",
            "",
            f"<= {TARGET_SECONDS} s",
            verdict(worst.last <= TARGET_SECONDS),
        ),
        Row("  p50 / last, worst round (s)", f"{worst.p50:.2f} / {worst.last:.2f}"),
    ]
