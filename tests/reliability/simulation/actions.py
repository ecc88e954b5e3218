"""What a step of the simulation may do, drawn from its seeded generator, and what each answer
must be: every trigger by the right and by wrong parties (some as dry runs, some with an
If-Match, stale or current), orders, top-ups, a successful POST sent again with its key,
withdrawals, messages, reads, video changes, retention changes, forgiven creators, clock
jumps, worker passes and the network handing the webhook receiver what it got. Each returns
its line of the step log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from statemachine import ORDER_MACHINE, Stage, State, fires_from
from tests.reliability.invariants import FINAL, destinations
from tests.reliability.parties import Who, actor_for, expected_refusal, visible
from tests.reliability.simulation.world import Order, World

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
    "submit_script": 8,
    "approve_script": 6,
    "request_script_changes": 1.5,
    "submit_video": 8,
    "approve_video": 6,
    "request_video_changes": 1.5,
    "escalate_review": 0.3,
    "accept_cancellation": 0.5,
    "open_dispute": 0.7,
    "withdraw_dispute": 1,
    "resolve_dispute": 2,
}
REVIEWS = ("none", "none", "video", "script_and_video")
SCRIPTS = ("先拍茶罐特写，再冲泡，最后口播品牌名。", "脚本见附件，细节加我微信 tea_lover_88")
REFUND_BPS = (0, 1, 3_333, 5_000, 9_999, 10_000)
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


class Actions(World):
    async def fire(self) -> str:
        if not self.orders:
            return await self.create()
        open_orders = [o for o in self.orders if o.state not in FINAL]
        pool = open_orders if open_orders and self.rng.random() < 0.9 else self.orders
        order = self.rng.choice(pool)
        trigger = self.rng.choice(ORDER_MACHINE.triggers)
        stage = self.stage_of(order)
        plausible = [
            t.trigger
            for t in ORDER_MACHINE.transitions
            if order.state and fires_from(t, State(order.state), stage)
        ]
        if plausible and self.rng.random() < 0.8:
            trigger = self.rng.choices(plausible, [PROGRESS.get(t, 1.0) for t in plausible])[0]
        who = (
            actor_for(order, trigger, self.ops) if self.rng.random() < 0.65 else self.anyone(order)
        )
        body: dict[str, Any] = {}
        if who.role == "ops" and self.rng.random() < 0.9:
            body["reason"] = f"sim {trigger}"
        if trigger == "publish":
            body["video_url"] = self.video_url(order, wrong=self.rng.random() < 0.1)
        if trigger == "flag_fake_traffic" and self.rng.random() < 0.9:
            body["evidence"] = "plays from one ASN"
        if trigger == "report_removed" and who.role == "ops" and self.rng.random() < 0.5:
            body["video_status"] = self.rng.choice(["removed", "private"])
        body.update(self.review_fields(trigger))
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
        self.expect_fire(order, trigger, who, response, stale=stale, stage=stage, body=body)
        if "dry_run" in path and response.status_code == 200:
            if await self.history_after(history_before):
                raise self.fail(f"a dry run of {trigger} on {order.alias} wrote history")
            if response.headers.get("x-dry-run") != "true":
                raise self.fail("a dry run did not say so")
        extra = " dry" if "dry_run" in path else " if-match" if headers else ""
        return (
            f"fire {order.alias}({before}) {trigger} by {who.alias}{extra} -> {self.said(response)}"
        )

    def stage_of(self, order: Order) -> Stage | None:
        found = self.peek("SELECT stage FROM orders WHERE id = :id", id=order.id)
        return Stage(found[0][0]) if found and found[0][0] else None

    def review_fields(self, trigger: str) -> dict[str, Any]:
        """The fields of the review's and the disputes' triggers, now and then missing or
        refused (a script with contact details)."""
        fields: dict[str, Any] = {}
        if self.rng.random() < 0.05:
            return fields
        if trigger == "submit_script":
            fields["content"] = SCRIPTS[self.rng.random() < 0.1]
        elif trigger == "submit_video":
            fields["draft_url"] = f"https://drafts.example.com/v/{self.rng.randrange(10**6)}"
        elif trigger.startswith("request_"):
            fields["feedback"] = "More light on the tea leaves, please."
        elif trigger in ("escalate_review", "open_dispute"):
            fields["reason"] = f"sim {trigger}"
            fields["evidence"] = "a screenshot at 0:12"
        elif trigger == "resolve_dispute":
            fields["refund_bps"] = self.rng.choice(REFUND_BPS)
        return fields

    def expect_fire(
        self, order: Order, trigger: str, who: Who, response: httpx.Response, *, stale: bool,
        stage: Stage | None, body: dict[str, Any],
    ) -> None:  # fmt: skip
        transition = ORDER_MACHINE.by_trigger[trigger]
        status, code = response.status_code, self.code(response)
        demanded = expected_refusal(order, trigger, who)
        if stale and demanded in (None, 403):  # If-Match is read before the role is
            demanded = 412
        if demanded is None and order.state not in {s.value for s in transition.sources}:
            if (status, code) != (409, "invalid_transition"):
                raise self.fail(f"{trigger} from {order.state}: {status} {response.text}")
            return
        assert order.state is not None
        if demanded is None and not fires_from(transition, State(order.state), stage):
            if (status, code) != (409, "stage_mismatch"):
                raise self.fail(f"{trigger} at {stage}: {status} {response.text}")
            return
        if demanded is not None:
            if status != demanded:
                raise self.fail(
                    f"{who.alias} fired {trigger} on {order.alias}: {status}, not {demanded}: "
                    f"{response.text[:300]}"
                )
            return
        if status == 200:
            state = response.json()["state"]
            if state not in destinations(transition, order.state):
                raise self.fail(f"{trigger} ended in {state}")
            if transition.branches and (state == "refunded") != (body.get("refund_bps") == 10_000):
                raise self.fail(f"{trigger} with {body} ended in {state}")
        elif status not in (409, 422) or code in ("invalid_transition", "version_conflict"):
            raise self.fail(f"{trigger} on {order.alias} ({order.state}): {status} {response.text}")

    async def create(self) -> str:
        if sum(o.state not in FINAL for o in self.orders) >= OPEN_ORDERS:
            return await self.fire()  # enough orders in flight
        who = self.rng.choice(self.brands) if self.rng.random() < 0.9 else self.anyone()
        creator = self.rng.choice(self.creators)
        channel = creator.channel_id
        if self.rng.random() < 0.08:
            channel = self.rng.choice(self.creators).channel_id  # maybe someone else's
        body = {
            "creator_id": creator.id,
            "channel_id": channel,
            "price_fen": self.rng.choice([100, 5_000, 100_000, 1_000_000]),
            "retention_days": self.rng.choice([1, 2, 3, 7]),
            "publish_days": self.rng.choice([1, 2, 3]),
            "brief": "A 30-second unboxing of our spring tea.",
            "review": self.rng.choice(REVIEWS),
            "revision_rounds": self.rng.choice([0, 1, 2]),
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
        elif not visible(order, who):
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
        sent = await self.app.state.worker.deliver_due()
        return (
            f"worker timers={done.timers} videos={done.videos} payouts={done.withdrawals} "
            f"events={done.events} webhooks={sent}"
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
        expected = 401 if who.role == "anonymous" else 200 if visible(order, who) else 404
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

    async def cancel_by_consent(self) -> str:
        """One side proposes to cancel an accepted order (now and then with compensation,
        sometimes more than the price); the other accepts it, by the proposal or by the
        trigger, or lets it be."""
        accepted = [o for o in self.orders if o.state == "accepted"]
        if not accepted:
            return await self.fire()
        order = self.rng.choice(accepted)
        proposer, other = self.rng.sample([order.brand, order.creator], 2)
        compensation = self.rng.choice([0, 0, 100, 5_000, 2_000_000])
        path = f"/v1/orders/{order.id}/cancellation-proposals"
        body = {"reason": "sim: plans changed", "compensation_fen": compensation}
        response = await self.call("POST", path, proposer, body, key=self.key())
        line = f"propose to cancel {order.alias} by {proposer.alias} -> {self.said(response)}"
        if response.status_code != 201:
            if response.status_code not in (409, 422):
                raise self.fail(f"cancellation proposal: {response.status_code} {response.text}")
            return line
        roll = self.rng.random()
        if roll < 0.4:
            accept = f"{path}/{response.json()['id']}/accept"
        elif roll < 0.8:
            accept = f"/v1/orders/{order.id}/accept_cancellation"
        else:
            return line + ", left to lapse"
        answer = await self.call("POST", accept, other, key=self.key())
        if answer.status_code == 200 and answer.json()["compensation_fen"] != compensation:
            raise self.fail(f"{order.alias} cancelled paying {answer.json()['compensation_fen']}")
        if answer.status_code not in (200, 409, 422):
            raise self.fail(f"cancellation accept: {answer.status_code} {answer.text}")
        return line + f", accept -> {self.said(answer)}"

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
        ("cancel_by_consent", 1),
    )  # fmt: skip
