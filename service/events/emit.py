"""Writing events, and numbering them afterwards in commit order.

Events are written in the transaction of the change they describe (the outbox), without a
number. A sequencer, run by the worker, numbers committed events under a lock, so
`sequence` is strictly increasing in the order events became visible and a reader that
remembers the last number it saw never misses one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import func, insert, text
from sqlalchemy.engine import Dialect
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from service.db import Database
from service.direct import Direct
from service.events.models import Event, EventAudience
from service.ids import new_id
from service.rowsets import RowSet, table_of

SEQUENCER_LOCK = 0x58540001  # pg_advisory_xact_lock key: one sequencer at a time


# An event's columns as `NewEvent.row` gives them (`id` and `sequence` are the database's).
EVENT_COLUMNS = ("event_id", "type", "object_type", "object_id", "data", "previous", "created_at")


@dataclass(frozen=True)
class NewEvent:
    """An event to write: what `emit` takes, as a value, for writing many at once."""

    type: str
    object_type: str
    object_id: str
    data: dict[str, Any]
    audience: tuple[str | None, ...]
    previous: dict[str, Any] = field(default_factory=dict)

    def row(self, now: datetime) -> dict[str, Any]:
        """The event's column values; `id` and `sequence` are the database's to give."""
        return {
            "event_id": new_id("evt"),
            "type": self.type,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "data": self.data,
            "previous": self.previous or {},
            "created_at": now,
        }

    @property
    def parties(self) -> list[str]:
        return sorted({p for p in self.audience if p})


async def emit(
    session: AsyncSession,
    type_: str,
    object_type: str,
    object_id: str,
    data: dict[str, Any],
    audience: Iterable[str | None],
    now: datetime,
    previous: dict[str, Any] | None = None,
) -> None:
    new = NewEvent(type_, object_type, object_id, data, tuple(audience), previous or {})
    await emit_event(session, new, now)


async def emit_event(session: AsyncSession, new: NewEvent, now: datetime) -> None:
    """`emit`, for an event already built as a value: `emit_many` of one."""
    await emit_many(session, [new], now)


async def emit_many(session: AsyncSession, events: Sequence[NewEvent], now: datetime) -> None:
    """Write `events`, numbered in the given order, and their audience: the rows `emit`
    writes for each in turn; one statement on PostgreSQL, two on SQLite."""
    if not events:
        return
    dialect = session.get_bind().dialect
    if dialect.name == "postgresql":
        many = written_many(dialect)
        await many.statement.execute(session, many.params(events, now))
        return
    table = table_of(Event)
    values = [new.row(now) for new in events]
    rows = RowSet.of("event", Event, EVENT_COLUMNS, dialect)
    written = await session.exec(
        rows.insert_into(Event).returning(table.c.event_id, table.c.id),
        params=rows.params([list(row.values()) for row in values]),
    )
    ids: dict[str, int] = {event_id: id_ for event_id, id_ in written}
    audience = [
        (ids[row["event_id"]], party_id)
        for row, new in zip(values, events, strict=True)
        for party_id in new.parties
    ]
    if audience:
        seen = RowSet.of("audience", EventAudience, ("event_id", "party_id"), dialect)
        await session.exec(seen.insert_into(EventAudience), params=seen.params(audience))


@dataclass(frozen=True)
class WrittenMany:
    """`emit_many` on PostgreSQL as common table expressions, to write events within another
    statement (`ctes`), or on their own (`statement`): the events, numbered in the given
    order, then their audience, joined to the events by `event_id`."""

    events: RowSet
    audience: RowSet
    ctes: tuple[Any, ...]
    statement: Direct

    def params(self, events: Sequence[NewEvent], now: datetime) -> dict[str, str]:
        rows = [new.row(now) for new in events]
        heard = [
            (row["event_id"], party) for row, new in zip(rows, events, strict=True)
            for party in new.parties
        ]  # fmt: skip
        return {
            **self.events.params([[row[c] for c in EVENT_COLUMNS] for row in rows]),
            **self.audience.params(heard),
        }


@lru_cache(maxsize=4)
def written_many(dialect: Dialect) -> WrittenMany:
    """The statements of `WrittenMany`, built once."""
    events, audience = table_of(Event), table_of(EventAudience)
    rows = RowSet.of("event", Event, EVENT_COLUMNS, dialect)
    heard = RowSet(
        "heard", [("event_id", events.c.event_id.type), ("party_id", audience.c.party_id.type)],
        dialect,
    )  # fmt: skip
    inserted = (
        rows.insert_into(Event).returning(events.c.id, events.c.event_id).cte("written_events")
    )
    seen = insert(audience).from_select(
        ["event_id", "party_id"],
        select(inserted.c.id, heard.table.c.party_id).select_from(
            inserted.join(heard.table, heard.table.c.event_id == inserted.c.event_id)
        ),
    )
    return WrittenMany(
        rows, heard, (inserted, seen.cte("written_audience")), Direct(seen.add_cte(inserted))
    )


async def assign_sequences(database: Database, limit: int = 1_000) -> int:
    """Number a batch of committed, unnumbered events; returns how many."""
    async with database.session() as session:
        if session.get_bind().dialect.name == "postgresql":
            await session.exec(text(f"SELECT pg_advisory_xact_lock({SEQUENCER_LOCK})"))  # type: ignore[call-overload]
        waiting = list(
            await session.exec(
                select(Event.id)
                .where(col(Event.sequence).is_(None))
                .order_by(col(Event.id))
                .limit(limit)
            )
        )
        last = (await session.exec(select(func.coalesce(func.max(Event.sequence), 0)))).one()
        if waiting:  # one statement: sequence = last + the event's rank among the waiting
            rank = func.row_number().over(order_by=col(Event.id)).label("rank")
            ranked: Any = select(col(Event.id).label("id"), rank).where(col(Event.id).in_(waiting))
            numbered = ranked.subquery()
            await session.exec(
                update(Event)
                .where(col(Event.id) == numbered.c.id)
                .values(sequence=(last or 0) + numbered.c.rank)
            )
        return len(waiting)
