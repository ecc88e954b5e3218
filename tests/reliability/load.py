"""A crowd of HTTP clients against real API processes: the load of the soak and crash tests.

`Load.setup` creates the parties (brands with money, creators with channels, two MCNs with
signed creators), settles one order per creator (so that there is money to withdraw), and
then creates the orders of the load. `Load.run` first sends one order down every road of the
machine (so that every trigger fires whatever the dice say), then lets the clients fire
random actions (`tests.reliability.actions`) until a deadline, while one of them, as ops,
moves the shared test clock on by hours and checks the ledger, so that the workers have
timers to fire. `Load.drain` then moves the clock on until every order has reached a final
state. The random choices come from one seeded generator; which client draws which number
depends on timing, so the load differs between runs while the checks afterwards do not.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from tests.reliability.actions import Actions, OrderRef
from tests.reliability.clients import Http
from tests.reliability.parties import ANONYMOUS, Who, actor_for

HOUR = 3600
BRAND_FUNDS_FEN = 50_000_000
SEASONED = {"price_fen": 1_000_000, "retention_days": 1, "review": "none"}  # settles ¥7,600+
# The tour's roads: the terms of each order, and the triggers down its road.
NO_REVIEW = {"review": "none"}
REVIEWED = {"review": "script_and_video", "revision_rounds": 1}
TOUR: list[tuple[dict[str, Any], list[str]]] = [
    (NO_REVIEW, ["decline"]), (NO_REVIEW, ["cancel"]), (NO_REVIEW, ["refund"]), (NO_REVIEW, []),
    (NO_REVIEW, ["accept"]), (NO_REVIEW, ["accept", "publish"]),
    (NO_REVIEW, ["accept", "publish", "report_removed"]),
    (REVIEWED, ["accept", "submit_script", "request_script_changes", "submit_script",
                "approve_script", "submit_video", "request_video_changes", "submit_video",
                "escalate_review", "approve_video", "publish", "open_dispute",
                "withdraw_dispute", "open_dispute", "resolve_dispute"]),
    (REVIEWED, ["accept", "submit_script", "approve_script", "submit_video"]),  # auto-approved
    (REVIEWED, ["accept", "submit_script", "cancel"]),  # 10% to the creator
    (REVIEWED, ["accept", "propose_cancellation", "accept_cancellation"]),
    (NO_REVIEW, ["accept", "publish", "flag_fake_traffic"]),  # suspends the tourist: last
]  # fmt: skip


class Load(Actions):
    def __init__(self, http: Http, ops_key: str, seed: int, orders: int) -> None:
        super().__init__(http, ops_key, seed)
        self.wanted_orders = orders
        self.tourist = ANONYMOUS

    # ---------------------------------------------------------------------------- set-up

    async def ok(self, method: str, path: str, who: Who, status: int, **kw: Any) -> Any:
        response = await self.http.send(method, path, who, f"setup {path}", **kw)
        assert response is not None and response.status_code == status, (
            path,
            response and response.text,
        )
        return response.json()

    async def party(self, kind: str, name: str) -> Who:
        created = await self.ok("POST", f"/v1/{kind}s", self.ops, 201, json={"name": name})
        issued = await self.ok("POST", f"/v1/{kind}s/{created['id']}/api-keys", self.ops, 201)
        return Who(kind, created["id"], issued["key"])

    async def creator(self, number: int, mcn: Who | None) -> Who:
        who = await self.party("creator", f"Creator {number}")
        handle = f"soak_{uuid.uuid4().hex[:10]}"
        channel = await self.ok(
            "POST", f"/v1/creators/{who.id}/channels", self.ops, 201,
            json={"platform": "douyin", "handle": handle, "followers": 300_000},
        )  # fmt: skip
        who.channel_id, who.handle = channel["id"], handle
        if mcn is not None:
            contract = await self.ok(
                "POST", "/v1/mcn-contracts", mcn, 201,
                json={"creator_id": who.id, "share_bps": 2_000, "ends_at": "2099-01-01T00:00:00Z"},
            )  # fmt: skip
            await self.ok("POST", f"/v1/mcn-contracts/{contract['id']}/accept", who, 200)
            who.mcn = mcn.id
        return who

    async def setup(self, brands: int = 8, creators: int = 24) -> None:
        self.mcns = [await self.party("mcn", f"MCN {i}") for i in range(2)]
        self.brands = list(
            await asyncio.gather(*(self.party("brand", f"Brand {i}") for i in range(brands)))
        )
        signed = [self.mcns[i % 2] if i < 6 else None for i in range(creators)]
        self.creators = list(
            await asyncio.gather(*(self.creator(i, signed[i]) for i in range(creators)))
        )
        for brand in self.brands:
            await self.top_up(brand, BRAND_FUNDS_FEN)
        await self.season()
        seasoned = len(self.orders)
        semaphore = asyncio.Semaphore(32)

        async def one(index: int) -> None:
            async with semaphore:
                await self.create(self.brands[index % len(self.brands)])

        await asyncio.gather(*(one(i) for i in range(self.wanted_orders)))
        assert len(self.orders) - seasoned == self.wanted_orders, self.out.summary()
        self.tourist = await self.creator(creators, None)

    async def season(self) -> None:
        """One settled order per creator before the load, so that creators and the MCNs that
        signed them have money to withdraw from the start: accepted and published at once,
        then the clock moved past the retention period and past the settlement delay."""
        created = await asyncio.gather(
            *(
                self.create(self.brands[i % len(self.brands)], creator, **SEASONED)
                for i, creator in enumerate(self.creators)
            )
        )
        orders = [order for order in created if order is not None]
        await asyncio.gather(*(self.walk(order, ["accept", "publish"]) for order in orders))
        await self.advance(25 * HOUR)  # the retention period of one day has ended
        await self.advance(73 * HOUR)  # and so has the delay before settlement
        for _ in range(20):  # a worker may still be settling an order it claimed first
            for order in orders:
                found = await self.ok("GET", f"/v1/orders/{order.id}", self.ops, 200)
                order.state = found["state"]
            if all(order.state == "closed" for order in orders):
                break
            await self.advance(HOUR)
        assert [o.state for o in orders] == ["closed"] * len(self.creators), self.out.summary()

    async def tour(self) -> None:
        """Every trigger at least once, whatever the dice say: one order down each road, by
        a creator of their own (the last road suspends it). The drain fires the timers."""
        for terms, road in TOUR:
            order = await self.create(self.brands[0], self.tourist, **terms)
            if order is not None:
                await self.walk(order, road)

    async def walk(self, order: OrderRef, road: list[str]) -> None:
        proposal = ""
        for trigger in road:
            if trigger in ("escalate_review", "accept_cancellation", "propose_cancellation"):
                who = order.brand  # (rounds used up; the creator proposes, the brand accepts)
            else:
                who = actor_for(order, trigger, self.ops)
            path = f"/v1/orders/{order.id}/{trigger}"
            body = self.body(order, trigger, who)
            if who.role == "ops":
                body["reason"] = "tour"
            if trigger == "publish":
                body["video_url"] = self.video_url(order)
            if trigger == "report_removed":
                body["video_status"] = "removed"
            if trigger == "resolve_dispute":
                body["refund_bps"] = 3_333
            if trigger == "propose_cancellation":
                who, path = order.creator, f"/v1/orders/{order.id}/cancellation-proposals"
                body = {"reason": "tour", "compensation_fen": 100}
            if trigger == "accept_cancellation":
                body["proposal_id"] = proposal
            response = await self.http.send("POST", path, who, f"tour {trigger}", json=body)
            if response is not None:
                expected = 201 if trigger == "propose_cancellation" else 200
                self.expect(response, {expected}, f"tour: {trigger} on {order.id}")
                if response.status_code == 201:
                    proposal = response.json()["id"]
                if response.status_code == 200:
                    order.state = response.json()["state"]

    # ---------------------------------------------------------------------------- running

    async def advance(self, seconds: int) -> None:
        response = await self.http.send(
            "POST", "/v1/dev/clock", self.ops, "clock", json={"advance_seconds": seconds}
        )
        if response is not None:
            self.expect(response, {200}, "clock")

    async def client(self, going: Callable[[], bool]) -> None:
        while going():
            await self.step()

    async def clock(self, going: Callable[[], bool], every: float = 0.7) -> None:
        """Ops move the shared test clock on by hours at a time, and check the ledger."""
        while going():
            await asyncio.sleep(every)
            await self.advance(self.rng.choice([1, 3, 6, 12, 20]) * HOUR)
            await self.ledger_check()

    async def run(
        self, clients: int, seconds: float, until: asyncio.Future[Any] | None = None
    ) -> None:
        """`clients` concurrent clients, one moving the clock and the rest acting, for
        `seconds` and, given `until`, for as long as that is not done."""
        await self.tour()  # before the clock moves and the crowd arrives
        ends = time.monotonic() + seconds

        def going() -> bool:
            return time.monotonic() < ends or (until is not None and not until.done())

        await asyncio.gather(self.clock(going), *(self.client(going) for _ in range(clients - 1)))

    async def drain(self, still_open: Callable[[], Awaitable[list[str]]]) -> list[str]:
        """Move the clock on four days at a time until every order is final (each advance
        fires what became due before it returns); returns the ids of those still open."""
        remaining = await still_open()
        for _ in range(40):
            if not remaining:
                break
            await self.ops_decide(remaining)
            await self.advance(4 * 24 * HOUR)
            remaining = await still_open()
        return remaining

    async def ops_decide(self, order_ids: list[str]) -> None:
        """What no timer ends, ops end: a dispute (resolved), a review handed to them
        (approved)."""
        for order_id in order_ids:
            found = await self.http.send("GET", f"/v1/orders/{order_id}", self.ops, "drain read")
            if found is None or found.status_code != 200:
                continue
            order = found.json()
            if order["dispute_open"]:
                trigger, body = "resolve_dispute", {"reason": "drain", "refund_bps": 5_000}
            elif order["review_escalated"] and order["stage"]:
                draft = order["stage"].split("_")[0]
                trigger, body = f"approve_{draft}", {"reason": "drain"}
            else:
                continue
            await self.http.send(
                "POST", f"/v1/orders/{order_id}/{trigger}", self.ops, f"drain {trigger}",
                json=body,
            )  # fmt: skip
