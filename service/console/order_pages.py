"""The order page: everything about one order, the actions its state allows (each with a
reason and a confirmation), messages, and live updates while it is open."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from fastapi import Request, Response
from fastapi.responses import StreamingResponse
from sqlmodel import col, select

from service.console import session
from service.console.calls import Answer, call
from service.console.pages import refuse_csrf, router, signed_in
from service.console.render import go, page, problem_page
from service.console.session import Who
from service.money.models import Account, JournalEntry, JournalLine
from service.parties.models import PartyKind
from statemachine.pricing import compensation_fen
from statemachine.review import Progress, compensation_bps

# The fields a trigger's form may carry, as the API's TriggerBody names them.
FIELDS = ("reason", "evidence", "video_url", "content", "draft_url", "feedback", "refund_bps")
ONE_LINE = {"video_url", "draft_url", "refund_bps"}


async def _ledger(request: Request, order_id: str) -> list[dict[str, Any]]:
    """The order's journal lines (ops only: brands and creators see their own balances)."""
    statement = (
        select(JournalLine, JournalEntry, Account.kind, Account.owner_id)
        .join(JournalEntry, col(JournalEntry.id) == col(JournalLine.entry_id))
        .join(Account, col(Account.id) == col(JournalLine.account_id))
        .where(col(JournalEntry.order_id) == order_id)
        .order_by(col(JournalLine.id))
    )
    async with request.app.state.db.session() as db:
        rows = (await db.exec(statement)).all()
    return [
        {"at": entry.created_at, "entry": entry.id, "kind": entry.kind, "account": kind,
         "owner": owner, "amount_fen": line.amount_fen}
        for line, entry, kind, owner in rows
    ]  # fmt: skip


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


async def _order_view(request: Request, who: Who, order_id: str) -> dict[str, Any] | Answer:
    """What the order page shows, read through the API as the signed-in party."""
    base = f"/v1/orders/{order_id}"
    order = await call(request.app, "GET", base, who.key)
    if not order.ok:
        return order
    reads = await asyncio.gather(
        call(request.app, "GET", f"{base}/transitions", who.key),
        call(request.app, "GET", f"{base}/history", who.key),
        call(request.app, "GET", f"{base}/messages", who.key, query={"limit": "100"}),
        call(request.app, "GET", f"{base}/drafts", who.key),
    )
    transitions, history, messages, drafts = (r.body if r.ok else [] for r in reads)
    open_actions = [t for t in (transitions or {}).get("transitions", []) if t["allowed"]]
    ledger = await _ledger(request, order_id) if who.kind is PartyKind.OPS else None
    return {
        "order": order.body, "etag": order.headers.get("etag", ""),
        "actions": open_actions, "history": history or [], "messages": messages or [],
        "drafts": drafts or [], "ledger": ledger,
        "compensation_fen": _compensation(request, order.body, drafts or []),
        "fields": FIELDS, "one_line": ONE_LINE, "token": session.action_token(),
    }  # fmt: skip


@router.get("/orders/{order_id}")
async def order_page(request: Request, order_id: str) -> Response:
    who = await signed_in(request)
    if who is None:
        return go("/console/sign-in")
    view = await _order_view(request, who, order_id)
    if isinstance(view, Answer):
        return problem_page(request, who, view.status, view.problem)
    return page(request, "order.html", who, **view)


@router.get("/orders/{order_id}/panel")
async def order_panel(request: Request, order_id: str) -> Response:
    """The order page's body alone, for the live update."""
    who = await signed_in(request)
    if who is None:
        return Response(status_code=401)
    view = await _order_view(request, who, order_id)
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
    who = await signed_in(request)
    if who is None:
        return go("/console/sign-in")
    form = await session.form_of(request)
    if not session.csrf_ok(request, form.get("csrf")):
        return refuse_csrf(request, who)
    token = form.get("token", "")[:200]
    if form.get("confirm") != "yes":
        return await _after(request, who, order_id, "confirm")
    body: dict[str, Any] = {}
    for field in FIELDS:
        value = form.get(field, "").strip()
        if value:
            body[field] = int(value) if field == "refund_bps" and value.isdigit() else value
    answer = await call(
        request.app, "POST", f"/v1/orders/{order_id}/{trigger[:40]}", who.key,
        body=body, idempotency_key=token or None,
    )  # fmt: skip
    if answer.status == 404:
        return problem_page(request, who, 404, answer.problem)
    if not answer.ok:
        return await _after(request, who, order_id, answer.problem, answer.status)
    return go(f"/console/orders/{order_id}?done={trigger[:40]}")


@router.post("/orders/{order_id}/messages")
async def send_message(
    request: Request,
    order_id: str,
) -> Response:
    who = await signed_in(request)
    if who is None:
        return go("/console/sign-in")
    form = await session.form_of(request)
    if not session.csrf_ok(request, form.get("csrf")):
        return refuse_csrf(request, who)
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
    view = await _order_view(request, who, order_id)
    if isinstance(view, Answer):
        return problem_page(request, who, view.status, view.problem)
    return page(request, "order.html", who, status, error=error, **view)
