"""Who is waiting for which order to change: long polls (`Prefer: wait=N`) park here.

A change is announced after its transaction commits: in this process once the outermost
transaction commits (`service.aftercommit`), and, on PostgreSQL, to every other API process
through NOTIFY, which the database delivers at commit and a listener per process relays
here. A parked request holds no database connection. The same announcements keep the
per-process caches (`service.api.caches`) true: a changed order, a revoked API key.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import psycopg
from sqlalchemy import func, text
from sqlmodel.ext.asyncio.session import AsyncSession

from service.aftercommit import defer, on_commit
from service.api.caches import ProcessCache, forget_everywhere

log = logging.getLogger(__name__)
CHANNEL = "xt_order_changes"
KEYS_CHANNEL = "xt_key_revocations"
_ORDERS = "changed_orders"
_KEYS = "revoked_keys"


T = TypeVar("T")


class ChangeHub:
    def __init__(self) -> None:
        self._waiters: dict[str, set[asyncio.Event]] = defaultdict(set)
        self._changes: dict[str, int] = defaultdict(int)  # watched orders: changes heard
        self._reads: dict[tuple[str, int], asyncio.Future[Any]] = {}

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
                self._changes.pop(order_id, None)

    def waiting(self, order_id: str) -> int:
        """How many requests wait for the order to change."""
        return len(self._waiters.get(order_id, ()))

    def notify(self, order_id: str) -> None:
        forget_everywhere("order", order_id)
        for stale in [key for key in self._reads if key[0] == order_id]:
            del self._reads[stale]  # begun before this change: no later request joins it
        waiting = self._waiters.get(order_id)
        if waiting:
            self._changes[order_id] += 1
            for changed in waiting:
                changed.set()

    async def read_once(self, order_id: str, read: Callable[[], Awaitable[T]]) -> T:
        """`read()` the order, sharing one read with every request of this process that asks
        between the same two changes: the requests a change wakes read it once, not once
        each. A read begun before a change never answers a request that asks after it."""
        key = (order_id, self._changes.get(order_id, 0))
        shared = self._reads.get(key)
        if shared is None:
            shared = self._reads[key] = asyncio.ensure_future(read())

            def forget(done: asyncio.Future[Any]) -> None:
                self._reads.pop(key, None)
                if not done.cancelled():
                    done.exception()  # retrieved: each caller has it raised

            shared.add_done_callback(forget)
        result: T = await asyncio.shield(shared)  # one caller going away cancels no one's
        return result


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


class _Silent(Exception):
    """The link did not prove itself alive."""


LISTENER_NAME = "xt change listener"  # its application_name in pg_stat_activity


@dataclass(frozen=True)
class Liveness:
    """How the listener proves its link alive: a round trip through its own connection every
    `every` seconds, answered within `deadline`. Caches are trusted for `every + deadline`
    after each answer: the worst-case staleness after the link silently dies."""

    every: float  # (their defaults are settings: XT_LISTENER_PROBE_*)
    deadline: float

    @property
    def window(self) -> float:
        return self.every + self.deadline


async def relay_notifications(
    dsn: str,
    stop: asyncio.Event,
    caches: tuple[ProcessCache[object], ...],
    liveness: Liveness,
) -> None:
    """LISTEN on PostgreSQL and pass other processes' changes to this process's waiters and
    caches. The caches are trusted only while the link is known to be alive: each round trip
    through it (`_probe`) renews their trust for `liveness.window`; a round trip that fails or
    misses its deadline drops them and the connection, and they are trusted again, emptied,
    once a new connection LISTENs."""
    while not stop.is_set():
        conn: psycopg.AsyncConnection[Any] | None = None
        try:
            conn = await _connect(dsn, liveness)
            await _renew(caches, liveness, first=True)
            while not stop.is_set():
                async for note in conn.notifies(timeout=liveness.every):
                    if note.channel == KEYS_CHANNEL:
                        forget_everywhere("key", note.payload)
                    else:
                        HUB.notify(note.payload)
                    if stop.is_set():
                        break
                if stop.is_set():
                    break
                if not await _probe(conn, liveness):
                    raise _Silent(f"no answer through the link within {liveness.deadline:g} s")
                await _renew(caches, liveness)
        except (psycopg.Error, OSError, TimeoutError, _Silent) as error:
            for cache in caches:
                cache.set_live(False)
            reason = f"{type(error).__name__}: {error}".rstrip(": ")
            log.warning("change listener lost its connection (%s); reconnecting", reason)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 1.0)
        finally:
            for cache in caches:
                cache.set_live(False)
            if conn is not None:
                await _abandon(conn)


async def _connect(dsn: str, liveness: Liveness) -> psycopg.AsyncConnection[Any]:
    """A new connection that LISTENs, within the deadline; like `_probe`, the LISTEN runs in
    a task that is never cancelled (a cancel would wait on a dead link): on the deadline the
    socket is shut down instead."""
    conn = await asyncio.wait_for(
        psycopg.AsyncConnection.connect(
            dsn, autocommit=True, application_name=LISTENER_NAME,
            connect_timeout=max(2, int(liveness.window)),
        ),
        liveness.window,
    )  # fmt: skip
    listening = asyncio.create_task(_listen(conn))
    done, _ = await asyncio.wait({listening}, timeout=liveness.deadline)
    if not done:
        _shut(conn)
        listening.add_done_callback(_quietly)
        await _abandon(conn)
        raise _Silent(f"no answer to LISTEN within {liveness.deadline:g} s")
    if (failed := listening.exception()) is not None:
        await _abandon(conn)
        raise failed
    return conn


async def _listen(conn: psycopg.AsyncConnection[Any]) -> None:
    await conn.execute(f"LISTEN {CHANNEL}")
    await conn.execute(f"LISTEN {KEYS_CHANNEL}")


async def _renew(
    caches: tuple[ProcessCache[object], ...], liveness: Liveness, *, first: bool = False
) -> None:
    until = time.monotonic() + liveness.window
    for cache in caches:
        if first:
            cache.set_live(True)  # emptied: changes made while not listening were not heard
        cache.trust_until(until)


async def _probe(conn: psycopg.AsyncConnection[Any], liveness: Liveness) -> bool:
    """A round trip through the listener's own connection: does the session still LISTEN on
    both channels, answered within the deadline? The query runs in a task of its own, which
    is never cancelled: cancelling a query on a half-open link waits on that link."""
    asked = asyncio.create_task(conn.execute("SELECT pg_listening_channels()"))
    done, _ = await asyncio.wait({asked}, timeout=liveness.deadline)
    if not done:
        _shut(conn)  # the task now fails at once, on a closed socket
        asked.add_done_callback(_quietly)
        return False
    cursor = asked.result()
    channels = {row[0] for row in await cursor.fetchall()}
    return {CHANNEL, KEYS_CHANNEL} <= channels


def _quietly(task: asyncio.Task[Any]) -> None:
    if not task.cancelled():
        task.exception()  # retrieved, so asyncio does not log it


def _shut(conn: psycopg.AsyncConnection[Any]) -> None:
    """Shut the connection's socket down without closing its descriptor (libpq owns it):
    whatever waits on it wakes up with an error, and nothing waits on the dead link."""
    with contextlib.suppress(Exception):
        sock = socket.socket(fileno=conn.pgconn.socket)
        try:
            sock.shutdown(socket.SHUT_RDWR)
        finally:
            sock.detach()


async def _abandon(conn: psycopg.AsyncConnection[Any]) -> None:
    """Close without waiting on the link: shut the socket first, then free the connection."""
    _shut(conn)
    with contextlib.suppress(Exception):
        await asyncio.wait_for(conn.close(), 1.0)
