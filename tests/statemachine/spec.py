"""An oracle of the order machine typed by hand from product.md §4, independent of
`statemachine.table`: the tests check the package against this, never against itself."""

from __future__ import annotations

from datetime import datetime, timedelta

STATES = ("requested", "accepted", "published", "retained", "closed", "refunded")
FINAL = frozenset({"closed", "refunded"})
ACTORS = ("brand", "creator", "mcn", "ops", "system")

# trigger: (sources, destination, who) — the rows of the §4 table, typed from product.md.
SPEC: dict[str, tuple[tuple[str, ...], str, frozenset[str]]] = {
    "accept": (("requested",), "accepted", frozenset({"creator"})),
    "decline": (("requested",), "refunded", frozenset({"creator"})),
    "cancel": (("requested",), "refunded", frozenset({"brand"})),
    "expire": (("requested",), "refunded", frozenset({"system"})),
    "publish": (("accepted",), "published", frozenset({"creator"})),
    "miss_deadline": (("accepted",), "refunded", frozenset({"system"})),
    "report_removed": (("published",), "refunded", frozenset({"system", "ops"})),
    "complete_retention": (("published",), "retained", frozenset({"system"})),
    "settle": (("retained",), "closed", frozenset({"system", "ops"})),
    "refund": (("requested", "accepted", "published", "retained"), "refunded", frozenset({"ops"})),
    "flag_fake_traffic": (("published", "retained"), "refunded", frozenset({"ops"})),
}
TRIGGERS = tuple(SPEC)

# The edges of the diagram: (source, trigger, destination).
EDGES = frozenset((src, trig, dest) for trig, (srcs, dest, _) in SPEC.items() for src in srcs)

ACCEPT_WINDOW = timedelta(hours=24)  # §4 create: accept deadline = now + 24 h
SETTLE_DELAY = timedelta(days=3)  # §4 complete_retention: settle time = now + 3 days (policy)


def may_fire(actor: str, trigger: str) -> bool:
    """Who may fire a trigger; ops stand in for the system (§1: ops may act on everything)."""
    who = SPEC[trigger][2]
    return actor in who or (actor == "ops" and "system" in who)


def allowed_from(state: str, actor: str) -> set[str]:
    return {t for t, (srcs, _, _) in SPEC.items() if state in srcs and may_fire(actor, t)}


def guards_hold(
    trigger: str,
    actor: str,
    now: datetime,
    *,
    accept_deadline: datetime | None,
    publish_deadline: datetime | None,
    retention_ends_at: datetime | None,
    settle_at: datetime | None,
    video_status: str | None,
    reason: bool,
    evidence: bool,
    video_ok: bool,
    eligible: bool,
) -> bool:
    """The guard column of §4, plus "ops always act with a reason" (§1)."""
    if actor == "ops" and not reason:
        return False

    def before(moment: datetime | None) -> bool:
        return moment is not None and now < moment

    def reached(moment: datetime | None) -> bool:
        return moment is not None and now >= moment

    rules = {
        "accept": lambda: before(accept_deadline) and eligible,
        "decline": lambda: True,
        "cancel": lambda: True,
        "expire": lambda: reached(accept_deadline),
        "publish": lambda: before(publish_deadline) and video_ok,
        "miss_deadline": lambda: reached(publish_deadline),
        "report_removed": lambda: (
            video_status in ("removed", "private") and before(retention_ends_at)
        ),
        "complete_retention": lambda: reached(retention_ends_at) and video_status == "live",
        "settle": lambda: actor == "ops" or reached(settle_at),
        "refund": lambda: reason,
        "flag_fake_traffic": lambda: evidence,
    }
    return rules[trigger]()
