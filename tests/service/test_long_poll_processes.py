"""A creator's long poll on one API process wakes within a second of a change made through
another API process: PostgreSQL NOTIFY carries it across. The same notifications keep each
process's caches true: a poll answered from the cache turns into 200 after a change made
elsewhere, and a key revoked elsewhere stops working here."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event

from service.app import create_app
from service.config import Settings
from tests.factories import (
    OPS_KEY,
    Api,
    Creator,
    Party,
    make_brand,
    make_creator,
    make_order,
    ok,
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def other_process(postgres_url: str) -> Iterator[str]:
    """A second API process (real uvicorn) on the same database."""
    port = _free_port()
    env = {
        **os.environ, "XT_DATABASE_URL": postgres_url, "XT_BOOTSTRAP_OPS_KEY": OPS_KEY,
        "XT_WORKER_IN_PROCESS": "false",
    }  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "service.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--no-access-log"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail(f"the second API process did not start: {server.stderr.read()!r}")  # type: ignore[union-attr]
    yield base
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture
async def this_app(postgres_url: str) -> AsyncIterator[FastAPI]:
    """This process's API, started with its lifespan so that it listens for NOTIFY."""
    app = create_app(
        Settings(database_url=postgres_url, bootstrap_ops_key=OPS_KEY, worker_in_process=False)
    )
    async with app.router.lifespan_context(app):

        async def listening() -> bool:  # the listener connects in the background
            return bool(app.state.order_versions.live)

        assert await _eventually(listening, 10)
        yield app


@pytest.fixture
async def this_process(this_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=this_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://this") as client:
        yield client


@contextlib.contextmanager
def statements(app: FastAPI) -> Iterator[list[str]]:
    """The SQL the app sends while the block runs."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(statement)

    engine = app.state.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def _eventually(check: Callable[[], Awaitable[bool]], seconds: float = 5.0) -> bool:
    """Notifications cross processes asynchronously: allow them a moment to arrive."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await check():
            return True
        await asyncio.sleep(0.02)
    return False


def _api(client: httpx.AsyncClient) -> Api:
    return Api(client, None, None, None, None)  # type: ignore[arg-type]


async def _order_made_through(client: httpx.AsyncClient) -> tuple[Party, Creator, str]:
    """A brand, a creator and an order between them, made through `client`."""
    api = _api(client)
    brand = await make_brand(api)
    creator = await make_creator(api)
    order = await make_order(api, brand, creator)
    return brand, creator, f"/v1/orders/{order['id']}"


async def test_held_request_wakes_on_a_change_made_elsewhere(
    other_process: str, this_process: httpx.AsyncClient
) -> None:
    async with httpx.AsyncClient(base_url=other_process, timeout=10) as elsewhere:
        brand, creator, path = await _order_made_through(elsewhere)
        held = asyncio.create_task(
            this_process.get(
                path, headers={**creator.auth, "If-None-Match": '"v1"', "Prefer": "wait=20"}
            )
        )
        await asyncio.sleep(0.5)
        assert not held.done()
        changed_at = time.monotonic()
        ok(await elsewhere.post(f"{path}/cancel", headers=brand.auth))
        woken = await asyncio.wait_for(held, 10)
        assert time.monotonic() - changed_at < 1.0
        assert woken.status_code == 200 and woken.json()["state"] == "refunded"
        assert woken.headers["etag"] == '"v2"'


async def test_a_poll_answered_from_the_cache_sees_a_change_made_elsewhere(
    other_process: str, this_app: FastAPI, this_process: httpx.AsyncClient
) -> None:
    async with httpx.AsyncClient(base_url=other_process, timeout=10) as elsewhere:
        brand, creator, path = await _order_made_through(elsewhere)
        poll_tag = {"If-None-Match": '"v1"'}
        poll = {**creator.auth, **poll_tag}
        assert (await this_process.get(path, headers=poll)).status_code == 304
        with statements(this_app) as sent:
            again = await this_process.get(path, headers=poll)
        assert again.status_code == 304 and again.headers["etag"] == '"v1"'
        assert sent == []  # the key's owner and the order's version came from the caches
        stranger = await make_creator(_api(elsewhere), "Someone else")
        with statements(this_app) as sent:  # another creator: the database decides (404)
            foreign = await this_process.get(path, headers={**stranger.auth, **poll_tag})
        assert foreign.status_code == 404 and sent

        ok(await elsewhere.post(f"{path}/cancel", headers=brand.auth))

        async def changed() -> bool:
            answer = await this_process.get(path, headers=poll)
            return answer.status_code == 200 and answer.headers["etag"] == '"v2"'

        assert await _eventually(changed)
        assert (await this_process.get(path, headers=poll)).json()["state"] == "refunded"


async def test_a_key_revoked_elsewhere_stops_working_here(
    other_process: str, this_process: httpx.AsyncClient
) -> None:
    async with httpx.AsyncClient(base_url=other_process, timeout=10) as elsewhere:
        brand = await make_brand(_api(elsewhere))
        ops = {"Authorization": f"Bearer {OPS_KEY}"}
        issued = ok(await elsewhere.post(f"/v1/brands/{brand.id}/api-keys", headers=ops), 201)
        spare = {"Authorization": f"Bearer {issued['key']}"}
        assert (await this_process.get("/v1/balance", headers=spare)).status_code == 200
        assert (await this_process.get("/v1/balance", headers=spare)).status_code == 200

        ok(await elsewhere.post(f"/v1/api-keys/{issued['id']}/revoke", headers=ops))

        async def refused() -> bool:
            return (await this_process.get("/v1/balance", headers=spare)).status_code == 401

        assert await _eventually(refused)
        assert (await this_process.get("/v1/balance", headers=brand.auth)).status_code == 200


async def test_a_key_revoked_here_stops_working_here_at_once(
    this_process: httpx.AsyncClient,
) -> None:
    ops = {"Authorization": f"Bearer {OPS_KEY}"}
    brand = ok(await this_process.post("/v1/brands", json={"name": "Tea"}, headers=ops), 201)
    issued = ok(await this_process.post(f"/v1/brands/{brand['id']}/api-keys", headers=ops), 201)
    key = {"Authorization": f"Bearer {issued['key']}"}
    assert (await this_process.get("/v1/balance", headers=key)).status_code == 200
    ok(await this_process.post(f"/v1/api-keys/{issued['id']}/revoke", headers=ops))
    assert (await this_process.get("/v1/balance", headers=key)).status_code == 401
