"""Writing events, and numbering them afterwards in commit order.

Events are written in the transaction of the change they describe (the outbox), without a
number. A sequencer, run by the worker, numbers committed events under a lock, so
`sequence` is strictly increasing in the order events became visible and a reader that
remembers the last number it saw never misses one.

The writers of changes (orders, the ledger) write their events inside their own statement
on PostgreSQL (`EventWrites.ctes`); everything else calls `emit`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import func, insert, text
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Dialect
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from service.db import Database
from service.events.models import Event, EventAudience
from service.ids import new_id
from service.sql import SMALL, Direct, RowSet, at_most, rows_of, table_of

SEQUENCER_LOCK = 0x58540001  # pg_advisory_xact_lock key: one sequencer at a time


class EventRow(NamedTuple):
    """An event's columns as written (`id` and `sequence` are the database's to give)."""

    event_id: str
    type: str
    object_type: str
    object_id: str
    data: dict[str, Any]
    previous: dict[str, Any]
    created_at: datetime


class Heard(NamedTuple):
    """A party that may see an event."""

    event_id: str
    party_id: str


@dataclass(frozen=True)
class NewEvent:
    """An event to write."""

    type: str
    object_type: str
    object_id: str
    data: dict[str, Any]
    audience: tuple[str | None, ...]
    previous: dict[str, Any] = field(default_factory=dict)

    def row(self, now: datetime) -> EventRow:
        return EventRow(
            new_id("evt"), self.type, self.object_type, self.object_id, self.data,
            self.previous or {}, now,
        )  # fmt: skip

    @property
    def parties(self) -> list[str]:
        return sorted({p for p in self.audience if p})


def rows(events: Sequence[NewEvent], now: datetime) -> tuple[list[EventRow], list[Heard]]:
    """The rows of `events`, numbered in the given order, and of their audience."""
    written = [new.row(now) for new in events]
    heard = [
        Heard(row.event_id, party)
        for row, new in zip(written, events, strict=True)
        for party in new.parties
    ]
    return written, heard


@dataclass(frozen=True)
class EventWrites:
    """The row sets of events and their audience, for a statement that writes events."""

    events: RowSet[EventRow]
    heard: RowSet[Heard]

    def params(self, events: Sequence[NewEvent], now: datetime) -> dict[str, str]:
        return self.rows_params(*rows(events, now))

    def rows_params(self, written: Sequence[EventRow], heard: Sequence[Heard]) -> dict[str, str]:
        return {**self.events.params(written), **self.heard.params(heard)}

    def ctes(self) -> tuple[Any, ...]:
        """PostgreSQL: the events, numbered in the given order, then their audience, as
        common table expressions of another statement."""
        picked = sa_select(*self.events.table.c)
        events = table_of(Event)
        inserted = (
            insert(events)
            .from_select(list(self.events.names), picked)
            .returning(events.c.id, events.c.event_id)
            .cte(f"{self.events.name}_written")
        )
        heard = self.heard.table
        audience = insert(table_of(EventAudience)).from_select(
            ["event_id", "party_id"],
            sa_select(inserted.c.id, heard.c.party_id).join_from(
                inserted, heard, heard.c.event_id == inserted.c.event_id
            ),
        )
        return inserted, audience.cte(f"{self.heard.name}_written")


@lru_cache(maxsize=8)
def event_writes(dialect: Dialect, size: int | None = SMALL) -> EventWrites:
    """Events' row sets (`size`: at most that many rows, None for a batch): a statement
    writes its events, whoever's, with these, in order."""
    heard_types = {"event_id": table_of(Event).c.event_id.type}
    return EventWrites(
        rows_of("event", EventRow, Event, dialect, size),
        rows_of("heard", Heard, EventAudience, dialect, size, **heard_types),
    )


@lru_cache(maxsize=4)
def _emitted(dialect: Dialect, size: int | None) -> Direct:
    """PostgreSQL: `emit`'s one statement."""
    inserted, audience = event_writes(dialect, size).ctes()
    return Direct(sa_select(func.count()).select_from(inserted).add_cte(audience))


async def emit(session: AsyncSession, events: Sequence[NewEvent], now: datetime) -> None:
    """Write `events`, numbered in the given order, and their audience: one statement on
    PostgreSQL, two on SQLite."""
    if not events:
        return
    dialect = session.get_bind().dialect
    written, heard = rows(events, now)
    size = at_most(len(written), len(heard))
    writes = event_writes(dialect, size)
    if dialect.name == "postgresql":
        await _emitted(dialect, size).execute(session, writes.rows_params(written, heard))
        return
    table = table_of(Event)
    ids = dict(
        (
            await session.exec(
                writes.events.insert_into(Event).returning(table.c.event_id, table.c.id),
                params=writes.events.params(written),
            )
        ).all()
    )
    if heard:
        audience = [(ids[h.event_id], h.party_id) for h in heard]
        connection = await session.connection()
        await connection.execute(
            insert(table_of(EventAudience)),
            [{"event_id": event_id, "party_id": party} for event_id, party in audience],
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
