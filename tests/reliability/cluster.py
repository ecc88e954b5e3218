"""A PostgreSQL-backed deployment on loopback for the soak and crash tests: API processes and
workers sharing one database, the questions the tests ask that database directly, and the
verdict after a run."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from sqlalchemy import bindparam, text

from service.db import Database
from statemachine import ORDER_MACHINE
from tests.factories import OPS_KEY
from tests.reliability.invariants import FINAL, all_problems, fired_triggers
from tests.reliability.load import Load
from tests.reliability.processes import ApiServer, ServiceProcess, api_server, worker

CLEAN = (0, -15)  # exit codes after SIGTERM: uvicorn re-raises it once it has shut down
# The service's time: the wall clock plus the shared test clock's offset.
SERVICE_NOW = (
    "clock_timestamp() + make_interval(secs => COALESCE("
    "(SELECT offset_seconds FROM dev_clock WHERE id = 1), 0))"
)


class Cluster:
    def __init__(self, database_url: str, logs: Path, apis: int = 2, workers: int = 2) -> None:
        self.database_url = database_url
        self.apis: list[ApiServer] = [
            api_server(f"api-{i + 1}", database_url, OPS_KEY, logs) for i in range(apis)
        ]
        self.workers: list[ServiceProcess] = [
            worker(f"worker-{i + 1}", database_url, logs) for i in range(workers)
        ]
        self.database = Database(database_url, pool_size=2, max_overflow=2)

    @property
    def urls(self) -> list[str]:
        return [api.url for api in self.apis]

    async def start(self) -> None:
        """Every process at once: the API processes race to create the bootstrap ops party."""
        for process in [*self.apis, *self.workers]:
            process.start()
        await asyncio.gather(*(api.ready() for api in self.apis))

    async def stop(self) -> dict[str, int]:
        """SIGTERM to every process; their exit codes."""
        codes = {}
        for process in [*self.workers, *self.apis]:
            if process.process is not None:
                codes[process.name] = await process.stop()
        await self.database.dispose()
        return codes

    async def scalar(self, sql: str) -> int:
        async with self.database.engine.connect() as connection:
            return int((await connection.execute(text(sql))).scalar_one())

    async def open_orders(self) -> list[str]:
        async with self.database.engine.connect() as connection:
            rows = await connection.execute(
                text("SELECT id FROM orders WHERE state NOT IN :final ORDER BY id").bindparams(
                    bindparam("final", expanding=True)
                ),
                {"final": sorted(FINAL)},
            )
            return [row[0] for row in rows]

    async def busy(self) -> int:
        """Timers and video checks due now, and withdrawals not finished."""
        return await self.scalar(
            f"""SELECT (SELECT COUNT(*) FROM orders WHERE due_at <= {SERVICE_NOW})
                     + (SELECT COUNT(*) FROM orders WHERE video_check_at <= {SERVICE_NOW})
                     + (SELECT COUNT(*) FROM withdrawals
                        WHERE state IN ('requested', 'processing'))"""
        )

    async def idle(self, within: float = 60) -> None:
        """Wait for the workers to finish what is due; a liveness bound, not a speed test."""
        deadline = time.monotonic() + within
        while True:
            left = await self.busy()
            if not left or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        assert not left, f"{left} timers, checks or payouts still due after {within} s"


async def verdict(cluster: Cluster, load: Load, still_open: list[str]) -> list[str]:
    """Everything that went wrong, as one list: what clients were told (5xx, answers the
    authorization rules forbid, requests never answered), orders left open, the invariants
    (`tests.reliability.invariants`), whether each Idempotency-Key made exactly one object,
    and whether the load did what it is for."""
    out = load.out
    failures = [f"5xx: {e}" for e in out.server_errors[:20]]
    failures += [f"unexpected answer: {e}" for e in out.unexpected[:20]]
    failures += [f"never answered: {e}" for e in out.given_up[:20]]
    if still_open:
        failures.append(f"{len(still_open)} orders never reached a final state: {still_open[:5]}")
    failures += await all_problems(cluster.database)
    async with cluster.database.engine.connect() as connection:
        orders = {row[0] for row in await connection.execute(text("SELECT id FROM orders"))}
        top_ups = {
            row[0]: (row[1], row[2])
            for row in await connection.execute(
                text("SELECT id, brand_id, amount_fen FROM top_ups")
            )
        }
        withdrawals = {
            row[0] for row in await connection.execute(text("SELECT id FROM withdrawals"))
        }
    if orders != set(out.orders.values()) or len(orders) != len(out.orders):
        failures.append(f"{len(out.orders)} order keys answered 201 but {len(orders)} orders exist")
    if len(top_ups) != len(out.top_ups):
        failures.append(f"{len(out.top_ups)} top-up keys but {len(top_ups)} top-ups exist")
    for key, (brand_id, amount, top_up_id) in out.top_ups.items():
        if top_ups.get(top_up_id) != (brand_id, amount):
            failures.append(f"top-up key {key}: {top_up_id} is {top_ups.get(top_up_id)}")
    if withdrawals != set(out.withdrawals.values()) or len(withdrawals) != len(out.withdrawals):
        failures.append(
            f"{len(out.withdrawals)} withdrawal keys but {len(withdrawals)} withdrawals exist"
        )
    check = await load.http.send("GET", "/v1/ops/ledger-check", load.ops, "final check")
    if check is None or check.status_code != 200 or not check.json()["clean"]:
        failures.append(f"GET /v1/ops/ledger-check: {check and check.text[:2000]}")
    fired = await fired_triggers(cluster.database)
    never = sorted(set(ORDER_MACHINE.triggers) - set(fired))
    if never:
        failures.append(f"the load never fired {never}: {fired}")
    if not out.ledger_checks or not out.contested or not out.withdrawals:
        failures.append(f"the load did not exercise everything: {out.summary()}")
    return failures + logged_failures(cluster)


def logged(cluster: Cluster, what: str) -> int:
    """How often every start of every process logged `what`."""
    processes = [*cluster.workers, *cluster.apis]
    return sum(p.output(every_start=True).count(what) for p in processes)


def logged_failures(cluster: Cluster) -> list[str]:
    """Failures that no client sees: a deadlock (PostgreSQL breaks it by failing one side,
    a worker's batch when not a request) and a worker pass that failed for any reason."""
    return [
        f"{count} × {what!r} in the logs"
        for what in ("deadlock detected", "worker pass failed")
        if (count := logged(cluster, what))
    ]
