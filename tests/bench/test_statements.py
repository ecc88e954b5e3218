"""The statement counts in the benchmark tables come from `statements_sent`: it must see
every statement psycopg sends, BEGIN and COMMIT included, in the order they are sent."""

from __future__ import annotations

import psycopg
from psycopg._connection_base import BaseConnection

from bench.statements import statements_sent
from tests.service.timers.bulk import psycopg_url


async def test_every_statement_psycopg_sends_is_counted_in_order(postgres_url: str) -> None:
    originals = (psycopg.AsyncCursor.execute, BaseConnection._exec_command)
    async with await psycopg.AsyncConnection.connect(psycopg_url(postgres_url)) as conn:
        with statements_sent() as sent:
            async with conn.cursor() as cursor:
                await cursor.execute("SELECT 1")
                await cursor.executemany("SELECT %s::int", [(1,), (2,), (3,)])
            await conn.commit()
        await conn.execute("SELECT 2")  # after the block: not counted
        await conn.rollback()
    assert sent == [
        "BEGIN",
        "SELECT 1",
        "SELECT %s::int (row 1 of 3)",
        "SELECT %s::int (row 2 of 3)",
        "SELECT %s::int (row 3 of 3)",
        "COMMIT",
    ]
    assert (psycopg.AsyncCursor.execute, BaseConnection._exec_command) == originals
