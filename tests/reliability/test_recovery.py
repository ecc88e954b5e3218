"""Recovery and start-up races that the soak and crash runs found, pinned down here
deterministically:

- several API processes starting at once with the same XT_BOOTSTRAP_OPS_KEY all come up,
  and one ops party holds the key (both databases);
- a test-clock advance whose sweep failed (a deadlock in it, or the process killed during
  it) is sent again with its Idempotency-Key: the clock moves once, and the retry fires what
  the failed sweep left (both databases);
- concurrent test-clock advances add up, and no two report the same time (both databases);
- two changes at once of a video that the simulated platform has not seen yet both succeed
  (both databases);
- two workers' batches that post to the same brands in opposite order do not deadlock
  (PostgreSQL: a trigger slows every balance update down, so that both batches hold their
  first brand's account before either asks for its second).
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import httpx
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from service.app import bootstrap, create_app
from service.clock import ManualClock
from service.config import Settings
from service.db import Database
from service.parties.keys import hash_key
from service.ports.payments import SimulatedPayoutProvider
from service.timers.worker import Pass, Worker
from service.videos.models import SimulatedVideo
from service.videos.simulator import set_video, simulated
from statemachine import VideoStatus
from tests.conftest import START
from tests.factories import OPS_KEY, Api, make_brand, make_creator, make_order, ok

HOUR = 3600


async def test_api_processes_starting_together_all_come_up(database: Database) -> None:
    """Each API process runs the bootstrap at start-up; started together on a database that
    has not seen the key yet, every one of them must start, and one ops party hold the key."""
    key = f"ops-key-{uuid.uuid4().hex}"
    databases = [Database(database.url) for _ in range(4)]
    try:
        apps = [
            create_app(
                Settings(database_url=database.url, bootstrap_ops_key=key),
                database=db,
                clock=ManualClock(START),
            )
            for db in databases
        ]
        outcomes = await asyncio.gather(*(bootstrap(app) for app in apps), return_exceptions=True)
    finally:
        for db in databases:
            await db.dispose()
    failed = [repr(o)[:300] for o in outcomes if isinstance(o, BaseException)]
    assert failed == [], f"{len(failed)} of 4 processes failed to start: {failed}"
    async with database.engine.connect() as connection:
        holders = await connection.execute(
            text("SELECT COUNT(*) FROM api_keys WHERE key_hash = :h"), {"h": hash_key(key)}
        )
        assert holders.scalar_one() == 1


async def test_a_clock_advance_whose_sweep_failed_is_finished_by_its_retry(dev_api: Api) -> None:
    api = dev_api
    brand, creator = await make_brand(api), await make_creator(api)
    order = await make_order(api, brand, creator)  # expires 24 hours from now
    worker = api.app.state.worker
    sweep = worker.run_until_idle

    async def deadlocked() -> Pass:  # what PostgreSQL did to the soak's sweeps
        raise OperationalError("UPDATE accounts …", {}, Exception("deadlock detected"))

    headers = {**api.ops, "Idempotency-Key": "advance-a-day-and-an-hour"}
    body = {"advance_seconds": 25 * HOUR}
    worker.run_until_idle = deadlocked
    try:
        first = await api.client.post("/v1/dev/clock", json=body, headers=headers)
    finally:
        worker.run_until_idle = sweep
    assert ok(first, 503)["code"] == "database_busy"  # the problem says: retry
    path = f"/v1/orders/{order['id']}"
    assert ok(await api.client.get(path, headers=brand.auth))["state"] == "requested"

    retry = await api.client.post("/v1/dev/clock", json=body, headers=headers)
    assert ok(retry)["offset_seconds"] == 25 * HOUR
    assert retry.headers.get("idempotent-replayed") == "true"
    assert ok(await api.client.get(path, headers=brand.auth))["state"] == "refunded"
    later = await api.client.post("/v1/dev/clock", json={"advance_seconds": 1}, headers=api.ops)
    assert ok(later)["offset_seconds"] == 25 * HOUR + 1, "the retry moved the clock again"


async def test_concurrent_clock_advances_add_up(dev_api: Api) -> None:
    api = dev_api
    steps = [60 * (i + 1) for i in range(8)]
    responses = await asyncio.gather(
        *(
            api.client.post("/v1/dev/clock", json={"advance_seconds": s}, headers=api.ops)
            for s in steps
        )
    )
    refused = [f"{r.status_code} {r.text[:150]}" for r in responses if r.status_code != 200]
    assert refused == [], f"of {len(steps)} concurrent advances {len(refused)} failed"
    final = await api.client.post("/v1/dev/clock", json={"advance_seconds": 1}, headers=api.ops)
    assert ok(final)["offset_seconds"] == sum(steps) + 1, "an advance was lost"
    seen = sorted(r.json()["offset_seconds"] for r in responses)
    assert len(set(seen)) == len(seen), f"two advances reported the same time: {seen}"


async def waiting_for_a_lock(database: Database) -> None:
    """Return once another connection of this database waits for a lock (PostgreSQL)."""
    for _ in range(500):
        async with database.engine.connect() as connection:
            waiting = await connection.execute(
                text(
                    """SELECT COUNT(*) FROM pg_stat_activity
                       WHERE datname = current_database() AND wait_event_type = 'Lock'"""
                )
            )
            if waiting.scalar_one():
                return
        await asyncio.sleep(0.02)
    raise AssertionError("the second change never waited for the first")


async def test_two_changes_of_a_new_video_at_once_both_succeed(database: Database) -> None:
    """Two changes of a video the simulated platform has not seen yet: neither finds it, and
    the second must wait for the first and then change it, not fail on its primary key."""
    url = "https://www.douyin.com/@lily/video/7301"
    async with database.sessions() as first, database.sessions() as second:
        await set_video(first, url, VideoStatus.REMOVED, START)  # not committed yet
        racing = asyncio.create_task(
            set_video(second, url, VideoStatus.PRIVATE, START, {"plays": 5})
        )
        if not database.is_sqlite:  # SQLite runs one writer at a time anyway
            await waiting_for_a_lock(database)
        await first.commit()
        await racing
        await second.commit()
    async with database.sessions() as session:
        video = await session.get(SimulatedVideo, url)
    assert video is not None and (video.status, video.plays) == (VideoStatus.PRIVATE, 5)


SLOW_BALANCE_UPDATES = """
CREATE FUNCTION slow_balance_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_sleep(0.3);
    RETURN NEW;
END $$;
CREATE TRIGGER slow_balance_update BEFORE UPDATE ON accounts
    FOR EACH ROW EXECUTE FUNCTION slow_balance_update();
"""


async def test_two_timer_batches_side_by_side_do_not_deadlock(fresh_postgres_url: str) -> None:
    """What the soak's deadlocks came down to. Four orders expire in this order: A1 (brand
    X), A2 (brand Y), B1 (brand Y), B2 (brand X). Two workers with batches of two claim A1, A2
    and B1, B2, and refund them side by side: one batch posts to X then Y, the other to Y then
    X. "Accounts are locked in id order, so postings cannot deadlock" holds for one posting;
    a batch of postings in one transaction must take all of its accounts in that order too."""
    database = Database(fresh_postgres_url)
    clock = ManualClock(START)
    settings = Settings(database_url=fresh_postgres_url, bootstrap_ops_key=OPS_KEY)
    app = create_app(settings, database=database, clock=clock)
    try:
        await bootstrap(app)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://setup") as client:
            api = Api(
                client=client, clock=clock, payouts=app.state.payouts, app=app, database=database
            )
            x, y = await make_brand(api, "X"), await make_brand(api, "Y")
            creator = await make_creator(api)
            orders = []
            for brand in (x, y, y, x):  # A1, A2, B1, B2, due in this order
                orders.append((await make_order(api, brand, creator))["id"])
                clock.advance(timedelta(seconds=1))
        async with database.engine.begin() as connection:
            await connection.exec_driver_sql(SLOW_BALANCE_UPDATES)
    finally:
        await database.dispose()

    later = ManualClock(START + timedelta(hours=25))
    batch_of_two = settings.model_copy(update={"worker_batch_size": 2})
    databases = [Database(fresh_postgres_url) for _ in range(2)]
    workers = [
        Worker(db, batch_of_two, later, simulated, SimulatedPayoutProvider()) for db in databases
    ]
    try:
        passes = await asyncio.gather(*(w.run_once() for w in workers), return_exceptions=True)
        async with databases[0].engine.connect() as connection:
            expired = await connection.execute(
                text("SELECT order_id FROM order_history WHERE trigger = 'expire' ORDER BY 1")
            )
            fired = [row[0] for row in expired]
    finally:
        for db in databases:
            await db.dispose()
    errors = [repr(p)[:400] for p in passes if isinstance(p, BaseException)]
    assert errors == [], f"a worker pass failed: {errors}"
    assert [p.timers for p in passes if isinstance(p, Pass)] == [2, 2]
    assert fired == sorted(orders), "each due order expires exactly once, in the first passes"
