"""The world the authorization matrix calls into: two sides, A (the callers' own objects) and
B (foreign to them), each with a brand, an MCN-signed creator with money, an open order and
one of every other object; a revoked key; and, for each route, the path to the own or the
foreign object and a body valid enough to get past validation.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from statemachine import ORDER_MACHINE
from tests.factories import (
    OPS_KEY,
    Api,
    Creator,
    Party,
    bearer,
    fire,
    make_brand,
    make_creator,
    make_order,
    make_party,
    ok,
    video_url,
)
from tests.reliability.authorization_policy import Case

PAYEES = ("creator", "mcn")
SUBSCRIBERS = ("brand", "creator", "mcn")


@dataclass
class Side:
    """The objects of one side of the world: A is the callers' own, B is foreign to them."""

    brand: Party
    creator: Creator
    mcn: Party
    order: str = ""
    project: str = ""
    contract: str = ""
    violation: str = ""
    proposal: str = ""
    accepted: str = ""  # an accepted order, with a proposal to cancel it
    cancellation: str = ""
    entry: str = ""
    spare_key: str = ""
    held_message: str = ""
    deal_case: str = ""
    withdrawals: dict[str, str] = field(default_factory=dict)
    endpoints: dict[str, str] = field(default_factory=dict)

    def party(self, role: str) -> Party:
        return {"brand": self.brand, "creator": self.creator, "mcn": self.mcn}[role]

    def value(self, name: str, template: str, role: str) -> str:
        if name == "party_id":
            kind = template.split("/")[2]  # brands, creators or mcns
            return self.party(kind.removesuffix("s")).id
        payee = role if role in PAYEES else "creator"
        subscriber = role if role in SUBSCRIBERS else "brand"
        if "cancellation-proposals" in template:
            ids = {"order_id": self.accepted, "proposal_id": self.cancellation}
            return ids[name]
        return {
            "order_id": self.order,
            "creator_id": self.creator.id,
            "mcn_id": self.mcn.id,
            "channel_id": self.creator.channel_id,
            "key_id": self.spare_key,
            "project_id": self.project,
            "contract_id": self.contract,
            "violation_id": self.violation,
            "proposal_id": self.proposal,
            "entry_id": self.entry,
            "withdrawal_id": self.withdrawals.get(payee, ""),
            "endpoint_id": self.endpoints.get(subscriber, ""),
            "message_id": self.held_message,
            "case_id": self.deal_case,
        }[name]

    def ids(self) -> set[str]:
        found = {
            self.order, self.project, self.contract, self.violation, self.proposal,
            self.accepted, self.cancellation, self.held_message, self.deal_case,
            *self.withdrawals.values(), *self.endpoints.values(),
        }  # fmt: skip
        return {i for i in found if i}


@dataclass
class World:
    api: Api
    a: Side
    b: Side
    revoked: str
    outsider: Creator  # a creator no MCN has signed, for invitations

    def headers(self, role: str) -> dict[str, str]:
        if role == "ops":
            return bearer(OPS_KEY)
        if role == "anonymous":
            return {}
        if role == "revoked":
            return bearer(self.revoked)
        return self.a.party(role).auth

    def foreign_ids(self, role: str) -> set[str]:
        """What a role must never find in a list: the other side's objects, and for a brand
        every MCN contract (it is party to none)."""
        if role == "ops":
            return set()
        found = self.b.ids()
        if role == "brand":
            found.add(self.a.contract)
        return found


async def side(api: Api, name: str) -> Side:
    """A brand, an MCN-signed creator with a closed order (so both have money), a fresh
    order, and one of every other object."""
    c = api.client
    brand = await make_brand(api, f"Brand {name}")
    creator = await make_creator(api, f"Creator {name}")
    mcn = await make_party(api, "mcn", f"MCN {name}")
    this = Side(brand, creator, mcn)
    contract = ok(
        await c.post(
            "/v1/mcn-contracts",
            json={"creator_id": creator.id, "share_bps": 2000, "ends_at": "2030-01-01T00:00:00Z"},
            headers=mcn.auth,
        ),
        201,
    )
    this.contract = contract["id"]
    ok(await c.post(f"/v1/mcn-contracts/{this.contract}/accept", headers=creator.auth))
    paid = await make_order(api, brand, creator, retention_days=1)
    ok(await fire(api, paid["id"], "accept", creator.auth))
    ok(await fire(api, paid["id"], "publish", creator.auth, video_url=video_url(creator, 9)))
    api.clock.advance(timedelta(days=1, minutes=1))
    await api.app.state.worker.run_until_idle()  # complete_retention
    ok(await fire(api, paid["id"], "settle", api.ops, reason="early settlement"))
    for role, payee in (("creator", creator), ("mcn", mcn)):
        withdrawal = {"amount_fen": 1_000, "channel": "alipay", "destination": "x@example.com"}
        found = ok(await c.post("/v1/withdrawals", json=withdrawal, headers=payee.auth), 201)
        this.withdrawals[role] = found["id"]
    this.order = (await make_order(api, brand, creator, retention_days=15))["id"]
    this.project = ok(await c.post("/v1/projects", json={"name": name}, headers=brand.auth), 201)[
        "id"
    ]
    violation = {
        "creator_id": creator.id,
        "kind": "platform_account_violation",
        "evidence": "reported by the platform",
    }
    this.violation = ok(await c.post("/v1/violations", json=violation, headers=api.ops), 201)["id"]
    proposal = ok(
        await c.post(
            f"/v1/orders/{this.order}/retention-proposals",
            json={"retention_days": 20},
            headers=creator.auth,
        ),
        201,
    )
    this.proposal = proposal["id"]
    accepted = await make_order(api, brand, creator)
    this.accepted = ok(await fire(api, accepted["id"], "accept", creator.auth))["id"]
    cancellation = ok(
        await c.post(
            f"/v1/orders/{this.accepted}/cancellation-proposals",
            json={"reason": "the creator fell ill"},
            headers=creator.auth,
        ),
        201,
    )
    this.cancellation = cancellation["id"]
    held = {"text": "加个好友吧，以后单子直接找我"}  # unsure: held for ops
    this.held_message = ok(
        await c.post(f"/v1/orders/{this.order}/messages", json=held, headers=creator.auth), 201
    )["id"]
    posted = {"video_url": video_url(creator, 21), "status": "live", "commercial": True}
    this.deal_case = ok(await c.put("/v1/simulator/videos", json=posted, headers=api.ops))[
        "private_deal_case"
    ]
    ledger = ok(await c.get("/v1/ledger?limit=100", headers=brand.auth))["data"]
    this.entry = next(line["entry_id"] for line in ledger if line["entry_kind"] == "top_up")
    this.spare_key = ok(await c.post(f"/v1/brands/{brand.id}/api-keys", headers=api.ops), 201)["id"]
    for role, party in (("brand", brand), ("creator", creator), ("mcn", mcn)):
        endpoint = {"url": f"http://127.0.0.1:9/hooks/{name}/{role}"}
        found = ok(await c.post("/v1/webhook-endpoints", json=endpoint, headers=party.auth), 201)
        this.endpoints[role] = found["id"]
    return this


async def world_of(api: Api) -> World:
    a, b = await side(api, "A"), await side(api, "B")
    doomed = await make_party(api, "brand", "Revoked")
    key_id = ok(await api.client.post(f"/v1/brands/{doomed.id}/api-keys", headers=api.ops), 201)
    # the second key is revoked; the key make_party issued stays, unused
    ok(await api.client.post(f"/v1/api-keys/{key_id['id']}/revoke", headers=api.ops))
    outsider = await make_creator(api, "Outsider")
    await api.app.state.worker.run_once()  # number the events, so /v1/events has some
    return World(api, a, b, key_id["key"], outsider)


def body_for(method: str, template: str, world: World) -> Any:
    """A valid body for the route, so that an allowed call gets past validation."""
    if method not in ("POST", "PUT", "PATCH"):
        return None
    last = template.rsplit("/", 1)[-1]
    unique = uuid.uuid4().hex[:12]
    if template in ("/v1/brands", "/v1/creators", "/v1/mcns", "/v1/projects"):
        return {"name": f"Matrix {unique}"}
    if template == f"/v1/orders/{{order_id}}/{last}" and last in ORDER_MACHINE.triggers:
        body: dict[str, Any] = {
            "reason": "matrix", "evidence": "matrix", "content": "matrix script",
            "draft_url": "https://drafts.example.com/matrix", "feedback": "matrix",
            "refund_bps": 0,
        }  # fmt: skip
        if last == "publish":
            body["video_url"] = video_url(world.a.creator, 11)
        return body
    bodies: dict[str, Any] = {
        "/v1/creators/{creator_id}/channels": {
            "platform": "douyin", "handle": f"m{unique}", "followers": 200_000,
        },
        "/v1/creators/{creator_id}/channels/{channel_id}": {"followers": 300_000},
        "/v1/mcn-contracts": {
            "creator_id": world.outsider.id, "share_bps": 1000, "ends_at": "2030-01-01T00:00:00Z",
        },
        "/v1/violations": {
            "creator_id": world.a.creator.id, "kind": "private_deal", "evidence": "screenshots",
        },
        "/v1/orders/{order_id}/messages": {"text": "Hello from the matrix"},
        "/v1/orders/{order_id}/retention-proposals": {"retention_days": 25},
        "/v1/orders/{order_id}/cancellation-proposals": {"reason": "matrix"},
        "/v1/orders": {
            "creator_id": world.a.creator.id, "channel_id": world.a.creator.channel_id,
            "price_fen": 10_000, "brief": "matrix order",
        },
        "/v1/projects/{project_id}": {"name": f"Matrix {unique}"},
        "/v1/top-ups": {"amount_fen": 1_000},
        "/v1/withdrawals": {"amount_fen": 1_000, "channel": "bank", "destination": "6222000011"},
        "/v1/simulator/videos": {"video_url": video_url(world.a.creator, 12), "status": "live"},
        "/v1/dev/clock": {"advance_seconds": 1},
        "/v1/webhook-endpoints": {"url": f"http://127.0.0.1:9/hooks/{unique}"},
        "/v1/webhook-endpoints/{endpoint_id}/replay": {"after_sequence": 0},
        "/v1/integrations/video-platform/callback": {
            "video_url": video_url(world.a.creator, 9), "status": "live",
            "changed_at": "2026-03-02T09:30:00Z",
        },
    }  # fmt: skip
    if template in bodies:
        return bodies[template]
    if last in ("release", "confirm", "dismiss") and template.startswith("/v1/ops/"):
        return {"reason": "matrix"}
    if last in ("appeal", "uphold", "revoke", "lift-suspension", "reverse", "terminate"):
        return {"reason": "matrix"}
    return None


def path_of(case: Case, world: World) -> str:
    side = world.b if case.variant == "foreign" else world.a
    path = case.template
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        name = path[start + 1 : end]
        path = path[:start] + side.value(name, case.template, case.role) + path[end + 1 :]
    return path
