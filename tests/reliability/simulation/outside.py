"""The world outside the service in the simulation: a payout provider that rolls dice, and the
brand's webhook receiver behind an unreliable network, both seeded."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from service.ports.payments import Payout
from statemachine.withdrawal import PayoutChannel


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


@contextlib.contextmanager
def webhooks_to(app: Any, receiver: Integration) -> Iterator[None]:
    """The worker's webhook sender posts to the receiver function instead of the network."""
    deliveries = app.state.worker.deliveries
    deliveries.transport = httpx.MockTransport(receiver.handle)
    try:
        yield
    finally:
        deliveries.transport = None
