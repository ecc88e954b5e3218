"""Who is waiting for which order to change: long polls (`Prefer: wait=N`) park here.

A change is announced after its transaction commits: in this process once the outermost
transaction commits (`service.aftercommit`), and, on PostgreSQL, to every other API process
through NOTIFY, which the database delivers at commit and a listener per process relays
here. A parked request holds no database connection. The same announcements keep the
per-process caches (`service.integrator.caches`) true: a changed order, a revoked API key.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import psycopg
from sqlalchemy import func, text
from sqlmodel.ext.asyncio.session import AsyncSession

from service.aftercommit import defer, on_commit
from service.integrator.caches import ProcessCache, forget_everywhere

log = logging.getLogger(__name__)
CHANNEL = "xt_order_changes"
KEYS_CHANNEL = "xt_key_revocations"
_ORDERS = "changed_orders"
_KEYS = "revoked_keys"


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
        forget_everywhere("order", order_id)
        for changed in self._waiters.get(order_id, ()):
            changed.set()


HUB = ChangeHub()


def notify_changed(order_id: Any) -> Any:
    """A column expression that NOTIFYs the other processes that the order `order_id` (a
    column) changed: for the RETURNING of the statement that changes it, on PostgreSQL,
    saving a statement. `remember_changed` then tells this process, at commit."""
    return func.pg_notify(CHANNEL, order_id)


def remember_changed(session: AsyncSession, order_ids: list[str]) -> None:
    """`announce` for orders whose change already NOTIFYed the other processes."""
    defer(session, _ORDERS, order_ids)


async def _mark(session: AsyncSession, kind: str, channel: str, keys: list[str]) -> None:
    """Announce `keys` in this process after the commit, and NOTIFY them to the others, in
    one statement, one notification each; the database delivers them only if it commits."""
    defer(session, kind, keys)
    if keys and session.get_bind().dialect.name == "postgresql":
        await session.exec(
            text(
                "SELECT pg_notify(:channel, key) FROM unnest(CAST(:keys AS TEXT[])) AS key"
            ).bindparams(channel=channel, keys=keys)
        )  # type: ignore[call-overload]


async def announce(session: AsyncSession, order_id: str) -> None:
    """Mark the order changed; it is announced once the transaction commits."""
    await _mark(session, _ORDERS, CHANNEL, [order_id])


async def announce_many(session: AsyncSession, order_ids: list[str]) -> None:
    """`announce` for a batch: one statement, one notification per order."""
    await _mark(session, _ORDERS, CHANNEL, order_ids)


async def announce_key_revoked(session: AsyncSession, key_hash: str) -> None:
    """Mark an API key revoked; every process forgets its owner once the transaction commits."""
    await _mark(session, _KEYS, KEYS_CHANNEL, [key_hash])


@on_commit(_ORDERS)
def _orders_changed(order_ids: list[str]) -> None:
    for order_id in dict.fromkeys(order_ids):
        HUB.notify(order_id)


@on_commit(_KEYS)
def _keys_revoked(key_hashes: list[str]) -> None:
    for key_hash in dict.fromkeys(key_hashes):
        forget_everywhere("key", key_hash)


async def relay_notifications(
    dsn: str, stop: asyncio.Event, caches: tuple[ProcessCache[object], ...] = ()
) -> None:
    """LISTEN on PostgreSQL and pass other processes' changes to this process's waiters and
    caches; the caches are trusted only while listening."""
    while not stop.is_set():
        try:
            async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
                await conn.execute(f"LISTEN {CHANNEL}")
                await conn.execute(f"LISTEN {KEYS_CHANNEL}")
                for cache in caches:
                    cache.set_live(True)
                while not stop.is_set():
                    async for note in conn.notifies(timeout=1.0):
                        if note.channel == KEYS_CHANNEL:
                            forget_everywhere("key", note.payload)
                        else:
                            HUB.notify(note.payload)
        except (psycopg.Error, OSError) as error:
            log.warning("change listener lost its connection (%s); reconnecting", error)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 1.0)
        finally:
            for cache in caches:
                cache.set_live(False)
