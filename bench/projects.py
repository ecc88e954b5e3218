"""Projects and their data (`python -m bench.projects`): the summary of a project of 10,000
orders with 30 metrics snapshots each, and a brand's list of projects with 10,000 orders in
the database against 1,000,000, side by side in one run.

Two throw-away databases, seeded with set-wise SQL (generate_series): in both, one brand
with 20 projects, the first holding 10,000 orders spread over 50 creators and every state,
each with 30 snapshots of its video (hourly for a day, then daily), each order's latest
counts and the project's sums by day and by creator, as recording the checks keeps them
(the first summary is checked: its days add up to its totals); the large database adds
990,000 orders of another brand (in no project). The requests go through the app in this
process (httpx's ASGI transport: routing, auth, the unit of work, the queries and the JSON;
no network), in turns between the two databases, after a warm-up; the figures are the p95
and the median of each.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import psycopg

from bench.report import Row, log, table, timed, verdict
from bench.seeding import _key, database
from service.app import create_app
from service.config import Settings
from service.db import Database
from tests.service.timers.bulk import id_sql, new_tag, numbered_id, psycopg_url, seed_parties

PROJECT_ORDERS = 10_000
SNAPSHOTS = 30
CREATORS = 50
PROJECTS = 20
BIG = 1_000_000
STATES = (
    "requested", "requested", "accepted", "published", "published", "published", "retained",
    "closed", "closed", "refunded",
)  # fmt: skip


@dataclass(frozen=True)
class Seeded:
    url: str
    brand_key: str
    project_id: str


async def _orders(
    conn: psycopg.AsyncConnection[Any], tag: str, count: int, brand_id: str,
    creators: str, project: str | None, start: int = 1,
) -> None:  # fmt: skip
    """`count` orders of the brand, creators taken in turn (`creators`: the tag of the
    creators and channels), states in turn, published ten days ago."""
    states = "ARRAY[" + ", ".join(f"'{s}'" for s in STATES) + "]"
    await conn.execute(
        f"""INSERT INTO orders (
               id, state, version, brand_id, creator_id, channel_id, project_id,
               retention_days, publish_days, brief, price_fen, brand_fee_fen, brand_total_fen,
               commission_fen, mcn_share_bps, mcn_share_fen, creator_payout_fen,
               platform_revenue_fen, video_url, published_at, created_at, updated_at)
           SELECT {id_sql("ord", tag)}, ({states})[1 + i %% {len(STATES)}], 3, %(brand)s,
                  {id_sql("cr", creators, f"1 + i %% {CREATORS}")},
                  {id_sql("ch", creators, f"1 + i %% {CREATORS}")}, %(project)s,
                  30, 7, '开箱视频 ' || i, 100000 + i, 5000, 105000 + i, 5000, 0, 0,
                  95000 + i, 10000, 'https://www.douyin.com/video/' || (7000000000 + i),
                  now() - interval '10 days', now() - interval '11 days', now() - interval '1 day'
           FROM generate_series(%(start)s::int, %(end)s::int) AS i""",
        {"brand": brand_id, "project": project, "start": start, "end": start + count - 1},
    )


async def _seed(url: str, filler: int) -> Seeded:
    async with await psycopg.AsyncConnection.connect(psycopg_url(url)) as conn:
        now, tag = datetime.now(UTC), new_tag()
        brand_id, _, _ = await seed_parties(conn, tag, now)
        other_brand, _, _ = await seed_parties(conn, new_tag(), now)
        creators = new_tag()
        await conn.execute(
            f"""INSERT INTO parties (id, kind, name, order_rights_suspended, created_at)
                SELECT {id_sql("cr", creators)}, 'creator', '达人 ' || i, false, now()
                FROM generate_series(1, {CREATORS}) AS i"""
        )
        await conn.execute(
            f"""INSERT INTO channels (id, creator_id, platform, handle, followers,
                                      in_good_standing, created_at, updated_at)
                SELECT {id_sql("ch", creators)}, {id_sql("cr", creators)}, 'douyin',
                       'bench_{creators.lower()}_' || i, 250000, true, now(), now()
                FROM generate_series(1, {CREATORS}) AS i"""
        )
        await conn.execute(
            f"""INSERT INTO projects (id, brand_id, name, budget_fen, archived, created_at)
                SELECT {id_sql("prj", tag)}, %s, '项目 ' || i, 10000000000, false,
                       now() - i * interval '1 minute'
                FROM generate_series(1, {PROJECTS}) AS i""",
            (brand_id,),
        )
        project = numbered_id("prj", tag, 1)
        await _orders(conn, tag, PROJECT_ORDERS, brand_id, creators, project)
        log(f"{PROJECT_ORDERS:,} orders in the project; {SNAPSHOTS} snapshots each")
        await conn.execute(
            f"""INSERT INTO video_snapshots (order_id, observed_at, status, plays, likes,
                                             comments, shares)
                SELECT {id_sql("ord", tag)}, o.published_at + CASE WHEN k < 24
                           THEN k * interval '1 hour' ELSE (k - 23) * interval '1 day' END,
                       'live', (i % 5000 + 100) * (k + 1) * 10, (i % 5000 + 100) * (k + 1) / 2,
                       (i % 5000 + 100) * (k + 1) / 20, (i % 5000 + 100) * (k + 1) / 50
                FROM generate_series(1, {PROJECT_ORDERS}) AS i
                JOIN orders o ON o.id = {id_sql("ord", tag)},
                     generate_series(0, {SNAPSHOTS - 1}) AS k"""
        )
        await conn.execute(
            """INSERT INTO video_latest (order_id, project_id, creator_id, price_fen,
                                         observed_at, plays, likes, comments, shares)
               SELECT DISTINCT ON (s.order_id) s.order_id, o.project_id, o.creator_id,
                      o.price_fen, s.observed_at, s.plays, s.likes, s.comments, s.shares
               FROM video_snapshots s JOIN orders o ON o.id = s.order_id
               ORDER BY s.order_id, s.observed_at DESC"""
        )
        await conn.execute(  # what each snapshot added over the one before, by its day
            """INSERT INTO project_days (project_id, day, plays_gained, engagements_gained)
               SELECT project_id, day, sum(plays_gained), sum(engagements_gained)
               FROM (SELECT o.project_id,
                            (s.observed_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
                            s.plays - coalesce(lag(s.plays) OVER w, 0) AS plays_gained,
                            s.likes + s.comments + s.shares
                            - coalesce(lag(s.likes + s.comments + s.shares) OVER w, 0)
                              AS engagements_gained
                     FROM video_snapshots s JOIN orders o ON o.id = s.order_id
                     WINDOW w AS (PARTITION BY s.order_id ORDER BY s.observed_at)) g
               GROUP BY project_id, day"""
        )
        await conn.execute(
            """INSERT INTO project_creators (project_id, creator_id, videos, price_fen,
                                             plays, likes, comments, shares)
               SELECT project_id, creator_id, count(*), sum(price_fen), sum(plays),
                      sum(likes), sum(comments), sum(shares)
               FROM video_latest GROUP BY project_id, creator_id"""
        )
        done = 0
        while done < filler:  # other brands' orders, in slices
            size = min(200_000, filler - done)
            await _orders(conn, new_tag(), size, other_brand, creators, None)
            done += size
            log(f"{done:,} of {filler:,} other orders")
            await conn.commit()
        key = await _key(conn, brand_id)
        await conn.commit()
        await conn.set_autocommit(True)
        await conn.execute("VACUUM ANALYZE")  # as autovacuum would: index-only scans, stats
        return Seeded(url, key, project)


async def _timings(client: httpx.AsyncClient, path: str, key: str, runs: int) -> list[float]:
    found = []
    for _ in range(runs):
        started = time.perf_counter()
        response = await client.get(path, headers={"Authorization": f"Bearer {key}"})
        found.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text[:300]
    return found


async def _check(client: httpx.AsyncClient, seeded: Seeded) -> None:
    """The seeded sums are what the checks would have kept: the summary's days add up to
    its totals, which are every order's last snapshot."""
    found = await client.get(
        f"/v1/projects/{seeded.project_id}/summary",
        headers={"Authorization": f"Bearer {seeded.brand_key}"},
    )
    summary = found.json()
    days = sum(day["plays"] for day in summary["plays_per_day"])
    assert summary["metrics"]["orders"] == PROJECT_ORDERS, summary["metrics"]
    assert days == summary["metrics"]["plays"] > 0, (days, summary["metrics"])


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


async def _measure(seeded: list[Seeded], rounds: int, runs: int) -> dict[str, list[list[float]]]:
    """Per (what, database): the timings of every round, taken in turns."""
    clients, databases = [], []
    for s in seeded:
        db = Database(s.url)
        settings = Settings(database_url=s.url, worker_in_process=False)
        app = create_app(settings, database=db)
        clients.append(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b")
        )
        databases.append(db)

    def summary(s: Seeded) -> str:
        return f"/v1/projects/{s.project_id}/summary"

    def projects(_: Seeded) -> str:
        return f"/v1/projects?limit={PROJECTS}"

    paths = {"summary": summary, "list": projects}
    found: dict[str, list[list[float]]] = {f"{w}/{i}": [] for w in paths for i in range(2)}
    try:
        for path in paths.values():  # warm-up: connections, statement caches, imports
            for client, s in zip(clients, seeded, strict=True):
                await _timings(client, path(s), s.brand_key, 5)
        for client, s in zip(clients, seeded, strict=True):
            await _check(client, s)
        for round_ in range(rounds):
            for what, path in paths.items():
                for i, (client, s) in enumerate(zip(clients, seeded, strict=True)):
                    found[f"{what}/{i}"].append(await _timings(client, path(s), s.brand_key, runs))
            log(f"round {round_ + 1} of {rounds}")
    finally:
        for client in clients:
            await client.aclose()
        for db in databases:
            await db.dispose()
    return found


def _flat(rounds: list[list[float]]) -> list[float]:
    return [t for r in rounds for t in r]


def run(rounds: int, runs: int, big: int) -> list[Row]:
    with ExitStack() as stack:
        urls = [stack.enter_context(database(name)) for name in ("projects-10k", "projects-1m")]
        log("seeding 10,000 orders; and 10,000 + the rest")
        seeded = [
            asyncio.run(_seed(urls[0], 0)),
            asyncio.run(_seed(urls[1], big - PROJECT_ORDERS)),
        ]
        found = asyncio.run(_measure(seeded, rounds, runs))
    summary_small, summary_big = _flat(found["summary/0"]), _flat(found["summary/1"])
    list_small, list_big = _flat(found["list/0"]), _flat(found["list/1"])
    ratio = statistics.median(list_big) / statistics.median(list_small)
    return [
        Row(
            f"project summary, {PROJECT_ORDERS:,} orders × {SNAPSHOTS} snapshots: p95 (ms)",
            f"{p95(summary_small):.1f}", "", "", "≤ 100 ms", verdict(p95(summary_small) <= 100),
        ),
        Row("… median (ms)", f"{statistics.median(summary_small):.1f}"),
        Row(
            f"… the same with {big:,} orders in the database: p95 (ms)",
            f"{p95(summary_big):.1f}", "", "", "≤ 100 ms", verdict(p95(summary_big) <= 100),
        ),
        Row(
            f"a brand's {PROJECTS} projects, median (ms): {big:,} vs {PROJECT_ORDERS:,} orders",
            f"{statistics.median(list_big):.2f}", f"{statistics.median(list_small):.2f}",
            f"{ratio:.2f}", "≤ 1.5×", verdict(ratio <= 1.5),
        ),
        Row(
            "… p95 (ms)", f"{p95(list_big):.2f}", f"{p95(list_small):.2f}",
            f"{p95(list_big) / p95(list_small):.2f}",
        ),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> list[Row]:
    options = argparse.ArgumentParser(prog="python -m bench.projects", description=__doc__)
    options.add_argument("--rounds", type=int, default=3)
    options.add_argument("--runs", type=int, default=20, help="requests per round and kind")
    options.add_argument("--big", type=int, default=BIG, help="orders in the large database")
    args = options.parse_args(argv)
    rows = timed("projects", lambda: run(args.rounds, args.runs, args.big))
    print(table(rows))
    return rows


if __name__ == "__main__":
    main()
