"""Benchmark of the timer worker on PostgreSQL: `.venv/bin/python -m bench.timers`.

Creates two throw-away databases on the test server (XT_TEST_POSTGRES_URL, default
postgresql://postgres@127.0.0.1:5432/postgres), migrates them, measures, prints a table and
drops the databases again:

1. due-timer sweep throughput of one worker: `service.timers.sweeps.fire_due_timers` called
   until nothing is due, over N expired orders (`expire`: requested → refunded, escrow back
   to the brand), against a bare raw-SQL sweep doing the same writes with psycopg, one
   statement per write per order; also the same sweep firing one order at a time (how the
   worker fired batches before they were written set-wise), whole worker passes
   (`Worker.run_until_idle`: timers, video checks, payouts, event numbering, webhooks), and
   how many statements each sends per transition;
2. the claim query (`bench/claim_query.py`: `SELECT … WHERE due_at <= now ORDER BY due_at
   LIMIT 200 FOR UPDATE SKIP LOCKED`, as the service compiles it, in a transaction rolled
   back, median of 50 runs) with 10,000 orders in one database and 1,000,000 in the other,
   1,000 of them due in each; the two are measured in turns, each turn after a fresh ANALYZE
   (whose random sample decides the plan), and the plans at 1,000,000 are shown.

`--profile FILE` also profiles our sweep with pyinstrument (if installed) into FILE.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.claim_query import BATCH, DUE_IN_TABLE, Connection, claim_query, connect, short
from bench.report import Row, log, table, verdict
from bench.seeding import ledger_checks_clean
from service.clock import SystemClock
from service.config import Settings
from service.db import Database
from service.events.emit import assign_sequences
from service.ids import new_id
from service.ports.payments import SimulatedPayoutProvider
from service.timers.sweeps import fire_due_timers
from service.timers.worker import Worker
from service.videos.simulator import simulated
from tests.databases import migrate, postgres_database
from tests.service.timers.bulk import seed_due_orders

THROUGHPUT_TARGET = 1_000.0  # timed transitions per second, per worker
CLAIM_RATIO_TARGET = 1.5  # claim query at 1M orders / at 10k


# 1. Throughput ---------------------------------------------------------------------------


async def sweep_ours(database: Database, settings: Settings, *, set_wise: bool = True) -> int:
    """What one worker does with due timers: batches until a batch comes back empty."""
    fired, size = 0, settings.worker_batch_size
    while done := await fire_due_timers(
        database, datetime.now(UTC), settings, simulated, size, set_wise=set_wise
    ):
        fired += done
    return fired


async def passes(worker: Worker) -> int:
    """Whole worker passes (timers, video checks, payouts, event numbering, webhooks) until
    nothing is due, as `python -m service worker` runs them."""
    return (await worker.run_until_idle()).timers


RAW_CLAIM = """
    SELECT o.id, o.version, o.brand_total_fen, escrow.id, brand.id
    FROM orders o
    JOIN accounts escrow ON escrow.kind = 'order_escrow' AND escrow.owner_id = o.id
    JOIN accounts brand ON brand.kind = 'brand_available' AND brand.owner_id = o.brand_id
    WHERE o.due_at <= %s AND o.due_trigger = 'expire'
    ORDER BY o.due_at LIMIT %s
    FOR UPDATE OF o SKIP LOCKED"""


async def raw_batch(conn: Connection, size: int) -> int:
    """The bare work of one batch of `expire`s, one statement per write, one commit."""
    now = datetime.now(UTC)
    async with conn.transaction():
        claimed = await (await conn.execute(RAW_CLAIM, (now, size))).fetchall()
        for order_id, version, total, escrow_id, brand_id in claimed:
            moved = await conn.execute(
                """UPDATE orders SET state = 'refunded', version = version + 1,
                          due_at = NULL, due_trigger = NULL, updated_at = %s
                   WHERE id = %s AND version = %s AND state = 'requested'""",
                (now, order_id, version),
            )
            assert moved.rowcount == 1
            await conn.execute(
                """INSERT INTO order_history (order_id, trigger, from_state, to_state,
                                              actor_kind, details, at)
                   VALUES (%s, 'expire', 'requested', 'refunded', 'system', '{}', %s)""",
                (order_id, now),
            )
            entry_id = new_id("je")
            await conn.execute(
                """INSERT INTO journal_entries (id, kind, order_id, created_at)
                   VALUES (%s, 'order_refund', %s, %s)""",
                (entry_id, order_id, now),
            )
            for account_id, amount in sorted([(escrow_id, -total), (brand_id, total)]):
                changed = await conn.execute(
                    """UPDATE accounts SET balance_fen = balance_fen + %s
                       WHERE id = %s AND (%s >= 0 OR balance_fen + %s >= 0)""",
                    (amount, account_id, amount, amount),
                )
                assert changed.rowcount == 1
            await conn.execute(
                """INSERT INTO journal_lines (entry_id, account_id, amount_fen)
                   VALUES (%s, %s, %s), (%s, %s, %s)""",
                (entry_id, escrow_id, -total, entry_id, brand_id, total),
            )
    return len(claimed)


async def sweep_raw(conn: Connection, size: int) -> int:
    fired = 0
    while done := await raw_batch(conn, size):
        fired += done
    return fired


async def timed_sweep(
    url: str, orders: int, sweep: Callable[[], Awaitable[int]], name: str
) -> float:
    async with await connect(url) as conn:
        await seed_due_orders(conn, orders)
    log(f"{name}: {orders:,} due orders seeded, sweeping")
    started = time.perf_counter()
    fired = await sweep()
    elapsed = time.perf_counter() - started
    assert fired == orders, f"{name} fired {fired} of {orders}"
    log(f"{name}: {fired:,} fired in {elapsed:.2f} s")
    return fired / elapsed


@dataclass
class Throughput:
    ours: float  # transitions per second
    raw: float
    statements: float  # statements our sweep sends per transition
    passes: float  # transitions per second, whole worker passes
    pass_statements: float
    one_by_one: float  # transitions per second, every order fired on its own
    one_by_one_statements: float
    profile: str | None = None


class StatementCounter:
    def __init__(self, database: Database) -> None:
        self.count = 0
        event.listen(database.engine.sync_engine, "before_cursor_execute", self.seen)

    def seen(self, *_: Any) -> None:
        self.count += 1


async def throughput(
    url: str, orders: int, pass_orders: int, one_orders: int, batch: int, profile: bool
) -> Throughput:
    database = Database(url)
    settings = Settings(database_url=url, worker_batch_size=batch)
    counter = StatementCounter(database)
    text = None
    try:
        # Warm both paths up (connections, statement caches, prepared statements) untimed.
        await timed_sweep(url, 2 * batch, lambda: sweep_ours(database, settings), "warm-up ours")
        profiler = None
        if profile:
            try:
                from pyinstrument import Profiler
            except ImportError:
                log("pyinstrument is not installed: no profile")
            else:
                profiler = Profiler(async_mode="enabled")
                profiler.start()
        counter.count = 0
        ours = await timed_sweep(url, orders, lambda: sweep_ours(database, settings), "ours")
        statements = counter.count / orders
        if profiler is not None:
            profiler.stop()
            text = profiler.output_text(unicode=True, color=False)
        worker = Worker(database, settings, SystemClock(), simulated, SimulatedPayoutProvider())
        while await assign_sequences(database):  # the sweeps' events, untimed: a pass
            pass  # numbers at most 1,000, and would leave the rest to the timed passes
        counter.count = 0
        whole = await timed_sweep(url, pass_orders, lambda: passes(worker), "worker passes")
        pass_statements = counter.count / pass_orders
        counter.count = 0
        one = await timed_sweep(
            url, one_orders, lambda: sweep_ours(database, settings, set_wise=False), "one by one"
        )
        one_statements = counter.count / one_orders
        async with await connect(url) as conn:
            await timed_sweep(url, 2 * batch, lambda: sweep_raw(conn, batch), "warm-up raw")
            raw = await timed_sweep(url, orders, lambda: sweep_raw(conn, batch), "raw SQL")
        assert await ledger_checks_clean(database), (
            "the ledger does not check clean after the sweeps"
        )
    finally:
        await database.dispose()
    return Throughput(ours, raw, statements, whole, pass_statements, one, one_statements, text)


async def run(args: argparse.Namespace) -> str | None:
    big = max(args.big, 20_000)
    speed = await throughput(
        args.url, args.orders, args.pass_orders, args.one_by_one_orders, args.batch,
        bool(args.profile),
    )  # fmt: skip
    small, large = await claim_query(args.url, args.big_url, big, args.analyze_rounds)
    # The raw sweep: 6 statements per order, and a claim, BEGIN and COMMIT per batch.
    raw_statements = 6 + 3 / args.batch
    due = f"{DUE_IN_TABLE:,} due"
    rows = [
        Row(
            f"due-timer sweep, 1 worker, {args.orders:,} expires (transitions/s)",
            f"{speed.ours:,.0f}",
            f"{speed.raw:,.0f} raw SQL",
            f"{speed.ours / speed.raw:.2f}",
            f">= {THROUGHPUT_TARGET:,.0f}/s",
            verdict(speed.ours >= THROUGHPUT_TARGET),
        ),
        Row(
            "  statements sent per transition",
            f"{speed.statements:.2f}",
            f"{raw_statements:.2f} raw SQL",
            f"{speed.statements / raw_statements:.2f}",
        ),
        Row(
            f"  the same, one order at a time, {args.one_by_one_orders:,} expires",
            f"{speed.one_by_one:,.0f}",
            f"{speed.raw:,.0f} raw SQL",
            f"{speed.one_by_one / speed.raw:.2f}",
        ),
        Row(
            "  statements sent per transition",
            f"{speed.one_by_one_statements:.1f}",
            f"{raw_statements:.2f} raw SQL",
            f"{speed.one_by_one_statements / raw_statements:.2f}",
        ),
        Row(
            f"whole worker passes, {args.pass_orders:,} expires (transitions/s)",
            f"{speed.passes:,.0f}",
            f"{speed.raw:,.0f} raw SQL",
            f"{speed.passes / speed.raw:.2f}",
            f">= {THROUGHPUT_TARGET:,.0f}/s",
            verdict(speed.passes >= THROUGHPUT_TARGET),
        ),
        Row(
            "  statements sent per transition",
            f"{speed.pass_statements:.2f}",
            f"{raw_statements:.2f} raw SQL",
            f"{speed.pass_statements / raw_statements:.2f}",
        ),
        Row(f"claim query, 10,000 orders, {due} (median ms)", f"{small.client:.3f}"),
        Row(
            f"claim query, {big:,} orders, {due} (median ms)",
            f"{large.client:.3f}",
            f"{small.client:.3f} at 10k",
            f"{large.client / small.client:.2f}",
            f"<= {CLAIM_RATIO_TARGET}x",
            verdict(large.client / small.client <= CLAIM_RATIO_TARGET),
        ),
    ]
    for plan_shape, found in large.plans().items():
        ratio = large.median(found) / small.client
        rows.append(
            Row(
                f"  planned as {short(plan_shape)} ({len(found)} of {len(large.rounds)} ANALYZEs)",
                f"{large.median(found):.3f}",
                f"{small.client:.3f} at 10k",
                f"{ratio:.2f}",
                f"<= {CLAIM_RATIO_TARGET}x",
                verdict(ratio <= CLAIM_RATIO_TARGET),
            )
        )
    rows.append(
        Row(
            "  server execution only (EXPLAIN ANALYZE, median ms)",
            f"{large.server:.3f}",
            f"{small.server:.3f} at 10k",
            f"{large.server / small.server:.2f}",
        )
    )
    print(table(rows))
    for claim in (small, large):
        print(f"\nPlans of the claim query at {claim.size:,} orders, after each ANALYZE:")
        for plan_shape, found in claim.plans().items():
            print(f"  {len(found)} of {len(claim.rounds)}: {plan_shape}")
    for found in large.plans().values():
        example = max(found, key=lambda r: r.client)
        share = f"{len(found)} of {len(large.rounds)} ANALYZEs"
        print(f"\nEXPLAIN (ANALYZE, BUFFERS) at {big:,} orders, as {share} planned it:")
        print(example.plan)
    return speed.profile


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.timers", description=__doc__)
    parser.add_argument("--orders", type=int, default=5_000, help="due orders per sweep")
    parser.add_argument(
        "--pass-orders", type=int, default=2_000, help="due orders for the worker-pass row"
    )
    parser.add_argument(
        "--one-by-one-orders", type=int, default=1_000,
        help="due orders for the row that fires one order at a time (the sweep before batches)",
    )  # fmt: skip
    parser.add_argument(
        "--batch", type=int, default=BATCH, help="orders a sweep claims at once (both sweeps)"
    )
    parser.add_argument("--big", type=int, default=1_000_000, help="orders in the big table")
    parser.add_argument(
        "--analyze-rounds", type=int, default=10, help="ANALYZEs (plans) per table size"
    )
    parser.add_argument("--profile", type=Path, help="write a pyinstrument profile of ours")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with postgres_database() as url, postgres_database() as big_url:
        for each in (url, big_url):
            log(f"database {each.rsplit('/', 1)[-1]}, migrating")
            migrate(each)
        args.url, args.big_url = url, big_url
        profile = asyncio.run(run(args))
    if args.profile and profile is not None:
        args.profile.write_text(profile)
        print(f"\nprofile of our sweep written to {args.profile}")
    print(f"\n(whole bench {time.perf_counter() - started:.0f} s; its databases are dropped)")


if __name__ == "__main__":
    main()
