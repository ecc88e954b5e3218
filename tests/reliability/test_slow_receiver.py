"""One slow webhook receiver holds up nobody: while a receiver trickles its answer a byte a
second, an unrelated brand's events get their sequence numbers and a due timer fires within
5 seconds. On SQLite with the worker inside the API process (what `make run` starts), and on
PostgreSQL with an API process and a worker process."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.databases import migrate, sqlite_database
from tests.factories import OPS_KEY, Api, make_brand, make_creator, make_order, ok
from tests.reliability.processes import ApiServer, ServiceProcess, api_server, service_env, worker
from tests.reliability.trickle import TrickleReceiver

WINDOW = 5.0  # seconds: the behavioural deadline, not a speed measurement
DAY = 24 * 3600


async def _eventually(what: str, check: object, within: float = WINDOW) -> float:
    """Poll the coroutine function `check` until it is true; how long that took."""
    started = time.monotonic()
    while True:
        if await check():  # type: ignore[operator]
            return time.monotonic() - started
        assert time.monotonic() - started < within, f"{what}: not within {within} s"
        await asyncio.sleep(0.1)


async def nobody_waits_for_a_slow_receiver(base: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client, TrickleReceiver() as slow:
        api = Api(client, None, None, None, None)  # type: ignore[arg-type]
        slowed = await make_brand(api, "Slowly answered")
        hook = {"url": slow.url}
        ok(await client.post("/v1/webhook-endpoints", json=hook, headers=slowed.auth), 201)
        await make_order(api, slowed, await make_creator(api, "Slow's creator"))
        await asyncio.wait_for(slow.stalled.wait(), 30)  # a delivery is trickling now

        brand = await make_brand(api, "Unrelated")
        order = await make_order(api, brand, await make_creator(api, "Unrelated creator"))

        async def numbered() -> bool:
            page = ok(await client.get("/v1/events", headers=brand.auth))
            return bool(page["data"]) and all(e["sequence"] for e in page["data"])

        await _eventually("the unrelated brand's events numbered", numbered)

        started = time.monotonic()  # the accept deadline passes: the expire timer is due
        body = {"advance_seconds": DAY + 3600}
        moved = await client.post("/v1/dev/clock", json=body, headers=api.ops, timeout=WINDOW)
        assert moved.status_code == 200, moved.text

        async def fired() -> bool:
            history = ok(await client.get(f"/v1/orders/{order['id']}/history", headers=brand.auth))
            return "expire" in {entry["trigger"] for entry in history}

        await _eventually("the due timer fired", fired, WINDOW - (time.monotonic() - started))
        assert slow.requests >= 1 and slow.stalled.is_set()


@pytest.fixture
async def sqlite_service(tmp_path: Path) -> AsyncIterator[str]:
    """`make run`: migrate a SQLite file, then `python -m service serve` with its worker."""
    with sqlite_database(tmp_path) as url:
        migrate(url)
        env = service_env(
            url, XT_DEV_MODE="true", XT_BOOTSTRAP_OPS_KEY=OPS_KEY, XT_WORKER_POLL_SECONDS="0.2"
        )
        server = ApiServer("sqlite-api", env, tmp_path)
        server.argv = [sys.executable, "-m", "service", "serve",
                       "--host", "127.0.0.1", "--port", str(server.port)]  # fmt: skip
        server.start()
        try:
            await server.ready()
            yield server.url
        finally:
            assert await server.stop() in (0, -15), server.output()[-3000:]


@pytest.fixture
async def postgres_service(fresh_postgres_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """An API process and a worker process on PostgreSQL."""
    server = api_server("pg-api", fresh_postgres_url, OPS_KEY, tmp_path)
    timers: ServiceProcess = worker("pg-worker", fresh_postgres_url, tmp_path)
    server.start()
    timers.start()
    try:
        await server.ready()
        yield server.url
    finally:
        codes = [await timers.stop(), await server.stop()]
        assert all(code in (0, -15) for code in codes), timers.output()[-3000:]


async def test_a_slow_receiver_holds_up_nobody_on_sqlite(sqlite_service: str) -> None:
    await nobody_waits_for_a_slow_receiver(sqlite_service)


async def test_a_slow_receiver_holds_up_nobody_on_postgresql(postgres_service: str) -> None:
    await nobody_waits_for_a_slow_receiver(postgres_service)
