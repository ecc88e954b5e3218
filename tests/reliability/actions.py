"""What one client of the soak and crash tests does next, drawn at random (`Actions.step`):
every trigger by the right and by wrong parties, the same trigger twice at once on one order,
two parties acting on one order at once, orders, top-ups (some sent twice at once with one
key, as a double click does), withdrawals, messages (some with contact details), reads,
video removals, retention changes and lifted suspensions.

Every answer is checked as it arrives: never a 5xx (`clients.Http` records those), never an
answer the authorization rules forbid (a foreign order is 404, a role that may never fire a
trigger 403, no key 401), only the table's destination on success, and a trigger fired twice
at once wins at most once. What breaks a rule is kept in `Outcomes.unexpected`.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from statemachine import ORDER_MACHINE, State
from tests.reliability.clients import Http
from tests.reliability.invariants import FINAL, destinations
from tests.reliability.parties import (
    ANONYMOUS,
    Who,
    actor_for,
    expected_refusal,
    visible,
)

CLEAN_TEXTS = (
    "Please keep the logo visible for the first five seconds.",
    "收到，明天下午拍摄，周五前发布。",
    "Could you mention the spring flavour? 🍵",
    "Draft is ready for review in the app.",
)
CONTACT_TEXTS = ("加我微信 tea_lover_88 细聊", "call me on 138 0013 8000", "mail me: a@b.co")


@dataclass
class OrderRef:
    id: str
    brand: Who
    creator: Who
    video: int
    state: str = "requested"  # as the clients last saw it


class Actions:
    def __init__(self, http: Http, ops_key: str, seed: int) -> None:
        self.http = http
        self.out = http.outcomes
        self.ops = Who("ops", key=ops_key)
        self.rng = random.Random(seed)
        self.brands: list[Who] = []
        self.creators: list[Who] = []
        self.mcns: list[Who] = []
        self.orders: list[OrderRef] = []
        self.videos = itertools.count(7_000_000)

    async def step(self) -> None:
        roll = self.rng.random()
        for threshold, action in MIX:
            if roll < threshold:
                await action(self)
                return

    def expect(self, response: httpx.Response, statuses: set[int], what: str) -> None:
        if response.status_code not in statuses and response.status_code < 500:
            self.out.unexpected.append(
                f"{what}: {response.status_code}, expected {sorted(statuses)}: "
                f"{response.text[:200]}"
            )

    def open_order(self) -> OrderRef:
        """An order that is still open as far as the clients know (any order if none is)."""
        still_open = [o for o in self.orders if o.state not in FINAL]
        return self.rng.choice(still_open or self.orders)

    # ---------------------------------------------------------------------------- orders

    def terms(self, creator: Who) -> dict[str, Any]:
        return {
            "creator_id": creator.id,
            "channel_id": creator.channel_id,
            "price_fen": self.rng.choice([100, 9_999, 50_000, 100_000, 199_999]),
            "retention_days": self.rng.choice([1, 2, 3]),
            "publish_days": self.rng.choice([1, 2]),
            "brief": "A 30-second unboxing of our spring tea.",
            "review": self.rng.choice(["none", "none", "video", "script_and_video"]),
        }

    async def create(self, brand: Who, creator: Who | None = None, **terms: Any) -> OrderRef | None:
        creator = creator or self.rng.choice(self.creators)
        key = uuid.uuid4().hex
        response = await self.http.send(
            "POST", "/v1/orders", brand, "create", json={**self.terms(creator), **terms}, key=key
        )
        if response is None:
            return None
        if brand.role != "brand":
            self.expect(response, {401} if brand.role == "anonymous" else {403}, "create")
        elif response.status_code == 201:
            self.out.orders[key] = response.json()["id"]
            order = OrderRef(response.json()["id"], brand, creator, next(self.videos))
            self.orders.append(order)
            return order
        else:
            self.expect(response, {402, 422}, "create")
        return None

    @staticmethod
    def video_url(order: OrderRef, wrong: bool = False) -> str:
        handle = "someone_else" if wrong else order.creator.handle
        return f"https://www.douyin.com/@{handle}/video/{order.video}"

    def body(self, order: OrderRef, trigger: str, who: Who) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if who.role == "ops" and self.rng.random() < 0.95:
            body["reason"] = f"soak: {trigger}"
        if trigger == "publish":
            body["video_url"] = self.video_url(order, wrong=self.rng.random() < 0.1)
        if trigger == "flag_fake_traffic":
            body["evidence"] = "bought plays: 92% from one ASN"
        if trigger == "report_removed" and who.role == "ops" and self.rng.random() < 0.5:
            body["video_status"] = self.rng.choice(["removed", "private"])
        if trigger == "submit_script":
            body["content"] = "先拍茶罐特写，再冲泡，最后口播品牌名。"
        if trigger == "submit_video":
            body["draft_url"] = f"https://drafts.example.com/v/{order.video}"
        if trigger.startswith("request_"):
            body["feedback"] = "More light on the tea leaves, please."
        if trigger in ("escalate_review", "open_dispute"):
            body.update(reason=f"soak: {trigger}", evidence="a screenshot at 0:12")
        if trigger == "resolve_dispute":
            body["refund_bps"] = self.rng.choice([0, 1, 3_333, 5_000, 9_999, 10_000])
        return body

    async def fire(self, order: OrderRef, trigger: str, who: Who) -> int | None:
        """Fire `trigger` as `who` and check the answer; returns its status."""
        response = await self.http.send(
            "POST", f"/v1/orders/{order.id}/{trigger}", who, f"fire {trigger}",
            json=self.body(order, trigger, who),
        )  # fmt: skip
        if response is None:
            return None
        demanded = expected_refusal(order, trigger, who)
        what = f"{who.role} fires {trigger} on {order.id} ({order.state})"
        if demanded is not None:
            self.expect(response, {demanded}, what)
        elif response.status_code in (401, 403, 404):
            self.out.unexpected.append(f"{what}: refused {response.status_code} {response.text}")
        elif response.status_code == 200:
            state = response.json()["state"]
            if state not in destinations(ORDER_MACHINE.by_trigger[trigger], order.state):
                self.out.unexpected.append(f"{what}: ended in {state}")
            order.state = state
        return response.status_code

    def anyone(self, order: OrderRef) -> Who:
        return self.rng.choice(
            [
                order.brand,
                order.creator,
                self.rng.choice(self.brands),
                self.rng.choice(self.creators),
                self.rng.choice(self.mcns),
                self.ops,
                ANONYMOUS,
            ]
        )

    PLAUSIBLE: dict[str, tuple[tuple[str, int], ...]] = {
        "requested": (("accept", 70), ("decline", 4), ("cancel", 5), ("refund", 2), ("expire", 6)),
        "accepted": (
            ("publish", 85), ("refund", 2), ("miss_deadline", 6), ("accept", 3),
            ("submit_script", 30), ("approve_script", 25), ("request_script_changes", 5),
            ("submit_video", 30), ("approve_video", 25), ("request_video_changes", 5),
            ("escalate_review", 1), ("auto_approve", 2), ("cancel", 3),
        ),
        "published": (
            ("complete_retention", 30), ("report_removed", 6), ("refund", 3),
            ("flag_fake_traffic", 2), ("publish", 3), ("settle", 3), ("open_dispute", 3),
            ("withdraw_dispute", 2), ("resolve_dispute", 3),
        ),
        "retained": (
            ("settle", 50), ("refund", 5), ("flag_fake_traffic", 2), ("cancel", 3),
            ("open_dispute", 4), ("withdraw_dispute", 3), ("resolve_dispute", 4),
        ),
    }  # fmt: skip

    def plausible(self, order: OrderRef) -> str:
        choices = self.PLAUSIBLE.get(order.state, self.PLAUSIBLE["requested"])
        return self.rng.choices([t for t, _ in choices], [w for _, w in choices])[0]

    async def intended(self) -> None:
        """The next plausible step of an open order, by the party that would take it."""
        if all(o.state in FINAL for o in self.orders):
            await self.create(self.rng.choice(self.brands))
            return
        order = self.open_order()
        trigger = self.plausible(order)
        await self.fire(order, trigger, actor_for(order, trigger, self.ops))

    async def random_fire(self) -> None:
        order = self.open_order() if self.rng.random() < 0.5 else self.rng.choice(self.orders)
        await self.fire(order, self.rng.choice(ORDER_MACHINE.triggers), self.anyone(order))

    async def conflict(self) -> None:
        """Two parties act on one open order at the same moment. The history check afterwards
        makes sure that they did not both move it from the same state."""
        order = self.open_order()
        first, second = self.rng.sample(list(ORDER_MACHINE.triggers), 2)
        await asyncio.gather(
            self.fire(order, first, actor_for(order, first, self.ops)),
            self.fire(order, second, actor_for(order, second, self.ops)),
        )

    async def contest(self) -> None:
        """The same plausible trigger fired twice at once, with two Idempotency-Keys (two
        devices, or a retry that did not keep its key): no trigger leads back to one of its
        own sources, so at most one of them may succeed."""
        order = self.open_order()
        trigger = self.plausible(order)
        who = actor_for(order, trigger, self.ops)
        statuses = await asyncio.gather(*(self.fire(order, trigger, who) for _ in range(2)))
        self.out.contested += 1
        if statuses.count(200) > 1:
            self.out.unexpected.append(f"{trigger} on {order.id} succeeded twice at once")

    # ---------------------------------------------------------------------------- money

    async def top_up(self, brand: Who, amount: int | None = None) -> None:
        amount = amount or self.rng.choice([1_000, 250_000, 3_000_000])
        key = uuid.uuid4().hex
        copies = 2 if self.rng.random() < 0.1 else 1  # a double click: the same request twice
        responses = await asyncio.gather(
            *(
                self.http.send(
                    "POST", "/v1/top-ups", brand, "top-up", json={"amount_fen": amount}, key=key
                )
                for _ in range(copies)
            )
        )
        ids = {r.json()["id"] for r in responses if r is not None and r.status_code == 201}
        for response in responses:
            if response is not None:
                self.expect(response, {201}, f"top-up by {brand.id}")
        if len(ids) > 1:
            self.out.unexpected.append(f"top-up key {key} gave {len(ids)} top-ups: {ids}")
        if ids:
            assert brand.id is not None
            self.out.top_ups[key] = (brand.id, amount, ids.pop())

    async def withdraw(self) -> None:
        payee = self.rng.choice(self.creators + self.mcns)
        key = uuid.uuid4().hex
        body = {
            "amount_fen": self.rng.choice([999, 1_000, 20_000, 150_000]),
            "channel": self.rng.choice(["bank", "alipay", "wechat"]),
            "destination": "6222020200112233445",
        }
        response = await self.http.send(
            "POST", "/v1/withdrawals", payee, "withdraw", json=body, key=key
        )
        if response is None:
            return
        self.expect(response, {201, 402, 409, 422}, f"withdrawal by {payee.role}")
        if response.status_code == 201:
            self.out.withdrawals[key] = response.json()["id"]

    async def ledger_check(self) -> None:
        """The ledger checks clean at any moment, not only at rest: each check is one SQL
        statement, so it sees one consistent snapshot even while money moves."""
        response = await self.http.send("GET", "/v1/ops/ledger-check", self.ops, "ledger-check")
        if response is not None and response.status_code == 200:
            self.out.ledger_checks += 1
            if not response.json()["clean"]:
                self.out.unexpected.append(f"ledger-check during load: {response.text[:2000]}")

    # ---------------------------------------------------------------------------- the rest

    async def message(self) -> None:
        order = self.rng.choice(self.orders)
        sender = self.rng.choice([order.brand, order.creator, self.rng.choice(self.brands)])
        if self.rng.random() < 0.5:
            text = self.rng.choice(CONTACT_TEXTS if self.rng.random() < 0.1 else CLEAN_TEXTS)
            response = await self.http.send(
                "POST", f"/v1/orders/{order.id}/messages", sender, "message",
                json={"text": text},
            )  # fmt: skip
            allowed = {201, 422}
        else:
            response = await self.http.send(
                "GET", f"/v1/orders/{order.id}/messages", sender, "messages"
            )
            allowed = {200}
        if response is not None:
            own = sender.id in (order.brand.id, order.creator.id)
            self.expect(response, allowed if own else {404}, f"messages of {order.id}")

    async def read(self) -> None:
        order = self.rng.choice(self.orders)
        who = self.rng.choice([order.brand, order.creator, self.ops, self.rng.choice(self.brands)])
        path = self.rng.choice(
            [f"/v1/orders/{order.id}", f"/v1/orders/{order.id}/history",
             f"/v1/orders/{order.id}/transitions"]
        )  # fmt: skip
        response = await self.http.send("GET", path, who, "read order")
        if response is not None:
            self.expect(response, {200} if visible(order, who) else {404}, f"GET {path}")
            if response.status_code == 200 and path == f"/v1/orders/{order.id}":
                order.state = response.json()["state"]
        party = self.rng.choice(self.brands + self.creators + self.mcns)
        listing = self.rng.choice(["/v1/balance", "/v1/orders", "/v1/events", "/v1/ledger"])
        response = await self.http.send("GET", listing, party, f"list {listing}")
        if response is not None:
            self.expect(response, {200}, f"GET {listing} by {party.role}")

    async def video(self) -> None:
        published = [o for o in self.orders if o.state == "published"]
        if not published:
            return
        order = self.rng.choice(published)
        response = await self.http.send(
            "PUT", "/v1/simulator/videos", self.ops, "simulator",
            json={
                "video_url": self.video_url(order),
                "status": self.rng.choice(["removed", "private", "live"]),
                "plays": self.rng.randrange(10**6),
            },
        )  # fmt: skip
        if response is not None:
            self.expect(response, {200}, "simulator")

    async def standing(self) -> None:
        """Ops give creators back their rights now and then, so that orders keep flowing."""
        creator = self.rng.choice(self.creators)
        response = await self.http.send(
            "POST", f"/v1/creators/{creator.id}/lift-suspension", self.ops, "lift",
            json={"reason": "appeal granted"},
        )  # fmt: skip
        if response is not None:
            self.expect(response, {200, 409}, "lift-suspension")
        found = await self.http.send(
            "GET", f"/v1/creators/{creator.id}/violations", self.ops, "violations"
        )
        if found is None or found.status_code != 200:
            return
        for violation in found.json()["violations"]:
            if violation["status"] in ("active", "appealed"):
                response = await self.http.send(
                    "POST", f"/v1/violations/{violation['id']}/revoke", self.ops, "revoke",
                    json={"reason": "soak: forgiven"},
                )  # fmt: skip
                if response is not None:
                    self.expect(response, {200, 409}, "revoke violation")

    async def retention(self) -> None:
        changeable = [o for o in self.orders if o.state in ("requested", "accepted", "published")]
        if not changeable:
            return
        order = self.rng.choice(changeable)
        proposer, other = self.rng.sample([order.brand, order.creator], 2)
        response = await self.http.send(
            "POST", f"/v1/orders/{order.id}/retention-proposals", proposer, "propose",
            json={"retention_days": self.rng.choice([1, 2, 3, 4])},
        )  # fmt: skip
        if response is None or response.status_code != 201:
            if response is not None:
                self.expect(response, {201, 409, 422}, "retention proposal")
            return
        proposal = response.json()["id"]
        response = await self.http.send(
            "POST", f"/v1/orders/{order.id}/retention-proposals/{proposal}/accept", other,
            "accept proposal",
        )  # fmt: skip
        if response is not None:
            self.expect(response, {200, 409, 422}, "retention accept")


Action = Callable[[Actions], Awaitable[Any]]
_WEIGHTS: tuple[tuple[float, Action], ...] = (
    (0.40, Actions.intended),
    (0.13, Actions.random_fire),
    (0.04, Actions.conflict),
    (0.03, Actions.contest),
    (0.06, lambda self: self.create(self.rng.choice(self.brands))),
    (0.01, lambda self: self.create(self.rng.choice([self.ops, *self.creators, ANONYMOUS]))),
    (0.06, lambda self: self.top_up(self.rng.choice(self.brands))),
    (0.04, Actions.withdraw),
    (0.06, Actions.message),
    (0.10, Actions.read),
    (0.03, Actions.video),
    (0.02, Actions.standing),
    (0.02, Actions.retention),
)
# (cumulative probability, action), for `Actions.step`
MIX = tuple(
    zip(itertools.accumulate(w for w, _ in _WEIGHTS), (a for _, a in _WEIGHTS), strict=True)
)
assert abs(MIX[-1][0] - 1.0) < 1e-9, MIX[-1][0]
assert set(Actions.PLAUSIBLE) == {s.value for s in State} - FINAL
