"""What the order page shows, read in one unit of work with the signed-in party as the caller:
the order (and the stored facts its guards read) through the API's scoped read, so its 404s,
then what the API's read endpoints send for it, plus the journal lines (ops) and the video
checks. The page's own statements are built once, at import, and read plain rows: a page
shows hundreds of values, and ORM objects and per-request statement building were most of
its server time."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from pydantic import TypeAdapter
from sqlalchemy import Row, bindparam
from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.api.conditional import etag
from service.clock import Clock, OffsetClock
from service.console import session
from service.console.calls import Answer
from service.console.queues import HELD_DECISIONS
from service.console.session import Who
from service.deps import Caller
from service.errors import STATUSES
from service.messages.endpoints import MessagePublic
from service.messages.models import OrderMessage
from service.money.models import Account, JournalEntry, JournalLine
from service.orders import drafts, repository
from service.orders import service as orders
from service.orders.facts import Context
from service.orders.models import Order, OrderHistory
from service.orders.public import to_public
from service.orders.schemas import DraftPublic, HistoryEntry
from service.parties.models import PartyKind
from service.problems import ProblemError
from service.timers.models import clock_offset
from service.videos.models import VideoSnapshot
from statemachine import Fact
from statemachine.pricing import compensation_fen
from statemachine.review import Progress, compensation_bps

# The fields a trigger's form may carry, as the API's TriggerBody names them.
FIELDS = ("reason", "evidence", "video_url", "content", "draft_url", "feedback", "refund_bps")
ONE_LINE = {"video_url", "draft_url", "refund_bps"}
CHECKS_SHOWN, CHECKS_READ, MESSAGES_READ = 20, 200, 100
# The stored facts availability reads, read with the order in its one statement.
FACTS = frozenset({Fact.CHANNEL, Fact.STANDING})

HISTORY = TypeAdapter(list[HistoryEntry])
_HISTORY = (
    sa_select(*(OrderHistory.__table__.c[name] for name in HistoryEntry.model_fields))  # type: ignore[attr-defined]
    .where(col(OrderHistory.order_id) == bindparam("order_id"))
    .order_by(col(OrderHistory.id))
)
# The order's journal lines (ops only: brands and creators see their own balances).
_LEDGER: Any = (
    sa_select(
        col(JournalEntry.created_at).label("at"), col(JournalEntry.id).label("entry"),
        col(JournalEntry.kind), col(Account.kind).label("account"),
        col(Account.owner_id).label("owner"), col(JournalLine.amount_fen),
    )
    .join(JournalEntry, col(JournalEntry.id) == col(JournalLine.entry_id))
    .join(Account, col(Account.id) == col(JournalLine.account_id))
    .where(col(JournalEntry.order_id) == bindparam("order_id"))
    .order_by(col(JournalLine.id))
)  # fmt: skip
# The order's video checks, newest first (whoever may see the order sees its data).
_CHECKS: Any = (
    sa_select(
        col(VideoSnapshot.observed_at).label("at"), col(VideoSnapshot.status),
        col(VideoSnapshot.plays), col(VideoSnapshot.likes), col(VideoSnapshot.comments),
        col(VideoSnapshot.shares),
    )
    .where(col(VideoSnapshot.order_id) == bindparam("order_id"))
    .order_by(col(VideoSnapshot.id).desc())
    .limit(CHECKS_READ)
)  # fmt: skip
_MESSAGES = (
    select(OrderMessage)
    .where(col(OrderMessage.order_id) == bindparam("order_id"))
    .order_by(col(OrderMessage.id))
    .limit(MESSAGES_READ)
)
_DELIVERED = _MESSAGES.where(col(OrderMessage.delivered).is_(True))


async def _rows(db: AsyncSession, statement: Any, **values: Any) -> list[Row[Any]]:
    """A Core statement's rows (their columns as attributes): the values, no ORM entity."""
    connection = await db.connection()
    return list((await connection.execute(statement, values)).all())


async def _messages(db: AsyncSession, order: Order, caller: Caller) -> list[dict[str, Any]]:
    """As `GET /v1/orders/{id}/messages` sends them: ops read all, refused and held ones
    included; the brand and creator what was delivered; an MCN none."""
    if caller.kind is PartyKind.OPS:
        statement = _MESSAGES
    elif caller.party_id in (order.brand_id, order.creator_id):
        statement = _DELIVERED
    else:
        return []
    rows = await db.exec(statement, params={"order_id": order.id})
    return [MessagePublic.model_validate(m, from_attributes=True).model_dump(mode="json")
            for m in rows]  # fmt: skip


def _plays_chart(checks: list[Row[Any]]) -> str:
    """Plays over time as an inline SVG polyline's points (oldest left), 600 × 120."""
    if len(checks) < 2:
        return ""
    ordered = list(reversed(checks))
    top = max(c.plays for c in ordered) or 1
    step = 600 / (len(ordered) - 1)
    return " ".join(
        f"{i * step:.1f},{120 - c.plays * 110 / top:.1f}" for i, c in enumerate(ordered)
    )


def _compensation(request: Request, order: dict[str, Any], drafts: list[dict[str, Any]]) -> int:
    """What the brand pays the creator side if it cancels now (product.md §10)."""
    if order["state"] != "accepted":
        return 0
    kinds = {draft["kind"] for draft in drafts if draft.get("author_kind") == "creator"}
    progress = Progress(
        script_submitted="script" in kinds,
        video_submitted="video" in kinds,
        video_changes_requested=order["video_rounds_used"],
    )
    policy = request.app.state.settings.cancellation
    return compensation_fen(order["price_fen"], compensation_bps(progress, policy))


async def order_view(
    request: Request, order_id: str
) -> tuple[Who | None, dict[str, Any] | Answer | None]:
    """The signed-in party (None: nobody) and what its order page shows, or the API's
    problem answer for the order (a 404 for an order it may not see)."""
    state = request.app.state
    async with state.db.session() as db:
        who = await session.who_in(db, request)
        if who is None:
            return None, None
        caller = Caller(who.party_id, who.kind, who.key_id)
        clock: Clock = state.clock
        if state.settings.dev_mode:
            clock = OffsetClock(clock, await clock_offset(db))
        ctx = Context(state.machine, clock.now(), state.settings, state.video_platform(db))
        try:
            read = await repository.order_to_fire(db, caller, order_id, ctx.now, FACTS,
                                                  lock=False)  # fmt: skip
        except ProblemError as problem:
            status = next(STATUSES[k][0] for k in type(problem).__mro__ if k in STATUSES)
            return who, Answer(status, {"detail": problem.detail}, {})
        found = read.order
        order = to_public(found).model_dump(mode="json")
        open_or_closed = await orders.availability(db, read, caller, ctx)
        history = HISTORY.validate_python(
            await _rows(db, _HISTORY, order_id=found.id), from_attributes=True
        )
        messages = await _messages(db, found, caller)
        drafts_seen = [
            DraftPublic.model_validate(d, from_attributes=True).model_dump(mode="json")
            for d in await drafts.drafts_of(db, found.id)
        ]
        ops = who.kind is PartyKind.OPS
        ledger = await _rows(db, _LEDGER, order_id=found.id) if ops else None
        checks = await _rows(db, _CHECKS, order_id=found.id)
    return who, {
        "order": order, "etag": etag(found.version),
        "actions": [{"trigger": a.trigger, "requires": list(a.requires)}
                    for a in open_or_closed if a.allowed],
        "history": HISTORY.dump_python(history, mode="json"),
        "messages": messages,
        "drafts": drafts_seen, "ledger": ledger, "checks": checks[:CHECKS_SHOWN],
        "checks_count": len(checks), "plays_points": _plays_chart(checks),
        "compensation_fen": _compensation(request, order, drafts_seen),
        "fields": FIELDS, "one_line": ONE_LINE, "token": session.action_token(),
        "held_decisions": HELD_DECISIONS if ops else (),
    }  # fmt: skip
