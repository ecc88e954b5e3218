"""An oracle of the order machine typed by hand from product.md §4, §5, §9 and §10,
independent of `statemachine.table`: the tests check the package against this, never against
itself. Where product.md is silent, the decision typed here is marked "(decision)"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

STATES = ("requested", "accepted", "published", "retained", "closed", "refunded")
FINAL = frozenset({"closed", "refunded"})
ACTORS = ("brand", "creator", "mcn", "ops", "system")

# §9: the stages of an accepted order, in order, and the paths each review takes.
STAGES: tuple[str, ...] = (
    "awaiting_script",
    "script_in_review",
    "awaiting_video",
    "video_in_review",
    "ready_to_publish",
)
IN_REVIEW = frozenset({"script_in_review", "video_in_review"})
REVIEWS = ("script_and_video", "video", "none")
REVIEW_PATHS: dict[str, tuple[str, ...]] = {
    "script_and_video": (
        "awaiting_script",
        "script_in_review",
        "awaiting_video",
        "video_in_review",
        "ready_to_publish",
    ),
    "video": ("awaiting_video", "video_in_review", "ready_to_publish"),
    "none": ("ready_to_publish",),
}
REVISION_ROUNDS_DEFAULT = 2  # §9: revision_rounds 0-5, default 2

# Where an order can be: a state, with its stage when accepted.
PLACES: tuple[tuple[str, str | None], ...] = tuple(
    (state, stage) for state in STATES for stage in (STAGES if state == "accepted" else (None,))
)

# trigger: (sources, destination, who). Destination None: the order stays where it is (state
# and stage). The §4 table, with `cancel` from `accepted` too (§10), the §9 review (its top
# state stays `accepted`) and §10's cancellation by consent and disputes.
# `propose_cancellation` is no row: a proposal changes neither state nor stage (decision:
# the service keeps proposals beside the machine; the machine sees the open one as an offer).
SPEC: dict[str, tuple[tuple[str, ...], str | None, frozenset[str]]] = {
    # §4
    "accept": (("requested",), "accepted", frozenset({"creator"})),
    "decline": (("requested",), "refunded", frozenset({"creator"})),
    "cancel": (("requested", "accepted"), "refunded", frozenset({"brand"})),  # §10
    "expire": (("requested",), "refunded", frozenset({"system"})),
    "publish": (("accepted",), "published", frozenset({"creator"})),
    "miss_deadline": (("accepted",), "refunded", frozenset({"system"})),
    "report_removed": (("published",), "refunded", frozenset({"system", "ops"})),
    "complete_retention": (("published",), "retained", frozenset({"system"})),
    "settle": (("retained",), "closed", frozenset({"system", "ops"})),
    "refund": (("requested", "accepted", "published", "retained"), "refunded", frozenset({"ops"})),
    "flag_fake_traffic": (("published", "retained"), "refunded", frozenset({"ops"})),
    # §9 (ops approve a review handed to them: "ops then approve_script/approve_video")
    "submit_script": (("accepted",), "accepted", frozenset({"creator"})),
    "approve_script": (("accepted",), "accepted", frozenset({"brand", "ops"})),
    "request_script_changes": (("accepted",), "accepted", frozenset({"brand"})),
    "submit_video": (("accepted",), "accepted", frozenset({"creator"})),
    "approve_video": (("accepted",), "accepted", frozenset({"brand", "ops"})),
    "request_video_changes": (("accepted",), "accepted", frozenset({"brand"})),
    "escalate_review": (("accepted",), None, frozenset({"brand", "creator"})),
    "auto_approve": (("accepted",), "accepted", frozenset({"system"})),
    # §10
    "accept_cancellation": (("accepted",), "refunded", frozenset({"brand", "creator"})),
    "open_dispute": (("published", "retained"), None, frozenset({"brand"})),
    "withdraw_dispute": (("published", "retained"), None, frozenset({"brand"})),
    "resolve_dispute": (("published", "retained"), "closed", frozenset({"ops"})),
}
TRIGGERS = tuple(SPEC)
FULL_REFUND_BPS = 10_000  # §10: resolve_dispute ends `refunded` at 10,000, else `closed`
RESOLVED_IN_FULL = "refunded"

# §9: trigger -> [(from stage, to stage)]; to None: the order leaves `accepted`. A trigger
# listed here fires from these stages only; other triggers from `accepted` fire at any stage.
STAGE_MOVES: dict[str, list[tuple[str, str | None]]] = {
    "submit_script": [("awaiting_script", "script_in_review")],
    "approve_script": [("script_in_review", "awaiting_video")],
    "request_script_changes": [("script_in_review", "awaiting_script")],
    "submit_video": [("awaiting_video", "video_in_review")],
    "approve_video": [("video_in_review", "ready_to_publish")],
    "request_video_changes": [("video_in_review", "awaiting_video")],
    "escalate_review": [
        ("script_in_review", "script_in_review"),
        ("video_in_review", "video_in_review"),
    ],
    "auto_approve": [
        ("script_in_review", "awaiting_video"),
        ("video_in_review", "ready_to_publish"),
    ],
    "publish": [("ready_to_publish", None)],  # "publish needs stage ready_to_publish"
}

# The edges between top-level states: (source, trigger, destination); staying is an edge to
# the source itself. resolve_dispute has two.
EDGES = frozenset(
    (src, trig, dest or src) for trig, (srcs, dest, _) in SPEC.items() for src in srcs
) | {(src, "resolve_dispute", RESOLVED_IN_FULL) for src in SPEC["resolve_dispute"][0]}
STAGE_EDGES = frozenset(
    (start, trig, end) for trig, moves in STAGE_MOVES.items() for start, end in moves if end
)

ACCEPT_WINDOW = timedelta(hours=24)  # §4 create: accept deadline = now + 24 h
SETTLE_DELAY = timedelta(days=3)  # §4 complete_retention: settle time = now + 3 days (policy)
REVIEW_TIME = timedelta(hours=72)  # §9 auto_approve: review_hours = 72 (policy)
OFFER_LAPSES_AFTER = timedelta(hours=48)  # §10 accept_cancellation: within 48 h

# §5 policy
BRAND_FEE_BPS = 500
COMMISSION_BPS = 500
BPS = 10_000

# §10 compensation by how far the work got, in % of the price (policy).
COMPENSATION_PERCENT = {
    "before_script": 0,
    "script_submitted": 10,
    "video_submitted": 50,
    "video_changes_twice": 100,
}


def compensation_stage(script_submitted: bool, video_submitted: bool, video_changes: int) -> str:
    if video_changes >= 2:
        return "video_changes_twice"
    if video_submitted:
        return "video_submitted"
    if script_submitted:
        return "script_submitted"
    return "before_script"


def may_fire(actor: str, trigger: str) -> bool:
    """Who may fire a trigger; ops stand in for the system (§1: ops may act on everything)."""
    who = SPEC[trigger][2]
    return actor in who or (actor == "ops" and "system" in who)


def fires_at(trigger: str, state: str, stage: str | None) -> bool:
    """Whether the trigger fires from here, guards aside."""
    if state not in SPEC[trigger][0]:
        return False
    moves = STAGE_MOVES.get(trigger)
    return moves is None or any(start == stage for start, _ in moves)


def allowed_from(state: str, actor: str, stage: str | None = None) -> set[str]:
    return {t for t in SPEC if fires_at(t, state, stage) and may_fire(actor, t)}


def leads_to(
    trigger: str, state: str, stage: str | None, review: str, refund_bps: int | None = None
) -> tuple[str, str | None]:
    """Where a trigger that fires leads: (state, stage)."""
    dest = SPEC[trigger][1]
    if trigger == "resolve_dispute" and refund_bps == FULL_REFUND_BPS:
        return RESOLVED_IN_FULL, None
    if trigger in STAGE_MOVES:
        (end,) = [e for s, e in STAGE_MOVES[trigger] if s == stage]
        return dest or state, end
    if dest is None:
        return state, stage
    if dest == "accepted":  # entering `accepted`: the first stage of the review
        return dest, REVIEW_PATHS[review][0]
    return dest, None


@dataclass(frozen=True)
class Order:
    """What the guards of §4, §9 and §10 look at, as the oracle keeps it."""

    stage: str | None = None
    accept_deadline: datetime | None = None
    publish_deadline: datetime | None = None  # as agreed, plus reviews that ended
    retention_ends_at: datetime | None = None
    settle_at: datetime | None = None
    video_status: str | None = None
    revision_rounds: int = REVISION_ROUNDS_DEFAULT
    script_changes: int = 0
    video_changes: int = 0
    review_started_at: datetime | None = None
    review_due_at: datetime | None = None
    escalated: bool = False
    dispute_open: bool = False
    offer_by: str | None = None  # who made the open proposal to cancel


@dataclass(frozen=True)
class Sent:
    """What the caller sends, and what the world says of it."""

    reason: bool = True
    evidence: bool = True
    video_ok: bool = True  # the video named is live on the order's channel
    eligible: bool = True  # §2, at acceptance
    content: bool = True  # a script (text or link) is sent
    content_clean: bool = True  # the screen finds no off-platform contact in it
    draft_url: bool = True
    feedback: bool = True
    refund_bps: int | None = 5_000


STUCK_AFTER = timedelta(hours=24)  # a review waited this long is stuck (decision)


def rounds_used_up(order: Order) -> bool:
    """The brand has asked for changes to the draft in review as often as agreed."""
    used = order.script_changes if order.stage == "script_in_review" else order.video_changes
    return used >= order.revision_rounds


def waited(order: Order, now: datetime) -> timedelta:
    return now - order.review_started_at if order.review_started_at else timedelta(0)


def publish_by(order: Order, now: datetime) -> datetime | None:
    """§9: the time the brand spends reviewing is added to the publish deadline (a draft in
    review counts until now)."""
    if order.publish_deadline is None:
        return None
    if order.review_started_at is None:
        return order.publish_deadline
    return order.publish_deadline + max(now - order.review_started_at, timedelta(0))


def guards_hold(trigger: str, actor: str, now: datetime, order: Order, sent: Sent) -> bool:
    """The guard columns of §4, §9 and §10, plus "ops always act with a reason" (§1)."""
    if actor == "ops" and not sent.reason:
        return False

    def before(moment: datetime | None) -> bool:
        return moment is not None and now < moment

    def reached(moment: datetime | None) -> bool:
        return moment is not None and now >= moment

    rounds = order.revision_rounds
    rules: dict[str, Callable[[], bool]] = {
        "accept": lambda: before(order.accept_deadline) and sent.eligible,
        "decline": lambda: True,
        "cancel": lambda: True,
        "expire": lambda: reached(order.accept_deadline),
        "publish": lambda: before(publish_by(order, now)) and sent.video_ok,
        # §9: while a draft is in review the publish deadline does not pass
        "miss_deadline": lambda: order.stage not in IN_REVIEW and reached(publish_by(order, now)),
        "report_removed": lambda: (
            order.video_status in ("removed", "private") and before(order.retention_ends_at)
        ),
        "complete_retention": lambda: (
            reached(order.retention_ends_at) and order.video_status == "live"
        ),
        # §10: a dispute stops settlement (decision: for ops too, who resolve it instead)
        "settle": lambda: (actor == "ops" or reached(order.settle_at)) and not order.dispute_open,
        "refund": lambda: sent.reason,
        "flag_fake_traffic": lambda: sent.evidence,
        "submit_script": lambda: sent.content and sent.content_clean,
        "approve_script": lambda: actor != "ops" or order.escalated,
        "request_script_changes": lambda: sent.feedback and order.script_changes < rounds,
        "submit_video": lambda: sent.draft_url,
        "approve_video": lambda: actor != "ops" or order.escalated,
        "request_video_changes": lambda: sent.feedback and order.video_changes < rounds,
        # "rounds used up, or the other side is stuck": in review the brand acts, so the
        # creator may escalate a draft that waited STUCK_AFTER (decision: 24 h, a policy
        # setting); once, with a reason
        "escalate_review": lambda: (
            sent.reason
            and not order.escalated
            and (
                rounds_used_up(order) or (actor == "creator" and waited(order, now) >= STUCK_AFTER)
            )
        ),
        # the brand did not review in time; once ops have the review, ops decide (decision)
        "auto_approve": lambda: reached(order.review_due_at) and not order.escalated,
        "accept_cancellation": lambda: order.offer_by is not None and order.offer_by != actor,
        "open_dispute": lambda: sent.reason and sent.evidence and not order.dispute_open,
        "withdraw_dispute": lambda: order.dispute_open,
        "resolve_dispute": lambda: (
            sent.reason
            and sent.refund_bps is not None
            and 0 <= sent.refund_bps <= BPS
            and order.dispute_open
        ),
    }
    return bool(rules[trigger]())


# --- money (§5, §10), in Decimal, rounding as §5 says --------------------------------------


def _part(amount: int, bps: int, rounding: str) -> int:
    exact = Decimal(amount) * Decimal(bps) / Decimal(BPS)
    return int(exact.quantize(Decimal(1), rounding=rounding))


def half_up(amount: int, bps: int) -> int:
    return _part(amount, bps, ROUND_HALF_UP)


@dataclass(frozen=True)
class Split:
    """Where the brand total held in escrow goes when C fen of the price are settled."""

    brand_back: int
    creator_payout: int
    mcn_share: int
    platform_revenue: int


def split(price: int, settled: int, mcn_share_bps: int) -> Split:
    """§10: C is paid like a small settlement (§5 on C); the rest of the escrow goes back."""
    fee = half_up(settled, BRAND_FEE_BPS)
    commission = half_up(settled, COMMISSION_BPS)
    mcn = _part(settled - commission, mcn_share_bps, ROUND_DOWN)
    held = price + half_up(price, BRAND_FEE_BPS)
    return Split(
        brand_back=held - settled - fee,
        creator_payout=settled - commission - mcn,
        mcn_share=mcn,
        platform_revenue=fee + commission,
    )


def escrow_held(price: int) -> int:
    return price + half_up(price, BRAND_FEE_BPS)


def cancellation_settled(price: int, stage: str) -> int:
    """§10: the compensation C of a brand cancelling an accepted order (decision: to the
    nearest fen, half up, as the fee of §5)."""
    return half_up(price, COMPENSATION_PERCENT[stage] * 100)


def dispute_settled(price: int, refund_bps: int) -> int:
    """§10: refund_bps of the price goes back (half up, in the brand's favour), the rest is
    settled."""
    return price - half_up(price, refund_bps)
