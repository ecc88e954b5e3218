"""A seeded, deterministic simulation of the marketplace through the ASGI app on SQLite.

Each step is one thing the world does, drawn from `random.Random(seed)`: a party calls the API
(every trigger, by the right and by wrong parties; orders, top-ups, withdrawals, messages,
retention changes, video removals, repeated requests with their Idempotency-Key), time jumps
on a ManualClock, the worker makes a pass (`app.state.worker.run_once()`), or the network
hands the brand's webhook receiver what it got, duplicated and out of order.

After every step the cheap invariants are checked: what the API answered against a model of
the orders (401 without a key, 404 for what the caller cannot see, 412 for a stale If-Match,
403 for a role that may never fire the trigger, 409 from the wrong state, and only the
table's destination on success), the history rows the step wrote against the transition
table, each new journal entry balanced, the escrow of every order the step moved, and no 5xx.
Every 100 steps and at the end: the full ledger check and every invariant of
`tests.reliability.invariants`. At the end the clock runs on until every order is final and
every webhook delivered, and the receiver's view must match the orders.

The step log names objects by aliases in creation order (o12, c3), never by their random ids,
so it is a pure function of the seed: a failing seed replays exactly, in another process too.

    python -m tests.reliability.simulation --seed 20261127 --steps 10000 --log steps.log
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import random
import sqlite3
import tempfile
import types
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event, text

from service.app import bootstrap, create_app
from service.clock import ManualClock
from service.config import Settings
from service.db import Database
from service.integrations.payments import Payout
from service.webhooks import delivery
from statemachine import BY_TRIGGER, FINAL_STATES, TRIGGERS, Actor, may_act
from statemachine.withdrawal import PayoutChannel
from tests.conftest import START
from tests.databases import migrate, sqlite_database
from tests.factories import OPS_KEY
from tests.reliability.invariants import all_problems, fired_triggers, row_problem

FINAL = {s.value for s in FINAL_STATES}
RECEIVER = "http://receiver.sim/hooks"
# How strongly a plausible trigger is favoured: the road to `closed` is the longest.
PROGRESS = {
    "accept": 8,
    "publish": 8,
    "complete_retention": 4,
    "settle": 4,
    "refund": 0.3,
    "flag_fake_traffic": 0.3,
    "cancel": 0.5,
    "decline": 0.5,
}
READ_ONLY = {"jump", "read"}  # actions that cannot write: no per-step check after them
OPEN_ORDERS = 15  # orders in flight at a time, so that each gets attention
KEPT = timedelta(hours=24)  # how long an Idempotency-Key is promised to be kept
JUMPS = (30, 120, 600, 1800, 3600, 3600, 3 * 3600, 8 * 3600, 26 * 3600, 3 * 86400)
TEXTS = (
    "Logo in the first five seconds, please.",
    "收到，周五前发布。",
    "Spring flavour 🍵 \u202edraft\u202c ready",
    "加我微信 tea_lover_88",
    "call 138 0013 8000",
)


class SimulationFailure(AssertionError):
    pass


@dataclass
class Who:
    alias: str
    role: str
    id: str | None = None
    key: str | None = None
    channel: str | None = None
    handle: str | None = None
    mcn: str | None = None  # creators: the alias of the MCN that signed them

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"} if self.key else {}


@dataclass
class Order:
    alias: str
    id: str
    brand: Who
    creator: Who
    total: int
    video: int
    state: str | None = None  # None until its `create` row is seen


class DicePayouts:
    """A payout provider that fails one payout in five, the same one for the same seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.answers: dict[str, Payout] = {}

    async def pay(
        self, *, withdrawal_id: str, channel: PayoutChannel, destination: str, amount_fen: int
    ) -> Payout:
        if withdrawal_id not in self.answers:
            paid = self.rng.random() >= 0.2
            reason = None if paid else f"{channel} refused the destination"
            self.answers[withdrawal_id] = Payout(f"dice_{withdrawal_id}", paid, reason)
        return self.answers[withdrawal_id]


@dataclass
class Integration:
    """The brand's webhook receiver and the integration behind it. The network in between
    fails some deliveries (the service retries), loses some acknowledgements (the service
    sends again), duplicates some, and hands over what arrived in any order; the integration
    verifies every signature, drops what it has seen and keeps, per order, the newest state
    by sequence number."""

    rng: random.Random
    secret: str = ""
    inbox: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    view: dict[str, tuple[int, str]] = field(default_factory=dict)
    calls: int = 0
    newest: int = 0  # the highest sequence number received
    duplicates: int = 0
    bad_signatures: int = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        body = request.content
        message_id = request.headers["webhook-id"]
        stamp = request.headers["webhook-timestamp"]
        key = base64.b64decode(self.secret.removeprefix("whsec_"))
        signed = f"{message_id}.{stamp}.".encode() + body
        expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        if expected not in request.headers["webhook-signature"].split(" "):
            self.bad_signatures += 1
            return httpx.Response(400)
        roll = self.rng.random()
        if roll < 0.10:
            return httpx.Response(503)  # never arrived
        self.inbox.append((message_id, json.loads(body)))
        if roll < 0.18:
            self.inbox.append((message_id, json.loads(body)))  # the network repeats it
        if roll < 0.24:
            return httpx.Response(500)  # arrived, but the acknowledgement was lost
        return httpx.Response(200)

    def deliver(self) -> tuple[int, int]:
        """Hand over what arrived, shuffled; returns (handed over, new)."""
        batch, self.inbox = self.inbox, []
        self.rng.shuffle(batch)
        fresh = 0
        for message_id, event_ in batch:
            if message_id in self.seen:
                self.duplicates += 1
                continue
            self.seen.add(message_id)
            self.newest = max(self.newest, event_["sequence"])
            fresh += 1
            if event_["object_type"] == "order":
                order_id, sequence = event_["object_id"], event_["sequence"]
                if sequence > self.view.get(order_id, (0, ""))[0]:
                    self.view[order_id] = (sequence, event_["data"]["state"])
        return len(batch), fresh


def fast_sqlite(database: Database) -> None:
    """No fsync: the simulation's database is thrown away (the engine is the test's own)."""

    @event.listens_for(database.engine.sync_engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()


@contextlib.contextmanager
def webhooks_to(receiver: Integration) -> Iterator[None]:
    """The worker's webhook client posts to the receiver function instead of the network."""
    original = delivery.httpx

    def client(**options: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(receiver.handle), **options)

    delivery.httpx = types.SimpleNamespace(  # type: ignore[assignment]
        AsyncClient=client, Timeout=httpx.Timeout, HTTPError=httpx.HTTPError
    )
    try:
        yield
    finally:
        delivery.httpx = original  # type: ignore[assignment]


class Simulation:
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
        self.ops = Who("ops", "ops", key=OPS_KEY)
        self.anonymous = Who("anon", "anonymous")
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
        if response.headers.get("content-type", "").startswith("application/problem+json"):
            return str(response.json().get("code"))
        return ""

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

    # ------------------------------------------------------------------ the world

    async def party(self, kind: str, alias: str) -> Who:
        created = await self.ok("POST", f"/v1/{kind}s", self.ops, {"name": alias}, 201)
        issued = await self.ok("POST", f"/v1/{kind}s/{created['id']}/api-keys", self.ops, None, 201)
        return Who(alias, kind, created["id"], issued["key"])

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
            creator.channel = channel["id"]
            if number in (0, 4):  # m0 signs c0, and c4 (too few followers of its own)
                contract = await self.ok(
                    "POST", "/v1/mcn-contracts", self.mcns[0],
                    {"creator_id": creator.id, "share_bps": 1500,
                     "ends_at": "2036-01-01T00:00:00Z"}, 201,
                )  # fmt: skip
                await self.ok("POST", f"/v1/mcn-contracts/{contract['id']}/accept", creator)
                creator.mcn = "m0"
            self.creators.append(creator)
        endpoint = await self.ok(
            "POST", "/v1/webhook-endpoints", self.brands[0], {"url": RECEIVER}, 201
        )
        self.endpoint, self.receiver.secret = endpoint["id"], endpoint["secret"]
        self.cursor = endpoint["delivered_through_sequence"]
        await self.check_step()

    def platform_host(self, creator: Who) -> str:
        return "ixigua.com" if creator.alias == "c4" else "douyin.com"

    def video_url(self, order: Order, wrong: bool = False) -> str:
        handle = "stranger" if wrong else order.creator.handle
        return f"https://www.{self.platform_host(order.creator)}/@{handle}/video/{order.video}"

    def visible(self, order: Order, who: Who) -> bool:
        if who.role == "ops":
            return True
        if who.role == "brand":
            return who.id == order.brand.id
        if who.role == "creator":
            return who.id == order.creator.id
        if who.role == "mcn":
            return order.creator.mcn == who.alias
        return False

    def anyone(self, order: Order | None = None) -> Who:
        crowd = [*self.brands, *self.creators, *self.mcns, self.ops, self.anonymous]
        if order is not None:
            crowd += [order.brand, order.creator] * 3
        return self.rng.choice(crowd)

    def actor_for(self, order: Order, trigger: str) -> Who:
        actors = BY_TRIGGER[trigger].actors
        if Actor.CREATOR in actors:
            return order.creator
        if Actor.BRAND in actors:
            return order.brand
        return self.ops

    # ------------------------------------------------------------------ actions

    async def fire(self) -> str:
        if not self.orders:
            return await self.create()
        open_orders = [o for o in self.orders if o.state not in FINAL]
        pool = open_orders if open_orders and self.rng.random() < 0.9 else self.orders
        order = self.rng.choice(pool)
        trigger = self.rng.choice(TRIGGERS)
        plausible = [t for t in TRIGGERS if order.state in {s.value for s in BY_TRIGGER[t].sources}]
        if plausible and self.rng.random() < 0.8:
            trigger = self.rng.choices(plausible, [PROGRESS.get(t, 1.0) for t in plausible])[0]
        who = self.actor_for(order, trigger) if self.rng.random() < 0.65 else self.anyone(order)
        body: dict[str, Any] = {}
        if who.role == "ops" and self.rng.random() < 0.9:
            body["reason"] = f"sim {trigger}"
        if trigger == "publish":
            body["video_url"] = self.video_url(order, wrong=self.rng.random() < 0.1)
        if trigger == "flag_fake_traffic" and self.rng.random() < 0.9:
            body["evidence"] = "plays from one ASN"
        if trigger == "report_removed" and who.role == "ops" and self.rng.random() < 0.5:
            body["video_status"] = self.rng.choice(["removed", "private"])
        path = f"/v1/orders/{order.id}/{trigger}"
        headers: dict[str, str] = {}
        stale = False
        roll = self.rng.random()
        if roll < 0.05:
            path += "?dry_run=true"
        elif roll < 0.10:
            current = await self.call("GET", f"/v1/orders/{order.id}", self.ops)
            stale = self.rng.random() < 0.5
            headers["If-Match"] = '"v0"' if stale else current.headers["etag"]
        before = order.state
        history_before = self.last_history
        response = await self.call("POST", path, who, body, key=self.key(), headers=headers)
        self.expect_fire(order, trigger, who, response, stale=stale)
        if "dry_run" in path and response.status_code == 200:
            if await self.history_after(history_before):
                raise self.fail(f"a dry run of {trigger} on {order.alias} wrote history")
            if response.headers.get("x-dry-run") != "true":
                raise self.fail("a dry run did not say so")
        extra = " dry" if "dry_run" in path else " if-match" if headers else ""
        return (
            f"fire {order.alias}({before}) {trigger} by {who.alias}{extra} -> {self.said(response)}"
        )

    def expect_fire(
        self, order: Order, trigger: str, who: Who, response: httpx.Response, *, stale: bool
    ) -> None:
        transition = BY_TRIGGER[trigger]
        status, code = response.status_code, self.code(response)
        if who.role == "anonymous":
            demanded: int | None = 401
        elif not self.visible(order, who):
            demanded = 404
        elif stale:
            demanded = 412
        elif not may_act(Actor(who.role), transition):
            demanded = 403
        elif order.state not in {s.value for s in transition.sources}:
            if (status, code) != (409, "invalid_transition"):
                raise self.fail(f"{trigger} from {order.state}: {status} {response.text}")
            return
        else:
            demanded = None
        if demanded is not None:
            if status != demanded:
                raise self.fail(
                    f"{who.alias} fired {trigger} on {order.alias}: {status}, not {demanded}: "
                    f"{response.text[:300]}"
                )
            return
        if status == 200:
            if response.json()["state"] != transition.dest.value:
                raise self.fail(f"{trigger} ended in {response.json()['state']}")
        elif status not in (409, 422) or code in ("invalid_transition", "version_conflict"):
            raise self.fail(f"{trigger} on {order.alias} ({order.state}): {status} {response.text}")

    async def history_after(self, last: int) -> int:
        return int(self.peek("SELECT COUNT(*) FROM order_history WHERE id > :id", id=last)[0][0])

    async def create(self) -> str:
        if sum(o.state not in FINAL for o in self.orders) >= OPEN_ORDERS:
            return await self.fire()  # enough orders in flight
        who = self.rng.choice(self.brands) if self.rng.random() < 0.9 else self.anyone()
        creator = self.rng.choice(self.creators)
        channel = creator.channel
        if self.rng.random() < 0.08:
            channel = self.rng.choice(self.creators).channel  # maybe someone else's
        body = {
            "creator_id": creator.id,
            "channel_id": channel,
            "price_fen": self.rng.choice([100, 5_000, 100_000, 1_000_000]),
            "retention_days": self.rng.choice([1, 2, 3, 7]),
            "publish_days": self.rng.choice([1, 2, 3]),
            "brief": "A 30-second unboxing of our spring tea.",
        }
        response = await self.call("POST", "/v1/orders", who, body, key=self.key())
        status = response.status_code
        allowed = {"brand": {201, 402, 422}, "anonymous": {401}}.get(who.role, {403})
        if status not in allowed:
            raise self.fail(f"create by {who.alias}: {status} {response.text}")
        line = f"create by {who.alias} for {creator.alias} -> {self.said(response)}"
        if status == 201:
            created = response.json()
            self.videos += 1
            order = Order(
                f"o{len(self.orders)}", created["id"], who, creator,
                created["line_items"]["brand_total_fen"], self.videos,
            )  # fmt: skip
            self.orders.append(order)
            self.by_id[order.id] = order
            line += f" {order.alias}"
        return line

    async def top_up(self) -> str:
        brand = self.rng.choice(self.brands)
        amount = self.rng.choice([1_000, 200_000, 2_000_000])
        response = await self.call(
            "POST", "/v1/top-ups", brand, {"amount_fen": amount}, key=self.key()
        )
        if response.status_code != 201:
            raise self.fail(f"top-up: {response.status_code} {response.text}")
        return f"top-up {brand.alias} {amount} -> 201"

    async def again(self) -> str:
        """The last successful POST sent again with its key: the first answer, replayed byte
        for byte, and nothing moves."""
        if self.last_post is None or self.clock.now() - self.last_post[-1] > KEPT:
            return await self.top_up()  # keys are kept 24 hours at least, not for ever
        path, who, body, key, first, _ = self.last_post
        history = self.last_history
        again = await self.client.post(
            path, json=body, headers={**who.headers, "Idempotency-Key": key}
        )
        if (again.status_code, again.content) != (first.status_code, first.content):
            raise self.fail(f"a retry of {path} answered {again.status_code} {again.text[:200]}")
        if again.headers.get("idempotent-replayed") != "true":
            raise self.fail(f"a retry of {path} was not marked as replayed")
        if await self.history_after(history):
            raise self.fail(f"a retry of {path} with its key moved an order")
        return f"again {path.split('/')[2]} by {who.alias} -> {again.status_code} replayed"

    async def withdraw(self) -> str:
        payee = self.rng.choice(self.creators + self.mcns)
        body = {
            "amount_fen": self.rng.choice([500, 1_000, 50_000, 400_000]),
            "channel": self.rng.choice(["bank", "alipay", "wechat"]),
            "destination": "6222020200112233",
        }
        response = await self.call("POST", "/v1/withdrawals", payee, body, key=self.key())
        if response.status_code not in (201, 402, 409, 422):
            raise self.fail(f"withdrawal: {response.status_code} {response.text}")
        line = f"withdraw {payee.alias} {body['amount_fen']} -> {self.said(response)}"
        if response.status_code == 201:  # paid out after the response, before we look
            found = await self.call("GET", f"/v1/withdrawals/{response.json()['id']}", payee)
            state = found.json()["state"]
            if state not in ("paid", "failed"):
                raise self.fail(f"a withdrawal was left {state}")
            line += f" {state}"
        return line

    async def message(self) -> str:
        if not self.orders:
            return await self.create()
        order = self.rng.choice(self.orders)
        who = self.rng.choice([order.brand, order.creator, self.anyone(order)])
        text_ = self.rng.choice(TEXTS)
        path = f"/v1/orders/{order.id}/messages"
        response = await self.call("POST", path, who, {"text": text_}, key=self.key())
        if who.role == "anonymous":
            allowed = {401}
        elif not self.visible(order, who):
            allowed = {404}
        elif who.id in (order.brand.id, order.creator.id):
            allowed = {201, 422}
        else:
            allowed = {403}
        if response.status_code not in allowed:
            raise self.fail(f"message by {who.alias}: {response.status_code} {response.text}")
        return f"message {order.alias} by {who.alias} -> {self.said(response)}"

    async def video(self) -> str:
        published = [o for o in self.orders if o.state in ("published", "retained")]
        if not published:
            return await self.jump()
        order = self.rng.choice(published)
        status = self.rng.choice(["removed", "private", "live", "live"])
        body = {
            "video_url": self.video_url(order),
            "status": status,
            "plays": self.rng.randrange(10**6),
        }
        response = await self.call("PUT", "/v1/simulator/videos", self.ops, body)
        if response.status_code != 200:
            raise self.fail(f"simulator: {response.status_code} {response.text}")
        return f"video {order.alias} {status}"

    async def jump(self) -> str:
        seconds = self.rng.choice(JUMPS)
        self.clock.advance(timedelta(seconds=seconds))
        return f"clock +{seconds}s -> {self.clock.now().isoformat()}"

    async def dev_clock(self) -> str:
        seconds = self.rng.choice([60, 3600, 86400])
        history = self.last_history
        response = await self.call("POST", "/v1/dev/clock", self.ops, {"advance_seconds": seconds})
        if response.status_code != 200:
            raise self.fail(f"dev clock: {response.status_code} {response.text}")
        return f"dev clock +{seconds}s fired {await self.history_after(history)}"

    async def work(self) -> str:
        done = await self.app.state.worker.run_once()
        return (
            f"worker timers={done.timers} videos={done.videos} payouts={done.withdrawals} "
            f"events={done.events} webhooks={done.webhooks}"
        )

    async def network(self) -> str:
        handed, fresh = self.receiver.deliver()
        endpoint = await self.call("GET", f"/v1/webhook-endpoints/{self.endpoint}", self.brands[0])
        line = f"network handed {handed} ({fresh} new)"
        if not endpoint.json()["enabled"]:
            await self.ok("POST", f"/v1/webhook-endpoints/{self.endpoint}/enable", self.brands[0])
            line += ", endpoint re-enabled"
        return line

    async def replay(self) -> str:
        after = max(self.cursor, self.receiver.newest - self.rng.randrange(1, 20))
        response = await self.call(
            "POST", f"/v1/webhook-endpoints/{self.endpoint}/replay", self.brands[0],
            {"after_sequence": after},
        )  # fmt: skip
        if response.status_code != 202:
            raise self.fail(f"replay: {response.status_code} {response.text}")
        return f"replay after {after} -> {response.json()['queued']} queued"

    async def read(self) -> str:
        if not self.orders:
            return "read: no orders yet"
        order = self.rng.choice(self.orders)
        who = self.anyone(order)
        path = self.rng.choice(["", "/history", "/transitions"])
        response = await self.call("GET", f"/v1/orders/{order.id}{path}", who)
        expected = 401 if who.role == "anonymous" else 200 if self.visible(order, who) else 404
        if response.status_code != expected:
            raise self.fail(f"GET {path} of {order.alias} by {who.alias}: {response.status_code}")
        if expected == 200 and path == "" and response.json()["state"] != order.state:
            raise self.fail(f"{order.alias} reads {response.json()['state']}, model {order.state}")
        return f"read {order.alias}{path} by {who.alias} -> {response.status_code}"

    async def retention(self) -> str:
        changeable = [o for o in self.orders if o.state in ("requested", "accepted", "published")]
        if not changeable:
            return await self.create()
        order = self.rng.choice(changeable)
        proposer, other = self.rng.sample([order.brand, order.creator], 2)
        days = self.rng.choice([1, 2, 5])
        response = await self.call(
            "POST", f"/v1/orders/{order.id}/retention-proposals", proposer,
            {"retention_days": days}, key=self.key(),
        )  # fmt: skip
        line = f"propose {order.alias} {days}d by {proposer.alias} -> {self.said(response)}"
        if response.status_code == 201:
            accepted = await self.call(
                "POST",
                f"/v1/orders/{order.id}/retention-proposals/{response.json()['id']}/accept",
                other,
            )
            if accepted.status_code not in (200, 409, 422):
                raise self.fail(f"retention accept: {accepted.status_code} {accepted.text}")
            line += f", accept -> {self.said(accepted)}"
        elif response.status_code not in (409, 422):
            raise self.fail(f"retention proposal: {response.status_code} {response.text}")
        return line

    async def forgive(self) -> str:
        """Ops lift a suspension and revoke every violation of one creator, so that the
        creators keep working (in any order: the outcome is the same)."""
        creator = self.rng.choice(self.creators)
        lifted = await self.call(
            "POST", f"/v1/creators/{creator.id}/lift-suspension", self.ops, {"reason": "sim"}
        )
        found = await self.call("GET", f"/v1/creators/{creator.id}/violations", self.ops)
        revoked = 0
        for violation in found.json()["violations"]:
            if violation["status"] != "revoked":
                response = await self.call(
                    "POST", f"/v1/violations/{violation['id']}/revoke", self.ops,
                    {"reason": "sim"},
                )  # fmt: skip
                revoked += response.status_code == 200
        return f"forgive {creator.alias}: lift -> {self.said(lifted)}, revoked {revoked}"

    ACTIONS: tuple[tuple[str, int], ...] = (
        ("fire", 36), ("create", 7), ("top_up", 3), ("again", 3), ("withdraw", 3),
        ("message", 4), ("video", 3), ("jump", 6), ("dev_clock", 1), ("work", 6),
        ("network", 5), ("replay", 1), ("read", 7), ("retention", 2), ("forgive", 1),
    )  # fmt: skip

    # ------------------------------------------------------------------ checks

    def peek(self, sql: str, **params: Any) -> list[Any]:
        """Read the committed state straight from the SQLite file: the per-step checks run
        ten thousand times, and a plain sqlite3 query costs a tenth of an async one."""
        return list(self.reader.execute(sql, params))

    async def check_step(self) -> None:
        """The history rows, journal lines and escrows that the step changed."""
        rows = self.peek(
            """SELECT id, order_id, trigger, from_state, to_state, actor_kind
               FROM order_history WHERE id > :id ORDER BY id""",
            id=self.last_history,
        )
        lines = self.peek(
            """SELECT MAX(id), entry_id, SUM(amount_fen) FROM journal_lines
               WHERE id > :id GROUP BY entry_id""",
            id=self.last_line,
        )
        touched: dict[str, Order] = {}
        for row_id, order_id, trigger, from_state, to_state, actor in rows:
            order = self.by_id.get(order_id)
            if order is None:
                raise self.fail(f"history of an order nobody created: {trigger}")
            if from_state != order.state:
                raise self.fail(f"{order.alias}: {trigger} from {from_state}, not {order.state}")
            wrong = row_problem(trigger, from_state, to_state, actor)
            if wrong:
                raise self.fail(f"{order.alias}: {wrong}")
            order.state = to_state
            touched[order.alias] = order
            self.last_history = row_id
        for last_id, entry_id, total in lines:
            if total != 0:
                raise self.fail(f"journal entry {entry_id} sums to {total}")
            self.last_line = max(self.last_line, last_id)
        for order in touched.values():
            ((state, escrow),) = self.peek(
                """SELECT o.state, COALESCE(a.balance_fen, 0) FROM orders o
                   LEFT JOIN accounts a ON a.kind = 'order_escrow' AND a.owner_id = o.id
                   WHERE o.id = :id""",
                id=order.id,
            )
            expected = 0 if state in FINAL else order.total
            if state != order.state or escrow != expected:
                raise self.fail(
                    f"{order.alias} is {state} with {escrow} in escrow; model {order.state}, "
                    f"{expected}"
                )
        if self.receiver.bad_signatures:
            raise self.fail(f"{self.receiver.bad_signatures} webhooks with a bad signature")

    async def check_all(self) -> None:
        problems = await all_problems(self.database)
        if problems:
            raise self.fail("invariants:\n" + "\n".join(problems[:20]))

    # ------------------------------------------------------------------ running

    async def run(self, steps: int) -> list[str]:
        with webhooks_to(self.receiver):
            await self.setup()
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

    async def finish(self) -> None:
        """Run the clock on until every order is final and every webhook has been
        delivered (or given up on), then compare the receiver's view with the orders."""
        for _ in range(12):
            self.clock.advance(timedelta(days=4))
            await self.app.state.worker.run_until_idle()
            await self.network()
            await self.check_step()
        open_ = [o.alias for o in self.orders if o.state not in FINAL]
        if open_:
            raise self.fail(f"orders never final: {open_[:10]}")
        for _ in range(200):
            done = await self.app.state.worker.run_once()
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

    async def check_webhooks(self) -> tuple[int, int]:
        brand = self.brands[0]
        events: list[dict[str, Any]] = []
        after = self.cursor
        while True:
            page = (await self.call("GET", f"/v1/events?after={after}&limit=100", brand)).json()
            events += page["data"]
            if not page["has_more"]:
                break
            after = page["last_sequence"]
        async with self.database.engine.connect() as connection:
            failed = {
                row[0]
                for row in await connection.execute(
                    text(
                        """SELECT e.event_id FROM webhook_deliveries d
                           JOIN events e ON e.id = d.event_id WHERE d.state = 'failed'"""
                    )
                )
            }
        wanted = {e["id"] for e in events}
        missing = wanted - self.receiver.seen - failed
        if missing:
            raise self.fail(f"{len(missing)} events never reached the receiver")
        if self.receiver.seen - wanted:
            raise self.fail("the receiver got events that are not the brand's")
        latest: dict[str, dict[str, Any]] = {}
        for e in events:
            if e["object_type"] == "order":
                latest[e["object_id"]] = e
        for order_id, e in latest.items():
            if e["id"] in self.receiver.seen:
                order = self.by_id[order_id]
                seen = self.receiver.view.get(order_id, (0, ""))[1]
                if seen != order.state:
                    raise self.fail(
                        f"the receiver thinks {order.alias} is {seen}, not {order.state}"
                    )
        return len(wanted), len(failed & wanted)


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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--log", type=Path, required=True, help="write the step log here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(simulate(args.seed, args.steps, Path(folder), args.log))


if __name__ == "__main__":
    main()
