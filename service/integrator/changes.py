"""Who is waiting for which order to change: long polls (`Prefer: wait=N`) park here.

A change is announced after its transaction commits: in this process through the session's
after-commit hook, and, on PostgreSQL, to every other API process through NOTIFY, which the
database delivers at commit and a listener per process relays here. A parked request holds
no database connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Iterator

import psycopg
from sqlalchemy import event, text
from sqlalchemy.orm import Session as SyncSession
from sqlmodel.ext.asyncio.session import AsyncSession

log = logging.getLogger(__name__)
CHANNEL = "xt_order_changes"
_PENDING = "changed_orders"


class ChangeHub:
    def __init__(self) -> None:
        self._waiters: dict[str, set[asyncio.Event]] = defaultdict(set)

    @contextlib.contextmanager
    def watch(self, order_id: str) -> Iterator[asyncio.Event]:
        """Subscribe before reading the order, so no change can slip between the two."""
        changed = asyncio.Event()
        self._waiters[order_id].add(changed)
        try:
            yield changed
        finally:
            self._waiters[order_id].discard(changed)
            if not self._waiters[order_id]:
                del self._waiters[order_id]

    def notify(self, order_id: str) -> None:
        for changed in self._waiters.get(order_id, ()):
            changed.set()


HUB = ChangeHub()


async def announce(session: AsyncSession, order_id: str) -> None:
    """Mark the order changed; it is announced once the transaction commits."""
    session.sync_session.info.setdefault(_PENDING, set()).add(order_id)
    if session.get_bind().dialect.name == "postgresql":
        await session.exec(
            text("SELECT pg_notify(:channel, :id)").bindparams(channel=CHANNEL, id=order_id)
        )  # type: ignore[call-overload]


@event.listens_for(SyncSession, "after_commit")
def _after_commit(session: SyncSession) -> None:
    for order_id in session.info.pop(_PENDING, ()):
        HUB.notify(order_id)


@event.listens_for(SyncSession, "after_rollback")
def _after_rollback(session: SyncSession) -> None:
    session.info.pop(_PENDING, None)


async def relay_notifications(dsn: str, stop: asyncio.Event) -> None:
    """LISTEN on PostgreSQL and pass other processes' changes to this process's waiters."""
    while not stop.is_set():
        try:
            async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
                await conn.execute(f"LISTEN {CHANNEL}")
                while not stop.is_set():
                    async for note in conn.notifies(timeout=1.0):
                        HUB.notify(note.payload)
        except (psycopg.Error, OSError) as error:
            log.warning("change listener lost its connection (%s); reconnecting", error)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 1.0)
