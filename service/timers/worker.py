"""The worker: fires due timers, checks videos, pays out withdrawals, numbers events, in a
loop; and, in tasks of their own beside that loop, sends webhooks (`service.webhooks.sender`),
so that no receiver, however slow, holds up anything else.

Run as many as you like (`python -m service worker`): they share the work through row
locks. SIGTERM or SIGINT lets the batch in hand finish; a worker killed outright loses
nothing, because each batch is one transaction that the database rolls back and unlocks.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass, field
from datetime import datetime

import statemachine as sm
from service.api.idempotency import forget_expired
from service.clock import Clock, OffsetClock
from service.config import Settings
from service.db import Database
from service.events.emit import assign_sequences
from service.money.withdrawals import process_unfinished
from service.ports.payments import PayoutProvider
from service.ports.video import VideoPlatformFactory
from service.timers.models import clock_offset
from service.timers.sweeps import check_videos, fire_due_timers
from service.webhooks.delivery import fan_out
from service.webhooks.sender import Deliveries

log = logging.getLogger(__name__)


@dataclass
class Pass:
    timers: int = 0
    videos: int = 0
    withdrawals: int = 0
    events: int = 0

    @property
    def busy(self) -> bool:
        return bool(self.timers or self.videos)


@dataclass
class Worker:
    database: Database
    settings: Settings
    clock: Clock
    platforms: VideoPlatformFactory
    payouts: PayoutProvider
    machine: sm.OrderMachine = sm.ORDER_MACHINE
    batches: int = field(default=0)
    deliveries: Deliveries = field(init=False)

    def __post_init__(self) -> None:
        self.deliveries = Deliveries(self.database, self.settings, self.effective_now)

    async def effective_now(self) -> datetime:
        return (await self.effective_clock()).now()

    async def effective_clock(self) -> Clock:
        """The service's clock; in dev mode, moved by the test clock, as requests see it."""
        if not self.settings.dev_mode:
            return self.clock
        async with self.database.session() as session:
            return OffsetClock(self.clock, await clock_offset(session))

    async def run_once(self) -> Pass:
        """One pass: a batch of due timers and a batch of video checks, then payouts, event
        numbers and the fan-out to webhook endpoints; sending is `deliveries`' part."""
        clock = await self.effective_clock()
        now = clock.now()
        size = self.settings.worker_batch_size
        done = Pass()
        sweep = (self.database, now, self.settings, self.platforms, size)
        done.videos = await check_videos(*sweep, machine=self.machine)
        done.timers = await fire_due_timers(*sweep, machine=self.machine)
        done.withdrawals = await process_unfinished(self.database, self.payouts, clock)
        done.events = await assign_sequences(self.database)
        await fan_out(self.database, now)
        async with self.database.session() as session:
            await forget_expired(session, self.clock.now())
        self.batches += 1
        return done

    async def run_until_idle(self) -> Pass:
        """Passes until nothing is due: what the test clock runs after moving time."""
        total = Pass()
        while True:
            done = await self.run_once()
            total.timers += done.timers
            total.videos += done.videos
            total.withdrawals += done.withdrawals
            if not done.busy:
                return total

    async def deliver_due(self) -> int:
        """Send the webhooks due now and wait for them (tests, `worker --until-idle`)."""
        return await self.deliveries.deliver_due()

    async def run(self, stop: asyncio.Event) -> None:
        log.info("worker started")
        sending = asyncio.create_task(self.deliveries.run(stop))
        try:
            while not stop.is_set():
                try:
                    done = await self.run_once()
                except Exception:  # a bad pass must not end the loop; the next one retries
                    log.exception("worker pass failed")
                    done = Pass()
                if not done.busy:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), self.settings.worker_poll_seconds)
        finally:
            if not stop.is_set():  # cancelled: the sender goes too
                sending.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sending
        log.info("worker stopped")


async def serve_forever(worker: Worker) -> None:
    """Run until SIGTERM or SIGINT, finishing the pass in hand."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await worker.run(stop)
