"""Sending webhook deliveries: tasks of their own, apart from everything else the worker does.

A receiver may answer slowly, or trickle its answer a byte at a time; nothing else waits for
it. `Deliveries.run` keeps up to `XT_WEBHOOK_CONCURRENCY` attempts in flight in a process,
at most `XT_WEBHOOK_CONCURRENCY_PER_ENDPOINT` per endpoint, each a task of its own with a
total deadline (`XT_WEBHOOK_TIMEOUT_SECONDS` for resolving, connecting, sending and the
whole answer together), and records each outcome as it comes. Event sequencing, timers,
video checks, payouts and the test clock's sweep run in the worker's loop, which never
awaits a delivery.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta

import httpx

from service.config import Settings
from service.db import Database
from service.webhooks import destinations
from service.webhooks.delivery import Job, Outcome, claim, record
from service.webhooks.signing import headers

log = logging.getLogger(__name__)


class _WithoutQuery(logging.Filter):
    """httpx logs every request's full URL at INFO: show it without the query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(isinstance(a, httpx.URL) for a in record.args):
            record.args = tuple(
                destinations.without_query(str(a)) if isinstance(a, httpx.URL) else a
                for a in record.args
            )
        return True


logging.getLogger("httpx").addFilter(_WithoutQuery())


async def _post_pinned(
    client: httpx.AsyncClient,
    destination: destinations.Destination,
    body: bytes,
    signed: dict[str, str],
) -> httpx.Response:
    """POST to the first of the checked addresses that accepts a connection."""
    for n, address in enumerate(destination.addresses):
        url, host, extensions = destination.request_to(address)
        try:
            return await client.post(
                url, content=body, headers={**signed, **host}, extensions=extensions
            )
        except httpx.ConnectError:
            if n == len(destination.addresses) - 1:
                raise
    raise AssertionError("a destination has at least one address")


async def send(client: httpx.AsyncClient, job: Job, now: datetime, settings: Settings) -> Outcome:
    """One attempt, within its total deadline: resolve and check, connect, send, read the
    whole answer."""
    started = time.monotonic()
    deadline = settings.webhook_timeout_seconds
    try:
        async with asyncio.timeout(deadline):
            destination = await destinations.resolve(job.url, allow_internal=settings.dev_mode)
            signed = headers(job.secret, job.message_id, int(now.timestamp()), job.body)
            response = await _post_pinned(client, destination, job.body, signed)
        status, error = (
            response.status_code,
            None if response.is_success else f"HTTP {response.status_code}",
        )
    except TimeoutError:
        status, error = None, f"no complete answer within {deadline:g} s"
    except (httpx.HTTPError, destinations.Refused) as failure:
        status, error = None, f"{type(failure).__name__}: {failure}"[:500]
    took = int((time.monotonic() - started) * 1000)
    shown = destinations.without_query(job.url)
    log.info("webhook %s to %s: %s in %d ms", job.message_id, shown, error or status, took)
    return Outcome(job, status, error, took)


class Deliveries:
    """The sender of one process. `now` gives the service's time (the test clock's in dev
    mode); `transport` replaces the network (the simulation's receiver)."""

    def __init__(
        self,
        database: Database,
        settings: Settings,
        now: Callable[[], Awaitable[datetime]],
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.database, self.settings, self.now = database, settings, now
        self.transport = transport

    @contextlib.asynccontextmanager
    async def _client(self) -> AsyncIterator[httpx.AsyncClient]:
        # No connection is kept: each is made for one checked address and one host name.
        limits = httpx.Limits(
            max_connections=self.settings.webhook_concurrency, max_keepalive_connections=0
        )
        async with httpx.AsyncClient(
            timeout=httpx.Timeout(self.settings.webhook_timeout_seconds),
            follow_redirects=False, limits=limits, trust_env=False, transport=self.transport,
        ) as client:  # fmt: skip
            yield client

    async def _claim(self, now: datetime, limit: int, busy: Counter[str]) -> list[Job]:
        per_endpoint = self.settings.webhook_concurrency_per_endpoint
        return await claim(self.database, now, limit, busy, per_endpoint)

    async def deliver_due(self) -> int:
        """Send everything due now and wait for every attempt (tests, `worker --until-idle`);
        returns how many attempts were made."""
        attempted = 0
        async with self._client() as client:
            while True:
                now = await self.now()
                jobs = await self._claim(now, self.settings.webhook_concurrency, Counter())
                if not jobs:
                    return attempted
                await asyncio.gather(*(self._attempt(client, job, now) for job in jobs))
                attempted += len(jobs)

    async def run(self, stop: asyncio.Event) -> None:
        """Until `stop`: keep attempts in flight as they fall due, each in its own task.
        Attempts still in flight at the stop are abandoned; their leases run out and they
        are sent again."""
        in_flight: set[asyncio.Task[None]] = set()
        busy: Counter[str] = Counter()
        async with self._client() as client:
            try:
                while not stop.is_set():
                    started = await self._start_due(client, in_flight, busy)
                    if not started:
                        await _first_of(stop, in_flight, self.settings.worker_poll_seconds)
            finally:
                for task in in_flight:
                    task.cancel()
                await asyncio.gather(*in_flight, return_exceptions=True)

    async def _start_due(
        self, client: httpx.AsyncClient, in_flight: set[asyncio.Task[None]], busy: Counter[str]
    ) -> int:
        free = self.settings.webhook_concurrency - len(in_flight)
        if free <= 0:
            return 0
        try:
            now = await self.now()
            jobs = await self._claim(now, free, busy)
        except Exception:  # the database hiccuped: the next round retries
            log.exception("claiming webhook deliveries failed")
            return 0
        for job in jobs:
            busy[job.endpoint_id] += 1
            task = asyncio.create_task(self._attempt(client, job, now))
            in_flight.add(task)

            def done(task: asyncio.Task[None], endpoint: str = job.endpoint_id) -> None:
                in_flight.discard(task)
                busy[endpoint] -= 1
                if busy[endpoint] <= 0:
                    del busy[endpoint]

            task.add_done_callback(done)
        return len(jobs)

    async def _attempt(self, client: httpx.AsyncClient, job: Job, now: datetime) -> None:
        outcome = await send(client, job, now, self.settings)
        finished = now + timedelta(milliseconds=outcome.duration_ms)
        try:
            await record(self.database, [outcome], finished, self.settings)
        except Exception:  # unrecorded: the lease runs out and the delivery is sent again
            log.exception("recording webhook delivery %s failed", job.delivery_id)


async def _first_of(stop: asyncio.Event, in_flight: set[asyncio.Task[None]], most: float) -> None:
    """Wait until `stop`, an attempt finishes (a slot is free) or `most` seconds pass."""
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({stopped, *in_flight}, timeout=most, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
