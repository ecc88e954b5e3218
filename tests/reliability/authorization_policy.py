"""The policy the authorization matrix holds the API to, declared independently of the code:
who may call each route of the OpenAPI schema (`POLICY`, by method and path template), who
fires each trigger (`TRIGGER_POLICY`, product.md §4), and the cases that follow from it for
every role (brand, creator, MCN, ops, anonymous, a revoked key) × an object of the caller's
own and a foreign one, with the statuses each case demands (`cases`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES = ("brand", "creator", "mcn", "ops")


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
PAIR: dict[str, Any] = dict(brand="own", creator="own")  # the order's brand and creator
EVERYONE: dict[str, Any] = dict(brand="any", creator="any", mcn="any", ops="any")
SELF_CREATOR = rule(ops="any", creator="own", hidden=("brand", "mcn"))  # ops, or the creator
BRAND_DATA = rule(brand="own", ops="any", hidden=("creator", "mcn"))  # a project and its data
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
    ("GET", "/v1/projects"): rule(**EVERYONE, lists=True),
    ("GET", "/v1/projects/{project_id}"): BRAND_DATA,
    ("PATCH", "/v1/projects/{project_id}"): BRAND_DATA,
    ("GET", "/v1/projects/{project_id}/summary"): BRAND_DATA,
    ("GET", "/v1/projects/{project_id}/orders.csv"): BRAND_DATA,
    ("GET", "/v1/projects/{project_id}/metrics.csv"): BRAND_DATA,
    ("GET", "/v1/projects/{project_id}/charts/plays.svg"): BRAND_DATA,
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
    # held messages and suspected private deals: ops review them
    ("GET", "/v1/ops/held-messages"): OPS_ONLY,
    ("POST", "/v1/ops/held-messages/{message_id}/release"): OPS_ONLY,
    ("POST", "/v1/ops/held-messages/{message_id}/confirm"): OPS_ONLY,
    ("GET", "/v1/ops/private-deal-cases"): OPS_ONLY,
    ("POST", "/v1/ops/private-deal-cases/{case_id}/dismiss"): OPS_ONLY,
    ("POST", "/v1/ops/private-deal-cases/{case_id}/confirm"): OPS_ONLY,
    # retention changes: the order's brand and creator; the other side accepts (the world
    # below has the creator propose, so the creator may not accept its own proposal)
    ("POST", "/v1/orders/{order_id}/retention-proposals"): rule(**PAIR),
    ("POST", "/v1/orders/{order_id}/retention-proposals/{proposal_id}/accept"): rule(brand="own"),
    # drafts: what the order's parties see; cancellation by consent: the order's brand and
    # creator, the other side accepts (the world has the creator propose)
    ("GET", "/v1/orders/{order_id}/drafts"): rule(**PAIR, mcn="own", ops="any"),
    ("GET", "/v1/orders/{order_id}/cancellation-proposals"): rule(**PAIR, mcn="own", ops="any"),
    ("POST", "/v1/orders/{order_id}/cancellation-proposals"): rule(**PAIR),
    ("POST", "/v1/orders/{order_id}/cancellation-proposals/{proposal_id}/accept"): rule(
        brand="own"
    ),
    # orders: brands create; the order's brand, creator, signing MCN and ops read
    ("POST", "/v1/orders"): rule(brand="any"),
    ("GET", "/v1/orders"): rule(**EVERYONE, lists=True),
    ("GET", "/v1/orders/{order_id}"): rule(**PAIR, mcn="own", ops="any"),
    ("GET", "/v1/orders/{order_id}/transitions"): rule(**PAIR, mcn="own", ops="any"),
    ("GET", "/v1/orders/{order_id}/history"): rule(**PAIR, mcn="own", ops="any"),
    # data: the order's parties, its MCN and ops
    ("GET", "/v1/orders/{order_id}/metrics"): rule(**PAIR, mcn="own", ops="any"),
    ("GET", "/v1/orders/{order_id}/charts/plays.svg"): rule(**PAIR, mcn="own", ops="any"),
    ("GET", "/v1/creators/{creator_id}/earnings"): rule(
        ops="any", creator="own", mcn="own", hidden=("brand",)
    ),
    ("GET", "/v1/mcns/{mcn_id}/roster"): rule(ops="any", mcn="own", hidden=("brand", "creator")),
    # money
    ("POST", "/v1/top-ups"): rule(brand="any"),
    ("GET", "/v1/balance"): rule(brand="any", creator="any", mcn="any"),
    ("GET", "/v1/ledger"): rule(brand="any", creator="any", mcn="any", lists=True),
    ("POST", "/v1/withdrawals"): rule(creator="any", mcn="any"),
    ("GET", "/v1/withdrawals/{withdrawal_id}"): rule(creator="own", mcn="own"),
    ("POST", "/v1/journal-entries/{entry_id}/reverse"): OPS_ONLY,
    ("GET", "/v1/ops/ledger-check"): OPS_ONLY,
    ("PUT", "/v1/simulator/videos"): OPS_ONLY,
    ("POST", "/v1/simulator/channels/{channel_id}/videos"): rule(creator="own", ops="any"),
    ("POST", "/v1/dev/clock"): rule(ops="any", hidden=("brand", "creator", "mcn")),
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
    # drafts and review (§9): ops decide a review handed to them, and stand in for the system
    "submit_script": rule(creator="own"),
    "approve_script": rule(brand="own", ops="any"),
    "request_script_changes": rule(brand="own"),
    "submit_video": rule(creator="own"),
    "approve_video": rule(brand="own", ops="any"),
    "request_video_changes": rule(brand="own"),
    "escalate_review": rule(**PAIR),
    "auto_approve": OPS_ONLY,
    # cancellation by consent and disputes (§10)
    "accept_cancellation": rule(**PAIR),
    "open_dispute": rule(brand="own"),
    "withdraw_dispute": rule(brand="own"),
    "resolve_dispute": OPS_ONLY,
}
for _trigger, _rule in TRIGGER_POLICY.items():
    POLICY[("POST", f"/v1/orders/{{order_id}}/{_trigger}")] = _rule


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
