"""The video platform is asked with no order row locked: a slow platform holds up nobody
else's change to the order (PostgreSQL: SQLite has no row locks)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import httpx
import psycopg
import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from service.app import create_app
from service.clock import ManualClock
from service.config import Settings
from service.ports.video import VideoPlatform
from service.timers.sweeps import check_videos
from service.videos.simulator import simulated
from statemachine import VideoFacts
from tests.conftest import START
from tests.factories import (
    OPS_KEY,
    Api,
    fire,
    make_brand,
    make_creator,
    make_order,
    ok,
    published_order,
    video_url,
)

pytestmark = pytest.mark.postgres_only


class SlowPlatform:
    """The simulated platform, which answers only when the test lets it (once armed)."""

    def __init__(self) -> None:
        self.armed = False
        self.asked = asyncio.Event()
        self.answer = asyncio.Event()

    def __call__(self, session: AsyncSession) -> VideoPlatform:
        outer, inner = self, simulated(session)

        class Slow:
            async def get_video(self, url: str, at: datetime) -> VideoFacts | None:
                if outer.armed:
                    outer.asked.set()
                    await outer.answer.wait()
                return await inner.get_video(url, at)

        return Slow()


@pytest.fixture
async def slow(postgres_url: str) -> AsyncIterator[tuple[Api, SlowPlatform]]:
    platform = SlowPlatform()
    settings = Settings(database_url=postgres_url, bootstrap_ops_key=OPS_KEY)
    clock = ManualClock(START)
    app = create_app(settings, clock=clock, video_platform=platform)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://slow") as client:
            yield Api(client, clock, None, app, app.state.db), platform  # type: ignore[arg-type]


async def _row_is_free(postgres_url: str, order_id: str) -> bool:
    dsn = postgres_url.replace("postgresql+psycopg://", "postgresql://", 1)
    async with await psycopg.AsyncConnection.connect(dsn) as connection:
        try:
            await connection.execute(
                "SELECT id FROM orders WHERE id = %s FOR UPDATE NOWAIT", (order_id,)
            )
            return True
        except psycopg.errors.LockNotAvailable:
            return False


async def test_publishing_asks_the_platform_before_locking_the_order(
    slow: tuple[Api, SlowPlatform], postgres_url: str
) -> None:
    api, platform = slow
    brand, creator = await make_brand(api), await make_creator(api)
    order = await make_order(api, brand, creator)
    ok(await fire(api, order["id"], "accept", creator.auth))
    platform.armed = True
    publishing = asyncio.create_task(
        fire(api, order["id"], "publish", creator.auth, video_url=video_url(creator))
    )
    await asyncio.wait_for(platform.asked.wait(), 5)
    free = await _row_is_free(postgres_url, order["id"])
    platform.answer.set()
    assert ok(await publishing)["state"] == "published"
    assert free, "the order row was locked while the video platform was asked"


async def test_video_checks_ask_the_platform_with_no_order_locked(
    slow: tuple[Api, SlowPlatform], postgres_url: str
) -> None:
    api, platform = slow
    brand, creator = await make_brand(api), await make_creator(api)
    order = await published_order(api, brand, creator)
    api.clock.advance(timedelta(days=1, seconds=1))  # the daily check is due
    platform.armed = True
    settings = api.app.state.settings
    checking = asyncio.create_task(
        check_videos(api.app.state.db, api.clock.now(), settings, platform, 10)
    )
    await asyncio.wait_for(platform.asked.wait(), 5)
    free = await _row_is_free(postgres_url, order["id"])
    platform.answer.set()
    assert await checking >= 1  # (the database is shared: other tests' videos may be due)
    assert free, "the order row was locked while the video platform was asked"
    shown = ok(await api.client.get(f"/v1/orders/{order['id']}", headers=brand.auth))
    assert (shown["state"], shown["video_status"]) == ("published", "live")
