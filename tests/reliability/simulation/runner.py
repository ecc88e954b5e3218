"""Running the simulation: steps drawn by weight from `Actions.ACTIONS`, the checks after
each, the finish (the clock runs on until every order is final and every webhook delivered),
and `simulate`, which does all of it on a fresh SQLite database."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

from service.db import Database
from tests.databases import migrate, sqlite_database
from tests.reliability.invariants import FINAL, fired_triggers
from tests.reliability.simulation.actions import Actions
from tests.reliability.simulation.checks import Checks
from tests.reliability.simulation.outside import webhooks_to

READ_ONLY = {"jump", "read"}  # actions that cannot write: no per-step check after them


class Simulation(Actions, Checks):
    async def run(self, steps: int) -> list[str]:
        with webhooks_to(self.app, self.receiver):
            await self.setup()
            await self.check_step()
            names = [name for name, _ in self.ACTIONS]
            weights = [weight for _, weight in self.ACTIONS]
            for number in range(steps):
                self.step_no = number
                action: Callable[[], Awaitable[str]] = getattr(
                    self, self.rng.choices(names, weights)[0]
                )
                self.log.append(f"{number:05d} {await action()}")
                if action.__name__ not in READ_ONLY:
                    await self.check_step()
                if number % 100 == 99:
                    await self.check_all()
            self.step_no = steps
            await self.finish()
        return self.log

    async def ops_decide(self) -> None:
        """What no timer ends, ops end: a dispute (resolved), a review handed to them
        (approved)."""
        waiting = self.peek(
            """SELECT id, stage, dispute_opened_at IS NOT NULL FROM orders
               WHERE state IN ('accepted', 'published', 'retained')
                 AND (dispute_opened_at IS NOT NULL OR review_escalated)"""
        )
        for order_id, stage, disputed in waiting:
            if disputed:
                trigger, body = "resolve_dispute", {"refund_bps": 5_000}
            else:
                trigger, body = f"approve_{stage.split('_')[0]}", {}
            response = await self.call(
                "POST", f"/v1/orders/{order_id}/{trigger}", self.ops, {"reason": "sim", **body}
            )
            if response.status_code != 200:
                raise self.fail(f"ops {trigger}: {response.status_code} {response.text}")
            await self.check_step()

    async def finish(self) -> None:
        """Run the clock on until every order is final and every webhook has been
        delivered (or given up on), then compare the receiver's view with the orders."""
        for _ in range(12):
            await self.ops_decide()
            self.clock.advance(timedelta(days=4))
            await self.app.state.worker.run_until_idle()
            await self.network()
            await self.check_step()
        open_ = [o.alias for o in self.orders if o.state not in FINAL]
        if open_:
            raise self.fail(f"orders never final: {open_[:10]}")
        for _ in range(200):
            done = await self.app.state.worker.run_once()
            await self.app.state.worker.deliver_due()
            await self.network()
            pending = self.peek("SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'pending'")
            pending = pending[0][0]
            if not pending and not done.events and not self.receiver.inbox:
                break
            self.clock.advance(timedelta(minutes=30))
        await self.check_step()
        await self.check_all()
        wanted, failed = await self.check_webhooks()
        states = sorted(Counter(o.state for o in self.orders).items())
        self.log.append(
            f"end: orders {states}; the brand's {wanted} events: {len(self.receiver.seen)} "
            f"received in {self.receiver.calls} calls, {failed} given up, "
            f"{self.receiver.duplicates} duplicates dropped"
        )


def fast_sqlite(database: Database) -> None:
    """No fsync: the simulation's database is thrown away (the engine is the test's own)."""

    @event.listens_for(database.engine.sync_engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()


@contextlib.asynccontextmanager
async def fresh_sqlite(folder: Path) -> AsyncIterator[Database]:
    with sqlite_database(folder) as url:
        migrate(url)
        database = Database(url)
        fast_sqlite(database)
        try:
            yield database
        finally:
            await database.dispose()


def write_log(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n")


@dataclass
class Outcome:
    log: list[str]
    fired: dict[str, int]  # how often each trigger appears in the histories


async def simulate(seed: int, steps: int, folder: Path, log: Path | None = None) -> Outcome:
    """Run the simulation on a fresh SQLite database in `folder`; the step log is written to
    `log` as well, whether the run passes or fails."""
    async with fresh_sqlite(folder) as database:
        simulation = Simulation(seed, database)
        try:
            await simulation.run(steps)
            return Outcome(simulation.log, await fired_triggers(database))
        finally:
            await simulation.client.aclose()
            simulation.reader.close()
            if log is not None:
                write_log(log, simulation.log)
