"""The claim query of the timer sweep at 10,000 and at 1,000,000 orders (part of
`python -m bench.timers`).

`SELECT … WHERE due_at <= now ORDER BY due_at LIMIT 200 FOR UPDATE SKIP LOCKED`, as the
service compiles it, in a transaction rolled back, median of 50 runs, with 10,000 orders in
one database and 1,000,000 in the other, 1,000 of them due in each. The two are measured in
turns, each turn after a fresh ANALYZE (whose random sample decides the plan).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlmodel import col, select

from bench.report import log
from service.config import Settings
from service.orders.models import Order
from tests.service.timers.bulk import id_sql, new_tag, psycopg_url, seed_due_orders

BATCH = Settings.model_fields["worker_batch_size"].default  # XT_WORKER_BATCH_SIZE
CLAIM_RUNS = 50
DUE_IN_TABLE = 1_000

Connection = psycopg.AsyncConnection[Any]


async def connect(url: str) -> Connection:
    return await psycopg.AsyncConnection.connect(psycopg_url(url))


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
