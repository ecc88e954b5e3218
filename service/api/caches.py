"""Per-process caches for the hottest reads: which party an API key belongs to, and which
version an order is at (and its representation), so that a poll whose ETag still matches
answers 304, and a read of a known order answers 200, without a query.

A cache is trusted only while its process hears every change. On PostgreSQL the change
listener (`service.api.changes.relay_notifications`) makes the caches live while its
link is known to be alive (each round trip through it renews their trust for a few
seconds, `trust_until`) and clears them whenever it connects or loses the connection; without a
listener (SQLite, or a process that does not run one) they stay off and every read goes to
the database. A change forgets its entry once committed: in this process through the
session's after-commit hook, in the others through NOTIFY. A read that raced a change never
stores what it read: take `begin()` before reading, pass it to `put` afterwards, and a
change in between wins.
"""

from __future__ import annotations

import math
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

V = TypeVar("V")
_CACHES: weakref.WeakSet[ProcessCache[object]] = weakref.WeakSet()


class ProcessCache(Generic[V]):
    def __init__(self, kind: str, size: int = 100_000, remembered: int = 10_000) -> None:
        self.kind = kind
        self._size, self._remembered = size, remembered
        self._entries: OrderedDict[str, V] = OrderedDict()
        self._forgotten: OrderedDict[str, int] = OrderedDict()  # key → change number
        self._changes = 0  # how many changes this cache has heard of
        self._floor = 0  # reads begun before this change number may not store
        self.live = False
        self._trusted_until = math.inf  # monotonic time: the listener renews it
        _CACHES.add(self)  # type: ignore[arg-type]

    def begin(self) -> int:
        return self._changes

    @property
    def trusted(self) -> bool:
        return self.live and time.monotonic() < self._trusted_until

    def get(self, key: str) -> V | None:
        return self._entries.get(key) if self.trusted else None

    def put(self, key: str, value: V, since: int) -> None:
        if not self.trusted or since < self._floor or self._forgotten.get(key, 0) > since:
            return
        self._entries[key] = value
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)

    def forget(self, key: str) -> None:
        self._changes += 1
        self._entries.pop(key, None)
        self._forgotten[key] = self._changes
        self._forgotten.move_to_end(key)
        if len(self._forgotten) > self._remembered:
            _, dropped = self._forgotten.popitem(last=False)
            self._floor = max(self._floor, dropped)

    def set_live(self, live: bool) -> None:
        """Start or stop trusting the cache; either way, what it held is dropped."""
        self._changes += 1
        self._floor = self._changes
        self._entries.clear()
        self._forgotten.clear()
        self.live = live
        self._trusted_until = math.inf

    def trust_until(self, moment: float) -> None:
        """Trust the cache until `moment` (`time.monotonic()`), unless renewed: the listener
        renews it after each round trip that proves its link alive."""
        self._trusted_until = moment


def forget_everywhere(kind: str, key: str) -> None:
    """A committed change: every cache of `kind` in this process forgets `key`."""
    for cache in list(_CACHES):
        if cache.kind == kind:
            cache.forget(key)


@dataclass(frozen=True)
class OrderVersion:
    version: int
    brand_id: str
    creator_id: str
    body: bytes  # the order as `GET /v1/orders/{id}` sends it at this version


def order_versions(size: int) -> ProcessCache[OrderVersion]:
    return ProcessCache("order", size)


def key_owners() -> ProcessCache[Any]:
    """API key digest → the caller it authenticates (`service.deps.Caller`)."""
    return ProcessCache("key")
