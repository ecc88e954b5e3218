"""Throw-away benchmark databases, seeded with bulk SQL: consistent `requested` orders over
many brands with API keys for both sides, the ledger check afterwards, the request files
`bench/walk.lua` reads, and a scratch folder for them and the servers' logs."""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg

from bench.report import log
from service.db import Database
from service.ids import new_id
from service.money.check import check_ledger
from service.parties.keys import fingerprint, generate_key, hash_key
from tests.databases import migrate, postgres_database
from tests.service.timers.bulk import numbered_id, psycopg_url, seed_due_orders

BRANDS = 32  # parties per seeding, walked round robin: concurrent requests never share one


@contextmanager
def database(name: str) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for one benchmark, dropped afterwards."""
    with postgres_database() as url:
        log(f"{name}: database {url.rsplit('/', 1)[-1]}, migrating")
        migrate(url)
        yield url


@dataclass(frozen=True)
class Slot:
    """One seeded `requested` order and what it takes to act on it (or to order another
    video from the same creator)."""

    order_id: str
    brand_key: str
    creator_key: str
    creator_id: str
    channel_id: str


async def _key(conn: psycopg.AsyncConnection[Any], party_id: str) -> str:
    key = generate_key()
    await conn.execute(
        """INSERT INTO api_keys (id, party_id, key_hash, fingerprint, created_at)
           VALUES (%s, %s, %s, %s, now())""",
        (new_id("key"), party_id, hash_key(key), fingerprint(key)),
    )
    return key


async def _seed(url: str, count: int, brands: int, spare_fen: int) -> list[Slot]:
    per_brand = -(-count // brands)
    columns: list[list[Slot]] = []
    async with await psycopg.AsyncConnection.connect(psycopg_url(url)) as conn:
        for _ in range(brands):
            # The accept deadline 20 hours ahead: `accept` is allowed, nothing is due.
            seeded = await seed_due_orders(
                conn, per_brand, overdue=-timedelta(hours=20), spare_fen=spare_fen
            )
            brand_key = await _key(conn, seeded.brand_id)
            creator_key = await _key(conn, seeded.creator_id)
            await conn.commit()
            columns.append(
                [
                    Slot(
                        numbered_id("ord", seeded.tag, i),
                        brand_key,
                        creator_key,
                        seeded.creator_id,
                        seeded.channel_id,
                    )
                    for i in range(1, per_brand + 1)
                ]
            )
        await conn.execute("ANALYZE")
    # Round robin over the brands, so that requests in flight together touch different
    # brands' accounts (a cancel moves money into the brand's one available account).
    return [slot for row in zip(*columns, strict=True) for slot in row][:count]


def seed(url: str, count: int, brands: int = BRANDS, *, spare_fen: int = 123_456) -> list[Slot]:
    """`count` orders in `requested` (accept deadline 20 hours ahead, escrow full), spread
    over `brands` brands, each with its own creator, channel and an API key for both, and
    `spare_fen` available to each brand besides."""
    started = time.perf_counter()
    slots = asyncio.run(_seed(url, count, brands, spare_fen))
    log(f"{count:,} requested orders seeded in {time.perf_counter() - started:.1f} s")
    return slots


async def ledger_checks_clean(database: Database) -> bool:
    """The ledger's consistency check, its first discrepancies logged."""
    async with database.sessions() as session:
        report = await check_ledger(session)
    for discrepancy in report.discrepancies[:10]:
        log(f"ledger: {discrepancy}")
    return report.clean


def ledger_clean(url: str) -> bool:
    async def check() -> bool:
        database = Database(url)
        try:
            return await ledger_checks_clean(database)
        finally:
            await database.dispose()

    return asyncio.run(check())


Line = tuple[str, str, str] | tuple[str, str, str, str]


def request_file(folder: Path, name: str, lines: Sequence[Line]) -> Path:
    """One request per line: path, API key, If-None-Match value (may be empty) and, for a
    POST, a JSON body (may be left out)."""
    path = folder / f"{name}.tsv"
    path.write_text("".join("\t".join(line) + "\n" for line in lines))
    return path


@contextmanager
def workspace() -> Iterator[Path]:
    """A temporary folder for request files and server logs, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="xt-bench-") as folder:
        yield Path(folder)
