"""Benchmark of the timer worker on PostgreSQL: `.venv/bin/python -m bench.timers`.

Creates two throw-away databases on the test server (XT_TEST_POSTGRES_URL, default
postgresql://postgres@127.0.0.1:5432/postgres), migrates them, measures, prints a table and
drops the databases again:

1. due-timer sweep throughput of one worker: `service.timers.sweeps.fire_due_timers` called
   until nothing is due, over N expired orders (`expire`: requested → refunded, escrow back
   to the brand), against a bare raw-SQL sweep doing the same writes with psycopg; also
   whole worker passes (`Worker.run_until_idle`: timers, video checks, payouts, event
   numbering, webhooks), and how many statements each sends per transition;
2. the claim query (`SELECT … WHERE due_at <= now ORDER BY due_at LIMIT 200 FOR UPDATE SKIP
   LOCKED`, as the service compiles it, in a transaction rolled back, median of 50 runs) with
   10,000 orders in one database and 1,000,000 in the other, 1,000 of them due in each; the
   two are measured in turns, each turn after a fresh ANALYZE (whose random sample decides
   the plan), and the plans at 1,000,000 are shown.

`--profile FILE` also profiles our sweep with pyinstrument (if installed) into FILE.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import event
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlmodel import col, select

from service.clock import SystemClock
from service.config import Settings
from service.db import Database
from service.ids import new_id
from service.integrations.payments import SimulatedPayoutProvider
from service.money.check import check_ledger
from service.orders.models import Order
from service.timers.sweeps import fire_due_timers
from service.timers.worker import Worker
from service.videos.simulator import simulated
from tests.databases import migrate, postgres_database
from tests.service.timers.bulk import id_sql, new_tag, psycopg_url, seed_due_orders

THROUGHPUT_TARGET = 1_000.0  # timed transitions per second, per worker
CLAIM_RATIO_TARGET = 1.5  # claim query at 1M orders / at 10k
BATCH = 200  # the worker's default batch size (XT_WORKER_BATCH_SIZE)
CLAIM_RUNS = 50
DUE_IN_TABLE = 1_000

Connection = psycopg.AsyncConnection[Any]


@dataclass
class Row:
    metric: str
    value: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    verdict: str = ""


def log(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


async def connect(url: str) -> Connection:
    return await psycopg.AsyncConnection.connect(psycopg_url(url))


async def ledger_clean(database: Database) -> bool:
    async with database.sessions() as session:
        report = await check_ledger(session)
    for discrepancy in report.discrepancies[:10]:
        log(f"ledger: {discrepancy}")
    return report.clean


# 1. Throughput ---------------------------------------------------------------------------


async def sweep_ours(database: Database, settings: Settings) -> int:
    """What one worker does with due timers: batches until a batch comes back empty."""
    fired = 0
    while done := await fire_due_timers(database, datetime.now(UTC), settings, simulated, BATCH):
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


async def raw_batch(conn: Connection) -> int:
    """The bare work of one batch of `expire`s, one statement per write, one commit."""
    now = datetime.now(UTC)
    async with conn.transaction():
        claimed = await (await conn.execute(RAW_CLAIM, (now, BATCH))).fetchall()
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


async def sweep_raw(conn: Connection) -> int:
    fired = 0
    while done := await raw_batch(conn):
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
    profile: str | None = None


class StatementCounter:
    def __init__(self, database: Database) -> None:
        self.count = 0
        event.listen(database.engine.sync_engine, "before_cursor_execute", self.seen)

    def seen(self, *_: Any) -> None:
        self.count += 1


async def throughput(url: str, orders: int, pass_orders: int, profile: bool) -> Throughput:
    database = Database(url)
    settings = Settings(database_url=url)
    counter = StatementCounter(database)
    text = None
    try:
        # Warm both paths up (connections, statement caches, prepared statements) untimed.
        await timed_sweep(url, 2 * BATCH, lambda: sweep_ours(database, settings), "warm-up ours")
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
        await passes(worker)  # numbers the events the sweeps above wrote, untimed
        counter.count = 0
        whole = await timed_sweep(url, pass_orders, lambda: passes(worker), "worker passes")
        pass_statements = counter.count / pass_orders
        async with await connect(url) as conn:
            await timed_sweep(url, 2 * BATCH, lambda: sweep_raw(conn), "warm-up raw")
            raw = await timed_sweep(url, orders, lambda: sweep_raw(conn), "raw SQL")
        assert await ledger_clean(database), "the ledger does not check clean after the sweeps"
    finally:
        await database.dispose()
    return Throughput(ours, raw, statements, whole, pass_statements, text)


# 2. The claim query ----------------------------------------------------------------------


def claim_statement(now: datetime) -> tuple[str, dict[str, Any]]:
    """The SQL and parameters of `sweeps._claim` for due timers, as the service sends it."""
    statement = (
        select(Order)
        .where(col(Order.due_at) <= now)
        .order_by(col(Order.due_at))
        .limit(BATCH)
        .with_for_update(skip_locked=True)
    )
    compiled = statement.compile(dialect=PGDialect_psycopg())  # type: ignore[no-untyped-call]
    return str(compiled), dict(compiled.params)


async def fill(conn: Connection, count: int, parties: tuple[str, str, str]) -> None:
    """`count` orders that are not due: nine in ten closed (no timer), one in ten published
    with its retention end 1-30 days ahead. Only what NOT NULL and the keys need."""
    tag = new_tag()
    brand_id, creator_id, channel_id = parties
    await conn.execute(
        f"""INSERT INTO orders (
               id, state, version, brand_id, creator_id, channel_id, retention_days,
               publish_days, brief, price_fen, brand_fee_fen, brand_total_fen, commission_fen,
               mcn_share_bps, mcn_share_fen, creator_payout_fen, platform_revenue_fen,
               due_at, due_trigger, video_check_at, created_at, updated_at)
           SELECT {id_sql("ord", tag)}, CASE WHEN open THEN 'published' ELSE 'closed' END, 3,
                  %(brand)s, %(creator)s, %(channel)s, 30, 7, 'filler', 100000, 5000, 105000,
                  5000, 0, 0, 95000, 10000,
                  CASE WHEN open THEN ahead END,
                  CASE WHEN open THEN 'complete_retention' END,
                  CASE WHEN open THEN now() + interval '1 hour' END,
                  now() - interval '40 days', now() - interval '1 day'
           FROM generate_series(1, %(count)s) AS i,
                LATERAL (SELECT i %% 10 = 0 AS open,
                                now() + (1 + i %% 30) * interval '1 day'
                                      + (i %% 86400) * interval '1 second' AS ahead) AS f""",
        {"brand": brand_id, "creator": creator_id, "channel": channel_id, "count": count},
    )
    await conn.commit()


async def claim_median_ms(conn: Connection) -> float:
    timings = []
    for run in range(CLAIM_RUNS + 5):
        sql, params = claim_statement(datetime.now(UTC))
        async with conn.transaction(force_rollback=True):
            started = time.perf_counter()
            rows = await (await conn.execute(sql, params)).fetchall()
            elapsed = time.perf_counter() - started
        assert len(rows) == BATCH, len(rows)
        if run >= 5:  # the first few warm the caches
            timings.append(elapsed * 1000)
    return statistics.median(timings)


async def explain(conn: Connection) -> str:
    sql, params = claim_statement(datetime.now(UTC))
    async with conn.transaction(force_rollback=True):
        cursor = await conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(row[0] for row in await cursor.fetchall())


async def server_median_ms(conn: Connection, runs: int = 15) -> float:
    """The server's own execution time of the claim query (EXPLAIN ANALYZE), median."""
    timings = []
    for _ in range(runs):
        plan = await explain(conn)
        line = next(x for x in plan.splitlines() if x.startswith("Execution Time:"))
        timings.append(float(line.split()[2]))
    return statistics.median(timings)


def short(plan_shape: str) -> str:
    """`Index Scan`, `Sort > Bitmap Heap Scan > Bitmap Index Scan`: below Limit > LockRows."""
    below = plan_shape.removeprefix("Limit > LockRows > ")
    return below.replace(" using ix_orders_due_at", "").replace(" on ix_orders_due_at", "")


def shape(plan: str) -> str:
    """The plan's nodes, outermost first: `Limit > LockRows > Index Scan using …`."""
    nodes = []
    for line in plan.splitlines():
        text = line.strip().removeprefix("->").strip()
        if "(cost=" in text:
            nodes.append(text.split("  (cost=")[0].removesuffix(" on orders"))
    return " > ".join(nodes)


@dataclass
class Round:
    """The claim query after one ANALYZE (whose random sample decides the plan)."""

    client: float  # median ms, as the worker sees it
    server: float  # median ms, EXPLAIN ANALYZE's execution time
    plan: str


@dataclass
class Claim:
    size: int
    rounds: list[Round]

    @property
    def client(self) -> float:
        return statistics.median(r.client for r in self.rounds)

    @property
    def server(self) -> float:
        return statistics.median(r.server for r in self.rounds)

    def median(self, rounds: list[Round]) -> float:
        return statistics.median(r.client for r in rounds)

    def plans(self) -> dict[str, list[Round]]:
        by_shape: dict[str, list[Round]] = {}
        for r in self.rounds:
            by_shape.setdefault(shape(r.plan), []).append(r)
        return by_shape


async def build(url: str, size: int) -> Connection:
    """A table of `size` orders, `DUE_IN_TABLE` of them due (with their money)."""
    conn = await connect(url)
    await conn.execute(
        "TRUNCATE parties, accounts, journal_entries, journal_lines, top_ups CASCADE"
    )
    await conn.commit()
    seeded = await seed_due_orders(conn, DUE_IN_TABLE)
    parties = (seeded.brand_id, seeded.creator_id, seeded.channel_id)
    started, rest = time.perf_counter(), size - DUE_IN_TABLE
    while rest > 0:
        await fill(conn, min(rest, 250_000), parties)
        rest -= min(rest, 250_000)
    log(f"{size:,} orders in {time.perf_counter() - started:.1f} s")
    return conn


async def measure_round(conn: Connection) -> Round:
    await conn.execute("ANALYZE orders")
    await conn.commit()
    client, server = await claim_median_ms(conn), await server_median_ms(conn)
    return Round(client, server, await explain(conn))


async def claim_query(small_url: str, big_url: str, big: int, rounds: int) -> tuple[Claim, Claim]:
    """Both tables side by side, measured in turns, so that the load of the machine at one
    moment does not favour either."""
    small, large = Claim(10_000, []), Claim(big, [])
    connections = [await build(small_url, small.size), await build(big_url, large.size)]
    try:
        for _ in range(rounds):
            for claim, conn in zip((small, large), connections, strict=True):
                claim.rounds.append(await measure_round(conn))
    finally:
        for conn in connections:
            await conn.close()
    for claim in (small, large):
        plans = {plan_shape: len(found) for plan_shape, found in claim.plans().items()}
        log(f"claim query at {claim.size:,} orders: {claim.client:.3f} ms, plans {plans}")
    return small, large


# The report ------------------------------------------------------------------------------


def verdict(met: bool) -> str:
    return "target met" if met else "target missed"


def table(rows: list[Row]) -> str:
    header = Row("metric", "measured", "baseline", "ratio", "target", "")
    cells = [[r.metric, r.value, r.baseline, r.ratio, r.target, r.verdict] for r in [header, *rows]]
    widths = [max(len(c[i]) for c in cells) for i in range(6)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


async def run(args: argparse.Namespace) -> str | None:
    big = max(args.big, 20_000)
    speed = await throughput(args.url, args.orders, args.pass_orders, bool(args.profile))
    small, large = await claim_query(args.url, args.big_url, big, args.analyze_rounds)
    # The raw sweep: 6 statements per order, and a claim, BEGIN and COMMIT per batch.
    raw_statements = 6 + 3 / BATCH
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
            f"{speed.statements:.1f}",
            f"{raw_statements:.1f} raw SQL",
            f"{speed.statements / raw_statements:.2f}",
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
            f"{speed.pass_statements:.1f}",
            f"{raw_statements:.1f} raw SQL",
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
