"""The command line, run as a user would: migrate, create a party with a key, check the ledger."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from service.app import create_app
from service.config import Settings


def run(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XT_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "service", *args], env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip


async def test_cli_migrate_create_party_and_check(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert run("migrate", url=url).returncode == 0
    created = run("create-party", "brand", "Acme Tea", url=url)
    assert created.returncode == 0, created.stderr
    key = created.stdout.split("api key ")[1].split(": ")[1].split()[0]
    assert key.startswith("xt_")

    app = create_app(Settings(database_url=url))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://cli") as client:
        response = await client.get("/v1/balance", headers={"Authorization": f"Bearer {key}"})
    await app.state.db.dispose()
    assert response.status_code == 200 and response.json()["available_fen"] == 0

    checked = run("check-ledger", url=url)
    assert checked.returncode == 0 and "clean" in checked.stdout
    assert run("create-party", "nobody", "x", url=url).returncode == 2
    lying = run("create-party", "brand", "Acme \u202eaeT", url=url)
    assert lying.returncode == 2 and "bidirectional" in lying.stderr
