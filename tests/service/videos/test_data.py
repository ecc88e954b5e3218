"""What recording the checks keeps: each order's latest counts and the project's sums by
day and by creator, which must stay the sums of the snapshots whatever order the checks
and the platform's pushes come in; and two batches sharing a project's rows never
deadlock."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlmodel import col, select

from service.app import create_app
from service.clock import ManualClock
from service.config import Settings
from service.orders.models import Order
from service.videos.data import day_of, record_snapshots
from service.videos.models import ProjectCreator, ProjectDay, VideoLatest, VideoSnapshot
from statemachine import Platform, VideoFacts, VideoStatus
from tests.conftest import START
from tests.factories import (
    OPS_KEY,
    Api,
    Creator,
    Party,
    fire,
    make_brand,
    make_creator,
    make_order,
    ok,
    set_video,
    video_url,
)

COUNTS = ("plays", "likes", "comments", "shares")


async def published(
    api: Api, brand: Party, creator: Creator, project: str | None, video: int
) -> str:
    order = await make_order(api, brand, creator, project_id=project)
    ok(await fire(api, order["id"], "accept", creator.auth))
    url = video_url(creator, video)
    ok(await fire(api, order["id"], "publish", creator.auth, video_url=url))
    return order["id"]  # type: ignore[no-any-return]


async def project(api: Api, brand: Party, name: str) -> str:
    created = await api.client.post("/v1/projects", json={"name": name}, headers=brand.auth)
    return ok(created, 201)["id"]  # type: ignore[no-any-return]


async def latest_of(api: Api) -> dict[str, tuple[datetime, int]]:
    """Each order's latest counts: when they were seen, and the plays."""
    async with api.database.session() as session:
        found = await session.exec(select(VideoLatest))
        return {v.order_id: (v.observed_at, v.plays) for v in found}


async def callback(api: Api, url: str, status: str, changed_at: datetime) -> None:
    """The platform pushes a status (signed as the platform signs it)."""
    when = changed_at.isoformat().replace("+00:00", "Z")
    body = json.dumps({"video_url": url, "status": status, "changed_at": when}).encode()
    stamp = str(int(api.clock.now().timestamp()))
    secret = api.app.state.settings.video_callback_secret.encode()
    digest = hmac.new(secret, stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    headers = {"X-Video-Signature": f"t={stamp},v1={digest}", "content-type": "application/json"}
    pushed = await api.client.post(
        "/v1/integrations/video-platform/callback", content=body, headers=headers
    )
    assert pushed.status_code == 202, pushed.text


async def kept_and_recomputed(
    api: Api, pushed: frozenset[tuple[str, datetime]] = frozenset()
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The sums as kept, and as recomputed from every snapshot of a check (`pushed`: the
    (order, time) of the platform's status pushes, which bring no counts): per project and
    day what each gained over the one before it (late ones, seen before a later one was
    recorded, gain nothing); per project and creator the latest counts of its orders."""
    async with api.database.session() as session:
        orders = {o.id: o for o in await session.exec(select(Order))}
        snapshots = list(await session.exec(select(VideoSnapshot).order_by(col(VideoSnapshot.id))))
        kept = {
            "days": {
                (d.project_id, d.day): (d.plays_gained, d.engagements_gained)
                for d in await session.exec(select(ProjectDay))
            },
            "creators": {
                (c.project_id, c.creator_id): (
                    c.videos, c.price_fen, *(getattr(c, n) for n in COUNTS)
                )
                for c in await session.exec(select(ProjectCreator))
            },
        }  # fmt: skip
        latest = {v.order_id: v for v in await session.exec(select(VideoLatest))}
    days: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
    last: dict[str, VideoSnapshot] = {}
    for snapshot in snapshots:  # in the order they were recorded
        if (snapshot.order_id, snapshot.observed_at) in pushed:
            continue
        before = last.get(snapshot.order_id)
        if before is not None and snapshot.observed_at < before.observed_at:
            continue  # a late push: kept among the snapshots only
        project_id = orders[snapshot.order_id].project_id
        if project_id is not None:
            day = days[project_id, day_of(snapshot.observed_at)]
            day[0] += snapshot.plays - (before.plays if before else 0)
            day[1] += sum(
                getattr(snapshot, n) - (getattr(before, n) if before else 0) for n in COUNTS[1:]
            )
        last[snapshot.order_id] = snapshot
    creators: dict[Any, list[int]] = defaultdict(lambda: [0] * 6)
    for order_id, snapshot in last.items():
        order = orders[order_id]
        assert {n: getattr(latest[order_id], n) for n in COUNTS} == {
            n: getattr(snapshot, n) for n in COUNTS
        }
        if order.project_id is None:
            continue
        sums = creators[order.project_id, order.creator_id]
        for i, amount in enumerate((1, order.price_fen, *(getattr(snapshot, n) for n in COUNTS))):
            sums[i] += amount
    recomputed = {
        "days": {key: tuple(value) for key, value in days.items()},
        "creators": {key: tuple(value) for key, value in creators.items()},
    }
    return kept, recomputed


async def test_the_sums_follow_checks_pushes_and_late_pushes(api: Api) -> None:
    brand = await make_brand(api, funds_fen=10**9)
    lily, bo = await make_creator(api, "莉莉"), await make_creator(api, "波波")
    first, second = await project(api, brand, "春季"), await project(api, brand, "夏季")
    ordered = [
        await published(api, brand, lily, first, 1),
        await published(api, brand, lily, first, 2),
        await published(api, brand, bo, first, 3),
        await published(api, brand, bo, second, 4),
        await published(api, brand, bo, None, 5),  # in no project: no sums
    ]
    await set_video(api, video_url(lily, 1), "live", plays=5_000, likes=300)
    for hours in (5, 20, 30):  # checks across Shanghai's midnight
        api.clock.advance(timedelta(hours=hours))
        await api.app.state.worker.run_until_idle()
    stamp = api.clock.now()
    before = await latest_of(api)
    late = stamp - timedelta(hours=10)
    await callback(api, video_url(bo, 3), "live", late)  # seen before the last check
    api.clock.advance(timedelta(minutes=1))
    hidden = api.clock.now()
    await callback(api, video_url(lily, 2), "private", hidden)
    assert await latest_of(api) == before  # a push brings no counts: nothing moves
    pushed = frozenset({(ordered[2], late), (ordered[1], hidden)})
    async with api.database.session() as session:
        private = (
            await session.exec(
                select(VideoSnapshot).where(col(VideoSnapshot.status) == VideoStatus.PRIVATE)
            )
        ).one()
    assert (private.order_id, private.observed_at) == (ordered[1], hidden)
    assert private.plays == before[ordered[1]][1] > 0  # with the last counts seen
    api.clock.advance(timedelta(days=1))  # a check after the pushes counts as any other
    await api.app.state.worker.run_until_idle()
    assert (await latest_of(api))[ordered[0]][0] == api.clock.now()
    kept, recomputed = await kept_and_recomputed(api, pushed)
    assert kept == recomputed
    assert {project_id for project_id, _ in kept["creators"]} == {first, second}
    assert kept["creators"][first, lily.id][0] == 2  # two videos of hers
    assert sum(plays for plays, _ in kept["days"].values()) > 5_000
    assert len({day for _, day in kept["days"]}) >= 2
    async with api.database.session() as session:
        snapshots = await session.exec(
            select(VideoSnapshot).where(col(VideoSnapshot.order_id) == ordered[2])
        )
        assert stamp - timedelta(hours=10) in [s.observed_at for s in snapshots]


@pytest.fixture
async def pg_api(postgres_url: str) -> AsyncIterator[Api]:
    """The API on PostgreSQL only: SQLite has one writer at a time, so nothing to lock."""
    settings = Settings(database_url=postgres_url, bootstrap_ops_key=OPS_KEY)
    app = create_app(settings, clock=ManualClock(START))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://pg") as client:
            yield Api(client, app.state.clock, None, app, app.state.db)  # type: ignore[arg-type]


async def test_two_batches_over_the_same_projects_do_not_deadlock(pg_api: Api) -> None:
    """One transaction holds project A's rows; a second records a batch touching B and A
    (its orders in that order by id), and waits for A; the first then records an order of
    B. Were the rows taken in the batch's order, the second would hold B: a deadlock. They
    are taken in key order (A before B), so both commit."""
    api = pg_api
    brand = await make_brand(api, funds_fen=10**9)
    creator = await make_creator(api)
    a, b = await project(api, brand, "A"), await project(api, brand, "B")
    assert a < b
    held_by_first = await published(api, brand, creator, a, 1)
    batch = [await published(api, brand, creator, b, 2), await published(api, brand, creator, a, 3)]
    then_first = await published(api, brand, creator, b, 4)
    assert batch[0] < batch[1]
    at = api.clock.now() + timedelta(hours=1)
    seen = VideoFacts(Platform.DOUYIN, creator.handle, VideoStatus.LIVE, 100, 10, 1, 1)

    async def orders(session: Any, ids: list[str]) -> list[tuple[Order, VideoFacts]]:
        found = await session.exec(select(Order).where(col(Order.id).in_(ids)))
        return [(order, seen) for order in found]

    async def second() -> None:
        async with api.database.session() as session:
            await record_snapshots(session, await orders(session, batch), at)

    async with api.database.session() as session:
        await session.execute(text("SET LOCAL deadlock_timeout = '100ms'"))
        await record_snapshots(session, await orders(session, [held_by_first]), at)
        waiting = asyncio.create_task(second())
        async with api.database.session() as watcher:
            for _ in range(100):  # until the second waits for a lock
                blocked = await watcher.execute(
                    text("SELECT count(*) FROM pg_locks WHERE NOT granted")
                )
                if blocked.scalar_one():
                    break
                await asyncio.sleep(0.05)
            else:
                raise AssertionError("the second batch never waited for the first")
        await record_snapshots(session, await orders(session, [then_first]), at)
    await asyncio.wait_for(waiting, timeout=10)
    kept, recomputed = await kept_and_recomputed(api)
    assert kept == recomputed
    assert kept["creators"][a, creator.id][0] == kept["creators"][b, creator.id][0] == 2
