"""The console's order page: server time for an order with 50 history rows and 100 video
checks, against `GET /v1/orders/{id}` of the same order measured in turns in the same run.

`.venv/bin/python -m bench.console` (about 30 s). In process through httpx's ASGI transport
(the page's own time, no network and no browser), on a throw-away PostgreSQL database.
Target: p95 ≤ 50 ms (issue 23)."""

from __future__ import annotations

import asyncio
import re
import statistics
import time
from datetime import timedelta

import httpx

from bench.report import Row, log, table, verdict
from service.app import bootstrap, create_app
from service.config import Settings
from service.orders.models import OrderHistory
from service.videos.models import VideoSnapshot
from statemachine import State, VideoStatus
from tests.databases import migrate, postgres_database

OPS = "ops-bootstrap-key-for-bench-0001"
ROUNDS = 300
TARGET_MS = 50.0


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18]


async def seed(client: httpx.AsyncClient, app: object) -> str:
    ops = {"Authorization": f"Bearer {OPS}"}

    async def post(path: str, key: dict[str, str], **body: object) -> dict[str, object]:
        answer = await client.post(path, json=body or None, headers=key)
        assert answer.status_code < 300, answer.text
        return answer.json()  # type: ignore[no-any-return]

    brand = await post("/v1/brands", ops, name="品牌")
    issued = await post(f"/v1/brands/{brand['id']}/api-keys", ops)
    brand_key = {"Authorization": f"Bearer {issued['key']}"}
    await post("/v1/top-ups", brand_key, amount_fen=10_000_000)
    creator = await post("/v1/creators", ops, name="达人")
    channel = await post(f"/v1/creators/{creator['id']}/channels", ops, platform="douyin",
                         handle="benchlily", followers=200_000)  # fmt: skip
    order = await post("/v1/orders", brand_key, creator_id=creator["id"],
                       channel_id=channel["id"], price_fen=100_000, brief="开箱",
                       review="none")  # fmt: skip
    order_id = str(order["id"])
    database = app.state.db  # type: ignore[attr-defined]
    async with database.session() as session:
        started = app.state.clock.now()  # type: ignore[attr-defined]
        for i in range(49):  # with `create`, 50 history rows
            session.add(OrderHistory(order_id=order_id, trigger="submit_script",
                                     from_state=State.ACCEPTED, to_state=State.ACCEPTED,
                                     actor_kind="creator", actor_id=str(creator["id"]),
                                     reason=f"第 {i} 稿", details={},
                                     at=started + timedelta(minutes=i)))  # fmt: skip
        for i in range(100):
            session.add(VideoSnapshot(order_id=order_id, observed_at=started + timedelta(hours=i),
                                      status=VideoStatus.LIVE, plays=1000 * i, likes=50 * i,
                                      comments=5 * i, shares=2 * i))  # fmt: skip
        await session.commit()
    return order_id


async def measure(url: str) -> list[Row]:
    settings = Settings(database_url=url, bootstrap_ops_key=OPS, worker_in_process=False)
    app = create_app(settings)
    await bootstrap(app)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        order_id = await seed(client, app)
        form = await client.get("/console/sign-in")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert csrf is not None
        signed = await client.post("/console/sign-in", data={"key": OPS, "csrf": csrf.group(1)})
        assert signed.status_code == 303, signed.text
        api = {"Authorization": f"Bearer {OPS}"}
        page_ms: list[float] = []
        json_ms: list[float] = []
        for round_ in range(ROUNDS + 20):  # in turns; the first 20 warm up
            started = time.perf_counter()
            page = await client.get(f"/console/orders/{order_id}")
            page_time = (time.perf_counter() - started) * 1000
            assert page.status_code == 200 and "第 48 稿" in page.text
            started = time.perf_counter()
            answer = await client.get(f"/v1/orders/{order_id}", headers=api)
            json_time = (time.perf_counter() - started) * 1000
            assert answer.status_code == 200
            if round_ >= 20:
                page_ms.append(page_time)
                json_ms.append(json_time)
    await app.state.db.dispose()
    ours, base = p95(page_ms), p95(json_ms)
    middle, json_middle = statistics.median(page_ms), statistics.median(json_ms)
    return [
        Row("order page p95 (50 history rows, 100 checks)", f"{ours:.1f} ms",
            f"{base:.1f} ms (GET /v1/orders/{{id}})", f"{ours / base:.1f}x",
            f"<= {TARGET_MS:.0f} ms", verdict(ours <= TARGET_MS)),
        Row("order page median", f"{middle:.1f} ms", f"{json_middle:.1f} ms",
            f"{middle / json_middle:.1f}x"),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> list[Row]:
    log("console: seeding an order with 50 history rows and 100 video checks")
    with postgres_database() as url:
        migrate(url)
        rows = asyncio.run(measure(url))
    print(table(rows), flush=True)
    return rows


if __name__ == "__main__":
    main()
