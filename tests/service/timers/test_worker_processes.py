"""Real worker processes (`python -m service worker`) on PostgreSQL: several sharing one pile of
due timers fire each exactly once, and a worker killed outright mid-batch loses nothing and
doubles nothing. The due orders are written straight into the database (tests/…/bulk.py)."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import psycopg
import pytest

from service.db import Database
from service.money.check import check_ledger
from tests.service.timers.bulk import Seeded, psycopg_url, seed_due_orders

ROOT = Path(__file__).resolve().parents[3]
STALL = 30.0  # seconds without an order fired: the workers are stuck
CAP = 300.0  # seconds for a whole pile, however slow the machine


class WorkerProcess:
    """One `python -m service worker` with its own log file (stdout and stderr)."""

    def __init__(self, url: str, batch_size: int, log: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("XT_")}
        env.pop("DATABASE_URL", None)
        env.update(
            XT_DATABASE_URL=url,
            XT_WORKER_POLL_SECONDS="0.2",
            XT_WORKER_BATCH_SIZE=str(batch_size),
        )
        self.log = log
        with log.open("wb") as sink:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                [sys.executable, "-m", "service", "worker"],
                cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=sink, stderr=sink,
            )  # fmt: skip

    def send(self, sig: signal.Signals) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)

    async def exited(self, within: float = 30) -> int:
        deadline = time.monotonic() + within
        while (code := self.process.poll()) is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"worker {self.process.pid} still running:\n{self.output()}")
            await asyncio.sleep(0.05)
        return code

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
async def conn(postgres_url: str) -> AsyncIterator[psycopg.AsyncConnection]:
    async with await psycopg.AsyncConnection.connect(
        psycopg_url(postgres_url), autocommit=True
    ) as connection:
        yield connection


@pytest.fixture
def workers() -> Iterator[list[WorkerProcess]]:
    """The workers a test `start`s; whatever is left running is killed at the end."""
    started: list[WorkerProcess] = []
    yield started
    for worker in started:
        worker.kill()


def start(started: list[WorkerProcess], url: str, batch_size: int, folder: Path) -> WorkerProcess:
    worker = WorkerProcess(url, batch_size, folder / f"worker-{len(started) + 1}.log")
    started.append(worker)
    return worker


async def scalar(conn: psycopg.AsyncConnection, sql: str, *params: object) -> int:
    row = await (await conn.execute(sql, params)).fetchone()
    assert row is not None
    return int(row[0])


async def still_due(conn: psycopg.AsyncConnection, seeded: Seeded) -> int:
    return await scalar(
        conn,
        "SELECT count(*) FROM orders WHERE brand_id = %s AND due_at <= now()",
        seeded.brand_id,
    )


async def fired(conn: psycopg.AsyncConnection, seeded: Seeded) -> int:
    return await scalar(
        conn,
        """SELECT count(*) FROM order_history h JOIN orders o ON o.id = h.order_id
           WHERE o.brand_id = %s AND h.trigger = 'expire'""",
        seeded.brand_id,
    )


async def wait_until_none_due(
    conn: psycopg.AsyncConnection, seeded: Seeded, running: list[WorkerProcess]
) -> None:
    """Until none of `seeded` is due. Fails when the workers make no progress for STALL
    seconds (or die), and in any case after CAP seconds: bounded, but patient with a slow or
    busy machine, where the sweep's speed varies several-fold."""
    started = last_progress = time.monotonic()
    left = await still_due(conn, seeded)
    while left:
        await asyncio.sleep(0.2)
        for worker in running:
            assert worker.process.poll() is None, f"a worker died:\n{worker.output()[-3000:]}"
        now, before, left = time.monotonic(), left, await still_due(conn, seeded)
        if left < before:
            last_progress = now
        assert now - last_progress < STALL and now - started < CAP, (
            f"{left} of {seeded.count} orders still due after {now - started:.0f} s, "
            f"the last progress {now - last_progress:.0f} s ago:\n{running[0].output()[-3000:]}"
        )


async def stop(running: list[WorkerProcess]) -> None:
    for worker in running:
        worker.send(signal.SIGTERM)
    for worker in running:
        code = await worker.exited()
        assert code == 0, f"worker exited with {code}:\n{worker.output()[-3000:]}"


async def assert_ledger_clean(url: str) -> None:
    database = Database(url)
    try:
        async with database.session() as session:
            report = await check_ledger(session)
    finally:
        await database.dispose()
    assert report.clean, report.discrepancies[:20]


async def assert_each_fired_once(conn: psycopg.AsyncConnection, seeded: Seeded) -> None:
    states = await (
        await conn.execute(
            "SELECT state, count(*), count(due_at) FROM orders WHERE brand_id = %s GROUP BY state",
            (seeded.brand_id,),
        )
    ).fetchall()
    assert states == [("refunded", seeded.count, 0)]
    not_once = await (
        await conn.execute(
            """SELECT o.id, count(h.id) FROM orders o
               LEFT JOIN order_history h ON h.order_id = o.id AND h.trigger = 'expire'
               WHERE o.brand_id = %s GROUP BY o.id HAVING count(h.id) <> 1 LIMIT 20""",
            (seeded.brand_id,),
        )
    ).fetchall()
    assert not_once == []
    rows = await (
        await conn.execute(
            """SELECT h.from_state, h.to_state, h.actor_kind, count(*)
               FROM order_history h JOIN orders o ON o.id = h.order_id
               WHERE o.brand_id = %s AND h.trigger = 'expire'
               GROUP BY 1, 2, 3""",
            (seeded.brand_id,),
        )
    ).fetchall()
    assert rows == [("requested", "refunded", "system", seeded.count)]
    # Every fen held is back with the brand: its balance is the whole top-up again.
    brand_balance = await scalar(
        conn, "SELECT balance_fen FROM accounts WHERE id = %s", seeded.brand_account_id
    )
    assert brand_balance == seeded.top_up_fen
    refunds = await scalar(
        conn,
        """SELECT count(*) FROM journal_entries e JOIN orders o ON o.id = e.order_id
           WHERE o.brand_id = %s AND e.kind = 'order_refund'""",
        seeded.brand_id,
    )
    assert refunds == seeded.count


def assert_quiet(worker: WorkerProcess) -> None:
    """No traceback and nothing logged at ERROR or above, whatever the log format."""
    output = worker.output()
    assert "Traceback" not in output, output[-3000:]
    assert re.search(r"\b(ERROR|CRITICAL)\b", output) is None, output[-3000:]


async def test_four_workers_fire_5000_due_timers_exactly_once(
    postgres_url: str,
    conn: psycopg.AsyncConnection,
    workers: list[WorkerProcess],
    tmp_path: Path,
) -> None:
    seeded = await seed_due_orders(conn, 5_000)
    assert await still_due(conn, seeded) == 5_000
    await assert_ledger_clean(postgres_url)

    running = [start(workers, postgres_url, 100, tmp_path) for _ in range(4)]
    await wait_until_none_due(conn, seeded, running)
    await stop(running)

    await assert_each_fired_once(conn, seeded)
    assert await fired(conn, seeded) == 5_000
    for worker in running:
        assert_quiet(worker)
        assert "timer expire on" not in worker.output()  # no refusals: nothing fired twice
    await assert_ledger_clean(postgres_url)


async def test_a_worker_killed_mid_batch_loses_and_doubles_nothing(
    postgres_url: str,
    conn: psycopg.AsyncConnection,
    workers: list[WorkerProcess],
    tmp_path: Path,
) -> None:
    total, batch = 2_000, 50
    seeded = await seed_due_orders(conn, total)
    others_due = await scalar(
        conn,
        "SELECT count(*) FROM orders WHERE due_at <= now() AND brand_id <> %s",
        seeded.brand_id,
    )
    first = start(workers, postgres_url, batch, tmp_path)
    deadline = time.monotonic() + 60
    while await fired(conn, seeded) < 2 * batch:  # two batches committed, a third in hand
        assert first.process.poll() is None, first.output()
        assert time.monotonic() < deadline, first.output()[-3000:]
        await asyncio.sleep(0.01)
    first.send(signal.SIGKILL)
    assert await first.exited() == -signal.SIGKILL

    before = await fired(conn, seeded)
    assert 2 * batch <= before < total, "the worker finished before it could be killed"
    if not others_due:  # then every batch was 50 of ours
        assert before % batch == 0, "only whole batches commit"
    assert await still_due(conn, seeded) == total - before

    second = start(workers, postgres_url, batch, tmp_path)
    await wait_until_none_due(conn, seeded, [second])
    await stop([second])

    await assert_each_fired_once(conn, seeded)
    assert await fired(conn, seeded) == total
    assert_quiet(second)
    await assert_ledger_clean(postgres_url)
