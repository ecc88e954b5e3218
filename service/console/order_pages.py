"""The order page: everything about one order, the actions its state allows (each with a
reason and a confirmation), messages, and live updates while it is open."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from fastapi import Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.api.conditional import etag
from service.clock import Clock, OffsetClock
from service.console import session
from service.console.calls import Answer, call
from service.console.pages import posted, router, signed_in
from service.console.render import go, page, problem_page
from service.console.session import Who
from service.deps import Caller
from service.errors import STATUSES
from service.messages.endpoints import MessagePublic
from service.messages.models import OrderMessage
from service.money.models import Account, JournalEntry, JournalLine
from service.orders import drafts, repository
from service.orders import service as orders
from service.orders.facts import Context
from service.orders.models import Order
from service.orders.public import to_public
from service.orders.schemas import DraftPublic, HistoryEntry
from service.parties.models import PartyKind
from service.problems import ProblemError
from service.timers.models import clock_offset
from service.videos.models import VideoSnapshot
from statemachine.pricing import compensation_fen
from statemachine.review import Progress, compensation_bps

# The fields a trigger's form may carry, as the API's TriggerBody names them.
FIELDS = ("reason", "evidence", "video_url", "content", "draft_url", "feedback", "refund_bps")
ONE_LINE = {"video_url", "draft_url", "refund_bps"}


async def _ledger(db: AsyncSession, order_id: str) -> list[dict[str, Any]]:
    """The order's journal lines (ops only: brands and creators see their own balances)."""
    statement = (
        select(JournalLine, JournalEntry, Account.kind, Account.owner_id)
        .join(JournalEntry, col(JournalEntry.id) == col(JournalLine.entry_id))
        .join(Account, col(Account.id) == col(JournalLine.account_id))
        .where(col(JournalEntry.order_id) == order_id)
        .order_by(col(JournalLine.id))
    )
    rows = (await db.exec(statement)).all()
    return [
        {"at": entry.created_at, "entry": entry.id, "kind": entry.kind, "account": kind,
         "owner": owner, "amount_fen": line.amount_fen}
        for line, entry, kind, owner in rows
    ]  # fmt: skip


async def _checks(db: AsyncSession, order_id: str) -> list[dict[str, Any]]:
    """The order's video checks, newest first (whoever may see the order sees its data);
    plain rows, not ORM objects: a page may show hundreds."""
    statement = (
        sa_select(
            col(VideoSnapshot.observed_at), col(VideoSnapshot.status), col(VideoSnapshot.plays),
            col(VideoSnapshot.likes), col(VideoSnapshot.comments), col(VideoSnapshot.shares),
        )
        .where(col(VideoSnapshot.order_id) == order_id)
        .order_by(col(VideoSnapshot.id).desc())
        .limit(200)
    )  # fmt: skip
    names = ("at", "status", "plays", "likes", "comments", "shares")
    connection = await db.connection()  # Core: the values, no ORM entity
    rows = (await connection.execute(statement)).all()
    return [dict(zip(names, row, strict=True)) for row in rows]


def _plays_chart(checks: list[dict[str, Any]]) -> str:
    """Plays over time as an inline SVG polyline's points (oldest left), 600 × 120."""
    if len(checks) < 2:
        return ""
    ordered = list(reversed(checks))
    top = max(c["plays"] for c in ordered) or 1
    step = 600 / (len(ordered) - 1)
    return " ".join(
        f"{i * step:.1f},{120 - c['plays'] * 110 / top:.1f}" for i, c in enumerate(ordered)
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


async def _order_view(
    request: Request, order_id: str
) -> tuple[Who | None, dict[str, Any] | Answer | None]:
    """What the order page shows, read in one unit of work with the signed-in party as the
    caller: the order through the API's scoped read (so its 404s), then what the API's read
    endpoints send for it, from the same repository functions."""
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
            found = await repository.order_for(db, caller, order_id, ctx.now)
        except ProblemError as problem:
            status = next(STATUSES[k][0] for k in type(problem).__mro__ if k in STATUSES)
            return who, Answer(status, {"detail": problem.detail}, {})
        order = to_public(found).model_dump(mode="json")
        open_or_closed = await orders.availability(db, found, caller, ctx)
        history = await repository.history(db, found.id)
        messages = await _messages(db, found, caller)
        drafts_seen = [
            DraftPublic.model_validate(d, from_attributes=True).model_dump(mode="json")
            for d in await drafts.drafts_of(db, found.id)
        ]
        ledger = await _ledger(db, found.id) if who.kind is PartyKind.OPS else None
        checks = await _checks(db, found.id)
    return who, {
        "order": order, "etag": etag(found.version),
        "actions": [{"trigger": a.trigger, "requires": list(a.requires)}
                    for a in open_or_closed if a.allowed],
        "history": [HistoryEntry.model_validate(h, from_attributes=True).model_dump(mode="json")
                    for h in history],
        "messages": messages,
        "drafts": drafts_seen, "ledger": ledger, "checks": checks[:20],
        "checks_count": len(checks), "plays_points": _plays_chart(checks),
        "compensation_fen": _compensation(request, order, drafts_seen),
        "fields": FIELDS, "one_line": ONE_LINE, "token": session.action_token(),
    }  # fmt: skip


async def _messages(db: AsyncSession, order: Order, caller: Caller) -> list[dict[str, Any]]:
    """As `GET /v1/orders/{id}/messages` sends them: ops read all, refused ones included;
    the brand and creator what was delivered; an MCN none."""
    statement = select(OrderMessage).where(col(OrderMessage.order_id) == order.id)
    if caller.kind is not PartyKind.OPS:
        if caller.party_id not in (order.brand_id, order.creator_id):
            return []
        statement = statement.where(col(OrderMessage.delivered).is_(True))
    rows = await db.exec(statement.order_by(col(OrderMessage.id)).limit(100))
    return [MessagePublic.model_validate(m, from_attributes=True).model_dump(mode="json")
            for m in rows]  # fmt: skip


@router.get("/orders/{order_id}")
async def order_page(request: Request, order_id: str) -> Response:
    who, view = await _order_view(request, order_id)
    if who is None or view is None:
        return go("/console/sign-in")
    if isinstance(view, Answer):
        return problem_page(request, who, view.status, view.problem)
    return page(request, "order.html", who, **view)


@router.get("/orders/{order_id}/panel")
async def order_panel(request: Request, order_id: str) -> Response:
    """The order page's body alone, for the live update."""
    who, view = await _order_view(request, order_id)
    if who is None or view is None:
        return Response(status_code=401)
    if isinstance(view, Answer):
        return problem_page(request, who, view.status, view.problem)
    return page(request, "order_panel.html", who, **view)


@router.get("/orders/{order_id}/changes")
async def order_changes(request: Request, order_id: str, etag: str = "") -> Response:
    """Server-sent events: `changed` whenever the order's version moves, heard through the
    API's long poll (which holds no database connection while it waits)."""
    who = await signed_in(request)
    if who is None:
        return Response(status_code=401)

    async def events() -> AsyncIterator[bytes]:
        seen = etag[:100]
        yield b"retry: 2000\n\n"
        while not await request.is_disconnected():
            headers = {"prefer": "wait=20"}
            if seen:
                headers["if-none-match"] = seen
            answer = await call(request.app, "GET", f"/v1/orders/{order_id}", who.key,
                                headers=headers)  # fmt: skip
            if answer.status == 200:
                fresh = answer.headers.get("etag", "")
                if seen and fresh != seen:
                    yield b"event: changed\ndata: " + fresh.encode() + b"\n\n"
                seen = fresh
            elif answer.status != 304:
                return
            yield b": keep-alive\n\n"

    return StreamingResponse(
        events(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
    )


@router.post("/orders/{order_id}/act/{trigger}")
async def act(
    request: Request,
    order_id: str,
    trigger: str,
) -> Response:
    signed = await posted(request)
    if isinstance(signed, Response):
        return signed
    who, form = signed
    token = form.get("token", "")[:200]
    if not trigger.isidentifier() or len(trigger) > 40:  # a trigger's name, nothing else
        return problem_page(request, who, 404, "not_found")
    if form.get("confirm") != "yes":
        return await _after(request, who, order_id, "unconfirmed")
    body: dict[str, Any] = {}
    for field in FIELDS:
        value = form.get(field, "").strip()
        if value:
            body[field] = int(value) if field == "refund_bps" and value.isdigit() else value
    answer = await call(
        request.app, "POST", f"/v1/orders/{order_id}/{trigger}", who.key,
        body=body, idempotency_key=token or None,
    )  # fmt: skip
    if answer.status == 404:
        return problem_page(request, who, 404, answer.problem)
    if not answer.ok:
        return await _after(request, who, order_id, answer.problem, answer.status)
    return go(f"/console/orders/{order_id}?done={trigger}")


@router.post("/orders/{order_id}/messages")
async def send_message(
    request: Request,
    order_id: str,
) -> Response:
    signed = await posted(request)
    if isinstance(signed, Response):
        return signed
    who, form = signed
    text, token = form.get("text", ""), form.get("token", "")[:200]
    answer = await call(
        request.app, "POST", f"/v1/orders/{order_id}/messages", who.key,
        body={"text": text}, idempotency_key=token or None,
    )  # fmt: skip
    if answer.status == 404:
        return problem_page(request, who, 404, answer.problem)
    if not answer.ok:
        return await _after(request, who, order_id, answer.problem, answer.status)
    return go(f"/console/orders/{order_id}#messages")


async def _after(
    request: Request, who: Who, order_id: str, error: str, status: int = 422
) -> Response:
    """The order page again, saying why the action did not happen."""
    _, view = await _order_view(request, order_id)
    if view is None:
        return go("/console/sign-in")
    if isinstance(view, Answer):
        return problem_page(request, who, view.status, view.problem)
    return page(request, "order.html", who, status, error=error, **view)
