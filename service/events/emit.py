"""Writing events, and numbering them afterwards in commit order.

Events are written in the transaction of the change they describe (the outbox), without a
number. A sequencer, run by the worker, numbers committed events under a lock, so
`sequence` is strictly increasing in the order events became visible and a reader that
remembers the last number it saw never misses one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, text
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from service.db import Database
from service.events.models import Event, EventAudience
from service.ids import new_id

SEQUENCER_LOCK = 0x58540001  # pg_advisory_xact_lock key: one sequencer at a time


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
    event = Event(
        event_id=new_id("evt"),
        type=type_,
        object_type=object_type,
        object_id=object_id,
        data=data,
        previous=previous or {},
        created_at=now,
    )
    session.add(event)
    await session.flush()
    assert event.id is not None
    for party_id in sorted({p for p in audience if p}):
        session.add(EventAudience(event_id=event.id, party_id=party_id))


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
