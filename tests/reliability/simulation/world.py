"""The simulation's world: the app on a ManualClock, the parties and the orders as the
simulation models them (named by aliases in creation order), and the plumbing of a call
that turns any 5xx into a failure naming the seed and the step."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from service.app import bootstrap, create_app
from service.clock import ManualClock
from service.config import Settings
from service.db import Database
from tests.conftest import START
from tests.factories import OPS_KEY
from tests.reliability.clients import problem_code
from tests.reliability.parties import ANONYMOUS, Who
from tests.reliability.simulation.outside import DicePayouts, Integration

RECEIVER = "http://receiver.sim/hooks"
HOSTS = {"douyin": "douyin.com", "xigua": "ixigua.com"}  # where each platform publishes


class SimulationFailure(AssertionError):
    pass


@dataclass
class Order:
    alias: str
    id: str
    brand: Who
    creator: Who
    total: int
    video: int
    state: str | None = None  # None until its `create` row is seen


class World:
    def __init__(self, seed: int, database: Database) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.database = database
        # autocommit: each query sees everything committed before it
        self.reader = sqlite3.connect(database.url.split(":///", 1)[1], isolation_level=None)
        self.clock = ManualClock(START)
        self.receiver = Integration(random.Random(seed ^ 0x5EB))
        settings = Settings(database_url=database.url, bootstrap_ops_key=OPS_KEY, dev_mode=True)
        self.app = create_app(
            settings,
            database=database,
            clock=self.clock,
            payouts=DicePayouts(random.Random(seed ^ 0xDA7)),  # type: ignore[arg-type]
        )
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="http://sim"
        )
        self.log: list[str] = []
        self.ops = Who("ops", key=OPS_KEY, alias="ops")
        self.anonymous = ANONYMOUS
        self.brands: list[Who] = []
        self.creators: list[Who] = []
        self.mcns: list[Who] = []
        self.orders: list[Order] = []
        self.by_id: dict[str, Order] = {}
        self.endpoint = ""
        self.cursor = 0  # the sequence the brand's endpoint started after
        self.last_history = 0
        self.last_line = 0
        self.videos = 7_000
        self.step_no = -1
        # the last POST that succeeded with an Idempotency-Key, and its answer
        self.last_post: tuple[str, Who, Any, str, httpx.Response, datetime] | None = None

    # ------------------------------------------------------------------ plumbing

    def fail(self, message: str) -> SimulationFailure:
        tail = "\n".join(self.log[-40:])
        return SimulationFailure(
            f"seed {self.seed}, step {self.step_no}: {message}\n"
            f"replay: XT_SIM_SEED={self.seed} XT_SIM_STEPS={self.step_no + 1} "
            f"python -m pytest tests/reliability/test_simulation.py\n"
            f"last steps:\n{tail}"
        )

    async def call(
        self,
        method: str,
        path: str,
        who: Who,
        body: Any = None,
        *,
        key: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        sent = {**who.headers, **(headers or {})}
        if key is not None:
            sent["Idempotency-Key"] = key
        response = await self.client.request(method, path, json=body, headers=sent)
        if response.status_code >= 500:
            raise self.fail(
                f"{method} {path} by {who.alias}: {response.status_code} {response.text}"
            )
        if key is not None and 200 <= response.status_code < 300:
            self.last_post = (path, who, body, key, response, self.clock.now())
        return response

    @staticmethod
    def code(response: httpx.Response) -> str:
        return problem_code(response) or ""

    def said(self, response: httpx.Response) -> str:
        code = self.code(response)
        return f"{response.status_code}{' ' + code if code else ''}"

    def key(self) -> str:
        return f"k{self.seed}-{self.rng.getrandbits(48):012x}"

    async def ok(
        self, method: str, path: str, who: Who, body: Any = None, status: int = 200
    ) -> Any:
        response = await self.call(method, path, who, body)
        if response.status_code != status:
            raise self.fail(f"set-up {method} {path}: {response.status_code} {response.text}")
        return response.json()

    def peek(self, sql: str, **params: Any) -> list[Any]:
        """Read the committed state straight from the SQLite file: the per-step checks run
        ten thousand times, and a plain sqlite3 query costs a tenth of an async one."""
        return list(self.reader.execute(sql, params))

    async def history_after(self, last: int) -> int:
        return int(self.peek("SELECT COUNT(*) FROM order_history WHERE id > :id", id=last)[0][0])

    # ------------------------------------------------------------------ the parties

    async def party(self, kind: str, alias: str) -> Who:
        created = await self.ok("POST", f"/v1/{kind}s", self.ops, {"name": alias}, 201)
        issued = await self.ok("POST", f"/v1/{kind}s/{created['id']}/api-keys", self.ops, None, 201)
        return Who(kind, created["id"], issued["key"], alias=alias)

    async def setup(self) -> None:
        await bootstrap(self.app)
        self.mcns = [await self.party("mcn", "m0")]
        for number in range(3):
            brand = await self.party("brand", f"b{number}")
            await self.ok("POST", "/v1/top-ups", brand, {"amount_fen": 5_000_000}, 201)
            self.brands.append(brand)
        platforms = ["douyin", "douyin", "douyin", "xigua", "douyin"]
        for number, platform in enumerate(platforms):
            creator = await self.party("creator", f"c{number}")
            creator.handle = f"sim{self.seed}c{number}"
            followers = 60_000 if number == 4 else 250_000
            channel = await self.ok(
                "POST", f"/v1/creators/{creator.id}/channels", self.ops,
                {"platform": platform, "handle": creator.handle, "followers": followers}, 201,
            )  # fmt: skip
            creator.channel_id, creator.platform = channel["id"], platform
            if number in (0, 4):  # m0 signs c0, and c4 (too few followers of its own)
                contract = await self.ok(
                    "POST", "/v1/mcn-contracts", self.mcns[0],
                    {"creator_id": creator.id, "share_bps": 1500,
                     "ends_at": "2036-01-01T00:00:00Z"}, 201,
                )  # fmt: skip
                await self.ok("POST", f"/v1/mcn-contracts/{contract['id']}/accept", creator)
                creator.mcn = self.mcns[0].id
            self.creators.append(creator)
        endpoint = await self.ok(
            "POST", "/v1/webhook-endpoints", self.brands[0], {"url": RECEIVER}, 201
        )
        self.endpoint, self.receiver.secret = endpoint["id"], endpoint["secret"]
        self.cursor = endpoint["delivered_through_sequence"]

    def platform_host(self, creator: Who) -> str:
        """Where the creator's channel publishes: a video elsewhere is refused (422)."""
        return HOSTS[creator.platform or "douyin"]

    def video_url(self, order: Order, wrong: bool = False) -> str:
        handle = "stranger" if wrong else order.creator.handle
        return f"https://www.{self.platform_host(order.creator)}/@{handle}/video/{order.video}"

    def anyone(self, order: Order | None = None) -> Who:
        crowd = [*self.brands, *self.creators, *self.mcns, self.ops, self.anonymous]
        if order is not None:
            crowd += [order.brand, order.creator] * 3
        return self.rng.choice(crowd)
