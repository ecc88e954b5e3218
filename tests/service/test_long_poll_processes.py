"""A creator's long poll on one API process wakes within a second of a change made through
another API process: PostgreSQL NOTIFY carries it across."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from service.app import create_app
from service.config import Settings
from tests.factories import OPS_KEY, Api, make_brand, make_creator, make_order, ok


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
async def this_process(postgres_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """This process's API, started with its lifespan so that it listens for NOTIFY."""
    app = create_app(
        Settings(database_url=postgres_url, bootstrap_ops_key=OPS_KEY, worker_in_process=False)
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://this") as client:
            yield client


async def test_held_request_wakes_on_a_change_made_elsewhere(
    other_process: str, this_process: httpx.AsyncClient
) -> None:
    async with httpx.AsyncClient(base_url=other_process, timeout=10) as elsewhere:
        api = Api(elsewhere, None, None, None, None)  # type: ignore[arg-type]
        brand = await make_brand(api)
        creator = await make_creator(api)
        order = await make_order(api, brand, creator)
        path = f"/v1/orders/{order['id']}"
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
