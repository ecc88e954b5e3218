"""CSV exports that spreadsheet programs open correctly: UTF-8 with a byte-order mark (so
Excel reads Chinese text), and text cells that a spreadsheet would run as a formula
escaped. Streamed: rows are read from the database in batches and sent as they are
encoded, so a long export never sits in memory whole."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

from fastapi import FastAPI
from sqlalchemy import select
from sqlmodel import col

from service.analytics.figures import Counts, derive
from service.orders.models import Order
from service.parties.models import Party
from service.videos.models import COUNTS, VideoLatest, VideoSnapshot

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list: a spreadsheet runs these
CHUNK_CHARS = 64 * 1024


def cell(value: Any) -> Any:
    """A value as a CSV cell: text that would start a formula gets a leading apostrophe
    (shown as text, never run); times in RFC 3339; enums by value; None empty."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


async def csv_chunks(
    header: Sequence[str], rows: AsyncIterator[Sequence[Any]]
) -> AsyncIterator[bytes]:
    """The BOM and header, then the rows, encoded in chunks of about 64 KiB."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(header)
    async for row in rows:
        writer.writerow([cell(value) for value in row])
        if buffer.tell() >= CHUNK_CHARS:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


ORDER_COLUMNS = (
    "order_id", "created_at", "state", "creator_id", "creator_name", "channel_id",
    "price_fen", "brand_fee_fen", "brand_total_fen", "retention_days", "published_at",
    "video_url", "brief", *COUNTS, "engagements", "engagement_rate", "cpm_fen", "cpe_fen",
)  # fmt: skip
SNAPSHOT_COLUMNS = ("order_id", "creator_id", "observed_at", "status", *COUNTS, "engagements")


def _orders_statement(project_id: str) -> Any:
    return (
        select(
            col(Order.id),
            col(Order.created_at),
            col(Order.state),
            col(Order.creator_id),
            col(Party.name),
            col(Order.channel_id),
            col(Order.price_fen),
            col(Order.brand_fee_fen),
            col(Order.brand_total_fen),
            col(Order.retention_days),
            col(Order.published_at),
            col(Order.video_url),
            col(Order.brief),
            *(col(getattr(VideoLatest, name)) for name in COUNTS),
        )
        .join(Party, col(Party.id) == col(Order.creator_id))
        .outerjoin(VideoLatest, col(VideoLatest.order_id) == col(Order.id))
        .where(col(Order.project_id) == project_id)
        .order_by(col(Order.id))
    )


def _snapshots_statement(project_id: str) -> Any:
    return (
        select(
            col(VideoSnapshot.order_id),
            col(Order.creator_id),
            col(VideoSnapshot.observed_at),
            col(VideoSnapshot.status),
            *(col(getattr(VideoSnapshot, n)) for n in COUNTS),
        )
        .join(Order, col(Order.id) == col(VideoSnapshot.order_id))
        .where(col(Order.project_id) == project_id)
        .order_by(col(VideoSnapshot.order_id), col(VideoSnapshot.id))
    )


async def _streamed(app: FastAPI, statement: Any, batch: int) -> AsyncIterator[Sequence[Any]]:
    """The statement's rows, read in batches on a session of their own (the request's unit
    of work has ended when the body is sent)."""
    async with app.state.db.sessions() as session:
        connection = await session.connection()
        result = await connection.stream(statement.execution_options(yield_per=batch))
        async for row in result:
            yield row


async def order_rows(app: FastAPI, project_id: str, batch: int) -> AsyncIterator[Sequence[Any]]:
    async for row in _streamed(app, _orders_statement(project_id), batch):
        counts = Counts(**{name: row[13 + i] or 0 for i, name in enumerate(COUNTS)})
        derived = derive(counts, row[6])
        seen = row[13] is not None
        yield (
            *row[:13],
            *(row[13:17] if seen else ("",) * 4),
            derived.engagements if seen else "",
            derived.engagement_rate, derived.cpm_fen, derived.cpe_fen,
        )  # fmt: skip


async def snapshot_rows(app: FastAPI, project_id: str, batch: int) -> AsyncIterator[Sequence[Any]]:
    async for row in _streamed(app, _snapshots_statement(project_id), batch):
        yield (*row, row[5] + row[6] + row[7])
