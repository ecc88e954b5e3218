"""The raw baselines: the same framework (FastAPI on uvicorn), bare SQL through a
psycopg_pool `AsyncConnectionPool`, no ORM, no auth, no machine.

    RAW_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/DB \
        .venv/bin/uvicorn bench.raw_app:app --no-access-log --port 8001

- `GET /const`, `GET /const/orders/{order_id}`: a constant, no database (what a 304 of
  ours is measured against);
- `GET /raw/orders/{order_id}`: select the order row, return it as JSON;
- `POST /raw/orders/{order_id}/cancel`: the bare SQL of a transition that moves money, in
  one transaction: lock the order row (with its escrow and its brand's available account),
  compare-and-set the state, a history row, a journal entry, the two balances (in account
  id order, the escrow never below zero), the two journal lines and the outbox row; commit.
  `bench/cancel.sql` is the same transaction for pgbench;
- `POST /raw/orders`: the bare SQL of creating an order that holds its money, in one
  transaction: read the channel with its creator (both must exist, the channel qualify),
  insert the order, its history row, debit the brand (never below zero), open the escrow
  with the brand total, the journal entry, its two lines and the outbox row; commit.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any

from fastapi import FastAPI, Request, Response
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

from service.ids import new_id
from service.parties.keys import hash_key
from statemachine.pricing import FeePolicy, line_items

POOL_MIN, POOL_MAX = 10, 30  # ours: SQLAlchemy pool_size 30, no overflow
CONSTANT = b'{"status":"ok"}'

LOCK = """
    SELECT o.version, o.state, o.brand_id, o.brand_total_fen, escrow.id, brand.id
    FROM orders o
    JOIN accounts escrow ON escrow.kind = 'order_escrow' AND escrow.owner_id = o.id
    JOIN accounts brand ON brand.kind = 'brand_available' AND brand.owner_id = o.brand_id
    WHERE o.id = %s
    FOR UPDATE OF o"""
MOVE = """
    UPDATE orders SET state = 'refunded', version = version + 1, accept_deadline = NULL,
                      due_at = NULL, due_trigger = NULL, updated_at = now()
    WHERE id = %s AND version = %s AND state = 'requested'"""
HISTORY = """
    INSERT INTO order_history (order_id, trigger, from_state, to_state, actor_kind, actor_id,
                               details, at)
    VALUES (%s, 'cancel', 'requested', 'refunded', 'brand', %s, '{}', now())"""
ENTRY = """
    INSERT INTO journal_entries (id, kind, order_id, created_at)
    VALUES (%s, 'order_refund', %s, now())"""
CREDIT = "UPDATE accounts SET balance_fen = balance_fen + %s WHERE id = %s"
DEBIT = """
    UPDATE accounts SET balance_fen = balance_fen - %s
    WHERE id = %s AND balance_fen - %s >= 0"""
LINES = """
    INSERT INTO journal_lines (entry_id, account_id, amount_fen)
    VALUES (%s, %s, %s), (%s, %s, %s)"""
OUTBOX_CREATED = """
    INSERT INTO events (event_id, type, object_type, object_id, data, previous, created_at)
    VALUES (%s, 'order.create', 'order', %s, %s, '{}', now())"""
OUTBOX = """
    INSERT INTO events (event_id, type, object_type, object_id, data, previous, created_at)
    VALUES (%s, 'order.cancel', 'order', %s, %s, '{}', now())"""
READ = "SELECT * FROM orders WHERE id = %s"
CHANNEL = """
    SELECT ch.followers, ch.in_good_standing, p.order_rights_suspended
    FROM channels ch JOIN parties p ON p.id = ch.creator_id AND p.kind = 'creator'
    WHERE ch.id = %s AND ch.creator_id = %s"""
NEW_ORDER = """
    INSERT INTO orders (id, state, version, brand_id, creator_id, channel_id, retention_days,
                        publish_days, brief, price_fen, brand_fee_fen, brand_total_fen,
                        commission_fen, mcn_share_bps, mcn_share_fen, creator_payout_fen,
                        platform_revenue_fen, accept_deadline, due_at, due_trigger,
                        created_at, updated_at)
    VALUES (%s, 'requested', 1, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 0, 0, %s, %s,
            now() + interval '24 hours', now() + interval '24 hours', 'expire', now(), now())"""
CREATED = """
    INSERT INTO order_history (order_id, trigger, from_state, to_state, actor_kind, actor_id,
                               details, at)
    VALUES (%s, 'create', NULL, 'requested', 'brand', %s, '{}', now())"""
HOLD = """
    UPDATE accounts SET balance_fen = balance_fen - %s
    WHERE kind = 'brand_available' AND owner_id = %s AND balance_fen - %s >= 0 RETURNING id"""
ESCROW = """
    INSERT INTO accounts (id, kind, owner_id, balance_fen, created_at)
    VALUES (%s, 'order_escrow', %s, %s, now())"""
HELD = """
    INSERT INTO journal_entries (id, kind, order_id, created_at)
    VALUES (%s, 'order_hold', %s, now())"""
BRANDS = "SELECT party_id FROM api_keys WHERE key_hash = %s"

pool: AsyncConnectionPool[Any]


async def open_pool(dsn: str) -> None:
    global pool
    pool = AsyncConnectionPool(dsn, min_size=POOL_MIN, max_size=POOL_MAX, open=False)
    await pool.open(wait=True)


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    await open_pool(os.environ["RAW_DATABASE_URL"])
    yield
    await pool.close()


app = FastAPI(title="raw baselines", lifespan=lifespan)


def _problem(status: int, detail: str) -> Response:
    body = json.dumps({"status": status, "detail": detail}).encode()
    return Response(body, status_code=status, media_type="application/problem+json")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


@app.get("/const")
@app.get("/const/orders/{order_id}")
async def constant() -> Response:
    return Response(CONSTANT, media_type="application/json")


@app.get("/raw/orders/{order_id}")
async def read(order_id: str) -> Response:
    async with pool.connection() as conn:
        cursor = conn.cursor(row_factory=dict_row)
        row = await (await cursor.execute(READ, (order_id,))).fetchone()
    if row is None:
        return _problem(404, f"no order '{order_id}'")
    return Response(json.dumps(row, default=_plain).encode(), media_type="application/json")


@app.post("/raw/orders")
async def create(request: Request) -> Response:
    terms = json.loads(await request.body())
    key = request.headers["authorization"].removeprefix("Bearer ")
    items = line_items(terms["price_fen"], mcn_share_bps=0, policy=FeePolicy(500, 500))
    total, order_id = items.brand_total_fen, new_id("ord")
    async with pool.connection() as conn:  # commits on leaving the block
        owner = await (await conn.execute(BRANDS, (hash_key(key),))).fetchone()
        if owner is None:
            return _problem(401, "unknown key")
        brand_id = owner[0]
        creator_id, channel_id = terms["creator_id"], terms["channel_id"]
        channel = await (await conn.execute(CHANNEL, (channel_id, creator_id))).fetchone()
        if channel is None:
            return _problem(422, "unknown creator or channel")
        followers, good, suspended = channel
        if followers < 100_000 or not good or suspended:
            return _problem(422, "the creator may not take orders")
        await conn.execute(
            NEW_ORDER,
            (order_id, brand_id, creator_id, channel_id, terms.get("retention_days", 30),
             terms.get("publish_days", 7), terms["brief"], items.price_fen, items.brand_fee_fen,
             total, items.commission_fen, items.creator_payout_fen, items.platform_revenue_fen),
        )  # fmt: skip
        await conn.execute(CREATED, (order_id, brand_id))
        brand = await (await conn.execute(HOLD, (total, brand_id, total))).fetchone()
        if brand is None:
            await conn.rollback()
            return _problem(402, "insufficient funds")
        escrow_id, entry_id = new_id("acc"), new_id("je")
        await conn.execute(ESCROW, (escrow_id, order_id, total))
        await conn.execute(HELD, (entry_id, order_id))
        await conn.execute(LINES, (entry_id, brand[0], -total, entry_id, escrow_id, total))
        data = {"id": order_id, "state": "requested", "version": 1}
        await conn.execute(OUTBOX_CREATED, (new_id("evt"), order_id, Jsonb(data)))
    body = json.dumps(data).encode()
    return Response(body, status_code=201, media_type="application/json")


@app.post("/raw/orders/{order_id}/cancel")
async def cancel(order_id: str) -> Response:
    async with pool.connection() as conn:  # commits on leaving the block
        row = await (await conn.execute(LOCK, (order_id,))).fetchone()
        if row is None:
            return _problem(404, f"no order '{order_id}'")
        version, state, brand_id, total, escrow_id, brand_account_id = row
        if state != "requested":
            return _problem(409, f"order '{order_id}' is {state}")
        moved = await conn.execute(MOVE, (order_id, version))
        if moved.rowcount != 1:
            return _problem(409, f"order '{order_id}' changed")
        await conn.execute(HISTORY, (order_id, brand_id))
        entry_id = new_id("je")
        await conn.execute(ENTRY, (entry_id, order_id))
        for account_id in sorted((escrow_id, brand_account_id)):  # id order: no deadlocks
            if account_id == escrow_id:
                debited = await conn.execute(DEBIT, (total, escrow_id, total))
                if debited.rowcount != 1:
                    await conn.rollback()
                    return _problem(402, "the escrow does not cover the refund")
            else:
                await conn.execute(CREDIT, (total, brand_account_id))
        await conn.execute(LINES, (entry_id, escrow_id, -total, entry_id, brand_account_id, total))
        data = {"id": order_id, "state": "refunded", "version": version + 1}
        await conn.execute(OUTBOX, (new_id("evt"), order_id, Jsonb(data)))
    body = json.dumps(data).encode()
    return Response(body, media_type="application/json", headers={"ETag": f'"v{version + 1}"'})
