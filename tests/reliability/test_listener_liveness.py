"""A half-open notification link: the connection on which a second API process LISTENs goes
through a TCP proxy that stops forwarding its bytes, both ways, without closing anything.
Nothing tells that process; its listener's round trips must. A key revoked through the first
process is refused by the second, and an order changed through the first is served new by
the second, within the stated window (README, operations: at most 5 s by default)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from service.api.caches import ProcessCache
from service.api.changes import LISTENER_NAME, Liveness, relay_notifications
from service.db import Database
from tests.factories import OPS_KEY, Api, make_brand, make_creator, make_order, ok
from tests.reliability.processes import ApiServer, api_server
from tests.reliability.tcp_proxy import TcpProxy

WINDOW = 5.0  # the worst case with the default settings (docs/operations.md)


@pytest.fixture
async def two_processes(
    fresh_postgres_url: str, tmp_path: Path
) -> AsyncIterator[tuple[ApiServer, ApiServer, TcpProxy]]:
    """API process A on the database, API process B through the proxy."""
    server = make_url(fresh_postgres_url)
    async with TcpProxy(server.host or "127.0.0.1", server.port or 5432) as proxy:
        proxied = server.set(host="127.0.0.1", port=proxy.port)
        a = api_server("api-a", fresh_postgres_url, OPS_KEY, tmp_path)
        b = api_server("api-b", proxied.render_as_string(hide_password=False), OPS_KEY, tmp_path)
        for process in (a, b):
            process.start()
        try:
            await asyncio.gather(a.ready(), b.ready())
            yield a, b, proxy
        finally:
            for process in (a, b):
                await process.stop()


async def _listener_port(
    database: Database, proxy: TcpProxy, besides: int = 0, within: float = 20
) -> int:
    """The proxy's upstream port of B's listening connection (another than `besides`), once
    it LISTENs."""
    deadline = time.monotonic() + within
    while True:
        async with database.engine.connect() as connection:
            ports = {
                row[0]
                for row in await connection.execute(
                    text("SELECT client_port FROM pg_stat_activity WHERE application_name = :n"),
                    {"n": LISTENER_NAME},
                )
            }
        found = ports & {link.upstream_port for link in proxy.links} - {besides}
        if found:
            return found.pop()
        assert time.monotonic() < deadline, "B's listener never connected through the proxy"
        await asyncio.sleep(0.1)


async def test_a_silently_dead_listener_stops_the_caches_within_the_window(
    two_processes: tuple[ApiServer, ApiServer, TcpProxy], fresh_postgres_url: str
) -> None:
    a, b, proxy = two_processes
    database = Database(fresh_postgres_url, pool_size=1, max_overflow=0)
    ops = {"Authorization": f"Bearer {OPS_KEY}"}
    try:
        async with (
            httpx.AsyncClient(base_url=a.url, timeout=10) as first,
            httpx.AsyncClient(base_url=b.url, timeout=10) as second,
        ):
            api = Api(first, None, None, None, None)  # type: ignore[arg-type]
            brand = await make_brand(api)
            issued = ok(await first.post(f"/v1/brands/{brand.id}/api-keys", headers=ops), 201)
            spare = {"Authorization": f"Bearer {issued['key']}"}
            creator = await make_creator(api)
            order = await make_order(api, brand, creator)
            path = f"/v1/orders/{order['id']}"
            poll = {**creator.auth, "If-None-Match": '"v1"'}
            listener = await _listener_port(database, proxy)
            for _ in range(3):  # B knows the key and the order, from its caches
                assert (await second.get("/v1/balance", headers=spare)).status_code == 200
                assert (await second.get(path, headers=poll)).status_code == 304

            proxy.blackhole(listener)
            ok(await first.post(f"/v1/api-keys/{issued['id']}/revoke", headers=ops))
            ok(await first.post(f"{path}/cancel", headers=brand.auth))
            changed_at = time.monotonic()

            refused_after = changed_after = None
            while refused_after is None or changed_after is None:
                elapsed = time.monotonic() - changed_at
                assert elapsed < WINDOW + 1, (
                    f"after {elapsed:.1f} s: key refused after {refused_after}, "
                    f"order changed after {changed_after}\n{b.output()[-2000:]}"
                )
                balance = await second.get("/v1/balance", headers=spare)
                if refused_after is None and balance.status_code == 401:
                    refused_after = elapsed
                polled = await second.get(path, headers=poll)
                if changed_after is None and polled.status_code == 200:
                    changed_after = elapsed
                await asyncio.sleep(0.05)
            assert refused_after <= WINDOW and changed_after <= WINDOW, (
                refused_after,
                changed_after,
            )
            # B noticed, dropped the dead link and listens again on a new one.
            assert "change listener lost its connection" in b.output()
            assert await _listener_port(database, proxy, besides=listener)
            assert (await second.get("/v1/balance", headers=brand.auth)).status_code == 200
    finally:
        await database.dispose()


async def test_a_link_that_dies_before_listen_is_given_up_within_the_deadline(
    fresh_postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The listener's first connection goes silent between connecting and LISTEN: it is
    abandoned at the probe's deadline (a cancelled query on a dead link would wait on it),
    and a second connection makes the caches trusted again."""
    server = make_url(fresh_postgres_url)
    async with TcpProxy(server.host or "127.0.0.1", server.port or 5432) as proxy:
        connect = psycopg.AsyncConnection.connect

        async def first_goes_silent(*args: Any, **kwargs: Any) -> Any:
            conn = await connect(*args, **kwargs)
            if len(proxy.links) == 1:
                proxy.links[0].blackholed = True
            return conn

        monkeypatch.setattr(psycopg.AsyncConnection, "connect", first_goes_silent)
        cache: ProcessCache[object] = ProcessCache("test")
        stop = asyncio.Event()
        dsn = server.set(drivername="postgresql", host="127.0.0.1", port=proxy.port)
        liveness = Liveness(every=2.0, deadline=2.0)
        started = time.monotonic()
        listening = asyncio.create_task(
            relay_notifications(dsn.render_as_string(hide_password=False), stop, (cache,), liveness)
        )
        try:
            while not cache.trusted and time.monotonic() - started < 20:  # noqa: ASYNC110
                await asyncio.sleep(0.05)
            recovered = time.monotonic() - started
        finally:
            stop.set()
            await asyncio.wait_for(listening, 10)
    assert cache.trusted or recovered < 20
    # the deadline (2 s), the pause before reconnecting (1 s), and a connection
    assert recovered < liveness.deadline + 1.0 + 2.0, f"recovered after {recovered:.1f} s"
