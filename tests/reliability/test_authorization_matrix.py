"""The authorization matrix: every operation of the OpenAPI schema × every role (brand,
creator, MCN, ops, anonymous, a revoked key) × an object of the caller's own and a foreign
one, against the policy declared below (who may call what).

- no key, or a revoked one: 401; a role the policy does not name: 403 (404 where the policy
  says the route hides objects from that role instead); a foreign object: 404;
- zero unexpected allows: a refused call is never 2xx and changes nothing in the database;
- an allowed call is not refused for authorization (it may still meet 409 or 422);
- lists (orders, contracts, events, webhook endpoints, ledger) hold nothing foreign.

A route missing from the policy fails the test: the policy must grow with the API.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest

from service.app import bootstrap, create_app
from service.clock import ManualClock
from service.config import Settings
from service.db import Database
from statemachine import BY_TRIGGER, TRIGGERS, Actor
from tests.conftest import START
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
from tests.reliability.invariants import changes, snapshot

ROLES = ("brand", "creator", "mcn", "ops")
PAYEES = ("creator", "mcn")
SUBSCRIBERS = ("brand", "creator", "mcn")


@dataclass(frozen=True)
class Rule:
    """Who may call a route: role → "own" (only its own objects; others' are 404) or "any"
    (every object, or the route names none). Roles not named get 403, those in `hidden` 404
    (the route answers as if the object did not exist). `public`: no key needed; `signed`:
    no key, a signature instead; `lists`: the answer must hold nothing foreign."""

    allow: dict[str, str] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()
    public: bool = False
    signed: bool = False
    lists: bool = False


def rule(*, hidden: tuple[str, ...] = (), lists: bool = False, **allow: str) -> Rule:
    return Rule(allow=dict(allow), hidden=frozenset(hidden), lists=lists)


OPS_ONLY = rule(ops="any")
PAIR = dict(brand="own", creator="own")  # the order's brand and creator
EVERYONE = dict(brand="any", creator="any", mcn="any", ops="any")
SELF_CREATOR = rule(ops="any", creator="own", hidden=("brand", "mcn"))  # ops, or the creator
OWN_ENDPOINT = rule(brand="own", creator="own", mcn="own")

# The declared policy, by (method, path template). Trigger routes follow below.
POLICY: dict[tuple[str, str], Rule] = {
    ("GET", "/health"): Rule(public=True),
    ("GET", "/v1/order-machine"): Rule(public=True),
    ("POST", "/v1/integrations/video-platform/callback"): Rule(signed=True),
    # parties and keys: ops manage them; a party may read itself
    ("POST", "/v1/brands"): OPS_ONLY,
    ("POST", "/v1/creators"): OPS_ONLY,
    ("POST", "/v1/mcns"): OPS_ONLY,
    ("GET", "/v1/brands/{party_id}"): rule(ops="any", brand="own", hidden=("creator", "mcn")),
    ("GET", "/v1/creators/{party_id}"): rule(ops="any", creator="own", hidden=("brand", "mcn")),
    ("GET", "/v1/mcns/{party_id}"): rule(ops="any", mcn="own", hidden=("brand", "creator")),
    ("POST", "/v1/brands/{party_id}/api-keys"): OPS_ONLY,
    ("POST", "/v1/creators/{party_id}/api-keys"): OPS_ONLY,
    ("POST", "/v1/mcns/{party_id}/api-keys"): OPS_ONLY,
    ("POST", "/v1/api-keys/{key_id}/revoke"): OPS_ONLY,
    # channels and admission: ops register; everyone may see channels (brands choose)
    ("POST", "/v1/creators/{creator_id}/channels"): OPS_ONLY,
    ("GET", "/v1/creators/{creator_id}/channels"): rule(**EVERYONE),
    ("PATCH", "/v1/creators/{creator_id}/channels/{channel_id}"): OPS_ONLY,
    ("GET", "/v1/creators/{creator_id}/eligibility"): SELF_CREATOR,
    # projects: a brand's own
    ("POST", "/v1/projects"): rule(brand="any"),
    ("GET", "/v1/projects/{project_id}"): rule(brand="own", ops="any", hidden=("creator", "mcn")),
    # MCN contracts: the MCN and the creator of each; ops all; brands none
    ("GET", "/v1/mcn-contracts"): rule(**EVERYONE, lists=True),
    ("POST", "/v1/mcn-contracts"): rule(mcn="any"),
    ("GET", "/v1/mcn-contracts/{contract_id}"): rule(
        mcn="own", creator="own", ops="any", hidden=("brand",)
    ),
    ("POST", "/v1/mcn-contracts/{contract_id}/accept"): rule(creator="own"),
    ("POST", "/v1/mcn-contracts/{contract_id}/decline"): rule(creator="own"),
    ("POST", "/v1/mcn-contracts/{contract_id}/terminate"): rule(creator="own", mcn="own"),
    # credit: ops record and decide; the creator sees its own and appeals
    ("GET", "/v1/creators/{creator_id}/violations"): SELF_CREATOR,
    ("POST", "/v1/violations"): OPS_ONLY,
    ("POST", "/v1/violations/{violation_id}/appeal"): rule(creator="own"),
    ("POST", "/v1/violations/{violation_id}/uphold"): OPS_ONLY,
    ("POST", "/v1/violations/{violation_id}/revoke"): OPS_ONLY,
    ("POST", "/v1/creators/{creator_id}/lift-suspension"): OPS_ONLY,
    # messages: between the order's brand and creator; ops read them
    ("POST", "/v1/orders/{order_id}/messages"): rule(**PAIR),
    ("GET", "/v1/orders/{order_id}/messages"): rule(**PAIR, ops="any"),
    # retention changes: the order's brand and creator; the other side accepts (the world
    # below has the creator propose, so the creator may not accept its own proposal)
    ("POST", "/v1/orders/{order_id}/retention-proposals"): rule(**PAIR),
    ("POST", "/v1/orders/{order_id}/retention-proposals/{proposal_id}/accept"): rule(brand="own"),
    # orders: brands create; the order's brand, creator, signing MCN and ops read
    ("POST", "/v1/orders"): rule(brand="any"),
    ("GET", "/v1/orders"): rule(**EVERYONE, lists=True),
    ("GET", "/v1/orders/{order_id}"): rule(**PAIR, mcn="own", ops="any"),
    ("GET", "/v1/orders/{order_id}/transitions"): rule(**PAIR, mcn="own", ops="any"),
    ("GET", "/v1/orders/{order_id}/history"): rule(**PAIR, mcn="own", ops="any"),
    # money
    ("POST", "/v1/top-ups"): rule(brand="any"),
    ("GET", "/v1/balance"): rule(brand="any", creator="any", mcn="any"),
    ("GET", "/v1/ledger"): rule(brand="any", creator="any", mcn="any", lists=True),
    ("POST", "/v1/withdrawals"): rule(creator="any", mcn="any"),
    ("GET", "/v1/withdrawals/{withdrawal_id}"): rule(creator="own", mcn="own"),
    ("POST", "/v1/journal-entries/{entry_id}/reverse"): OPS_ONLY,
    ("GET", "/v1/ops/ledger-check"): OPS_ONLY,
    ("PUT", "/v1/simulator/videos"): OPS_ONLY,
    ("POST", "/v1/dev/clock"): OPS_ONLY,
    # events and webhooks: each party its own
    ("GET", "/v1/events"): rule(**EVERYONE, lists=True),
    ("GET", "/v1/webhook-endpoints"): rule(brand="any", creator="any", mcn="any", lists=True),
    ("POST", "/v1/webhook-endpoints"): rule(brand="any", creator="any", mcn="any"),
    ("GET", "/v1/webhook-endpoints/{endpoint_id}"): OWN_ENDPOINT,
    ("GET", "/v1/webhook-endpoints/{endpoint_id}/attempts"): OWN_ENDPOINT,
    ("POST", "/v1/webhook-endpoints/{endpoint_id}/replay"): OWN_ENDPOINT,
    ("POST", "/v1/webhook-endpoints/{endpoint_id}/enable"): OWN_ENDPOINT,
}  # fmt: skip

# Who fires each trigger (product.md §4), declared here independently of the code's table:
# ops stand in for the system, on any order.
TRIGGER_POLICY: dict[str, Rule] = {
    "accept": rule(creator="own"),
    "decline": rule(creator="own"),
    "cancel": rule(brand="own"),
    "publish": rule(creator="own"),
    "expire": OPS_ONLY,
    "miss_deadline": OPS_ONLY,
    "report_removed": OPS_ONLY,
    "complete_retention": OPS_ONLY,
    "settle": OPS_ONLY,
    "refund": OPS_ONLY,
    "flag_fake_traffic": OPS_ONLY,
}
for _trigger, _rule in TRIGGER_POLICY.items():
    POLICY[("POST", f"/v1/orders/{{order_id}}/{_trigger}")] = _rule


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
    entry: str = ""
    spare_key: str = ""
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
        return {
            "order_id": self.order,
            "creator_id": self.creator.id,
            "channel_id": self.creator.channel_id,
            "key_id": self.spare_key,
            "project_id": self.project,
            "contract_id": self.contract,
            "violation_id": self.violation,
            "proposal_id": self.proposal,
            "entry_id": self.entry,
            "withdrawal_id": self.withdrawals.get(payee, ""),
            "endpoint_id": self.endpoints.get(subscriber, ""),
        }[name]

    def ids(self) -> set[str]:
        found = {
            self.order, self.project, self.contract, self.violation, self.proposal,
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


@pytest.fixture
async def dev_api(database: Database) -> AsyncIterator[Api]:
    """The API in dev mode (the test clock is a route too), on both databases."""
    settings = Settings(database_url=database.url, bootstrap_ops_key=OPS_KEY, dev_mode=True)
    clock = ManualClock(START)
    app = create_app(settings, database=database, clock=clock)
    await bootstrap(app)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://matrix") as client:
        yield Api(client=client, clock=clock, payouts=app.state.payouts, app=app, database=database)


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
    if template == f"/v1/orders/{{order_id}}/{last}" and last in TRIGGERS:
        body: dict[str, Any] = {"reason": "matrix", "evidence": "matrix"}
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
        "/v1/orders": {
            "creator_id": world.a.creator.id, "channel_id": world.a.creator.channel_id,
            "price_fen": 10_000, "brief": "matrix order",
        },
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
    if last in ("appeal", "uphold", "revoke", "lift-suspension", "reverse", "terminate"):
        return {"reason": "matrix"}
    return None


@dataclass(frozen=True)
class Case:
    method: str
    template: str
    role: str
    variant: str  # own, foreign, or none (the route names no object)
    refused: frozenset[int] | None  # the statuses the policy demands; None: allowed

    def __str__(self) -> str:
        return f"{self.method} {self.template} as {self.role} ({self.variant})"


def expected(policy: Rule, role: str, variant: str) -> frozenset[int] | None:
    if policy.public:
        return None
    if policy.signed or role in ("anonymous", "revoked"):
        return frozenset({401})
    scope = policy.allow.get(role)
    if scope is None:
        refused = {404} if role in policy.hidden else {403}
        # a foreign object may be hidden before the role is looked at: 403 or 404 both leak
        # nothing and allow nothing
        return frozenset(refused | ({403, 404} if variant == "foreign" else set()))
    if scope == "any" or variant != "foreign":
        return None
    return frozenset({404})


def cases(schema: dict[str, Any]) -> list[Case]:
    found = []
    for template, operations in schema["paths"].items():
        for method in operations:
            policy = POLICY[(method.upper(), template)]
            variants = ("own", "foreign") if "{" in template else ("none",)
            for role in (*ROLES, "anonymous", "revoked"):
                for variant in variants if role in ROLES else variants[:1]:
                    refused = expected(policy, role, variant)
                    found.append(Case(method.upper(), template, role, variant, refused))
    return found


def path_of(case: Case, world: World) -> str:
    side = world.b if case.variant == "foreign" else world.a
    path = case.template
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        name = path[start + 1 : end]
        path = path[:start] + side.value(name, case.template, case.role) + path[end + 1 :]
    return path


async def call(case: Case, world: World) -> httpx.Response:
    body = body_for(case.method, case.template, world)
    return await world.api.client.request(
        case.method,
        path_of(case, world),
        json=body,
        headers=world.headers(case.role),
    )


def test_the_policy_covers_every_route_and_agrees_with_the_transition_table(
    dev_api_app_schema: dict[str, Any],
) -> None:
    operations = {
        (method.upper(), template)
        for template, ops in dev_api_app_schema["paths"].items()
        for method in ops
    }
    assert operations - set(POLICY) == set(), "routes without a declared policy"
    assert set(POLICY) - operations == set(), "policy for routes that do not exist"
    for trigger, declared in TRIGGER_POLICY.items():
        transition = BY_TRIGGER[trigger]
        parties = {a.value for a in transition.actors if a is not Actor.SYSTEM}
        if Actor.SYSTEM in transition.actors:
            parties.add("ops")
        assert set(declared.allow) == parties, (trigger, declared.allow, parties)


@pytest.fixture(scope="module")
def dev_api_app_schema() -> dict[str, Any]:
    settings = Settings(database_url="sqlite+aiosqlite:///:memory:", dev_mode=True)
    schema: dict[str, Any] = create_app(settings).openapi()
    return schema


async def test_authorization_matrix(dev_api: Api) -> None:
    world = await world_of(dev_api)
    schema = dev_api.app.openapi()
    everything = cases(schema)
    refused = [c for c in everything if c.refused is not None]
    allowed = [c for c in everything if c.refused is None]
    assert len(everything) > 500 and refused and allowed

    failures: list[str] = []
    before = await snapshot(dev_api.database)
    for case in refused:  # first, while every object is as the world made it
        response = await call(case, world)
        status = response.status_code
        if 200 <= status < 300:
            failures.append(f"UNEXPECTED ALLOW {case}: {status} {response.text[:200]}")
        elif status not in case.refused:  # type: ignore[operator]
            failures.append(f"{case}: {status}, policy says {sorted(case.refused)}")  # type: ignore[arg-type]
        elif not response.headers.get("content-type", "").startswith("application/problem+json"):
            failures.append(f"{case}: {status} is not a problem: {response.text[:100]}")
    failures += [
        f"a refused call changed {c}" for c in changes(before, await snapshot(world.api.database))
    ]

    # Then the allowed calls: GETs first, and the calls that end a contract last (an MCN
    # that lost its creator no longer sees the creator's orders).
    def order(case: Case) -> tuple[bool, bool]:
        return (case.method != "GET", case.template.endswith(("/terminate", "/decline")))

    for case in sorted(allowed, key=order):
        response = await call(case, world)
        if response.status_code in (401, 403, 404) or response.status_code >= 500:
            failures.append(f"{case}: refused {response.status_code} {response.text[:200]}")
        elif response.status_code == 422 and response.json()["code"] == "validation_error":
            failures.append(f"{case}: the test sent a bad body: {response.text[:200]}")
        policy = POLICY[(case.method, case.template)]
        if policy.lists and response.status_code == 200:
            leaked = sorted(i for i in world.foreign_ids(case.role) if i in response.text)
            if leaked:
                failures.append(f"LEAK {case}: the list shows foreign objects {leaked}")
    assert not failures, f"{len(failures)} of {len(everything)} cases:\n" + "\n".join(failures)


async def test_a_signed_video_callback_is_accepted_without_a_key(dev_api: Api) -> None:
    """The one route that takes no key takes a signature instead (and 401 without it)."""
    settings = dev_api.app.state.settings
    body = json.dumps(
        {"video_url": "https://www.douyin.com/@x/video/1", "status": "live",
         "changed_at": "2026-03-02T09:00:00Z"}
    ).encode()  # fmt: skip
    stamp = str(int(dev_api.clock.now().timestamp()))
    digest = hmac.new(
        settings.video_callback_secret.encode(), stamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    path = "/v1/integrations/video-platform/callback"
    signed = {"X-Video-Signature": f"t={stamp},v1={digest}", "content-type": "application/json"}
    assert (await dev_api.client.post(path, content=body, headers=signed)).status_code == 202
    forged = {**signed, "X-Video-Signature": f"t={stamp},v1={'0' * 64}"}
    assert ok(await dev_api.client.post(path, content=body, headers=forged), 401)["code"] == (
        "bad_signature"
    )
    stale = str(int(dev_api.clock.now().timestamp()) - 3600)
    old = {**signed, "X-Video-Signature": f"t={stale},v1={digest}"}
    assert (await dev_api.client.post(path, content=body, headers=old)).status_code == 401
