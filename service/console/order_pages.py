"""The order page: everything about one order, the actions its state allows (each with a
reason and a confirmation), messages, and live updates while it is open."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from fastapi import Request, Response
from fastapi.responses import StreamingResponse

from service.console.calls import Answer, call
from service.console.order_view import FIELDS, order_view
from service.console.pages import posted, router, signed_in
from service.console.render import go, page, problem_page
from service.console.session import Who


@router.get("/orders/{order_id}")
async def order_page(request: Request, order_id: str) -> Response:
    who, view = await order_view(request, order_id)
    if who is None or view is None:
        return go("/console/sign-in")
    if isinstance(view, Answer):
        return problem_page(request, who, view.status, view.problem)
    return page(request, "order.html", who, **view)


@router.get("/orders/{order_id}/panel")
async def order_panel(request: Request, order_id: str) -> Response:
    """The order page's body alone, for the live update."""
    who, view = await order_view(request, order_id)
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
        return await order_again(request, who, order_id, "unconfirmed")
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
        return await order_again(request, who, order_id, answer.problem, answer.status)
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
        return await order_again(request, who, order_id, answer.problem, answer.status)
    return go(f"/console/orders/{order_id}#messages")


async def order_again(
    request: Request, who: Who, order_id: str, error: str, status: int = 422
) -> Response:
    """The order page again, saying why the action did not happen."""
    _, view = await order_view(request, order_id)
    if view is None:
        return go("/console/sign-in")
    if isinstance(view, Answer):
        return problem_page(request, who, view.status, view.problem)
    return page(request, "order.html", who, status, error=error, **view)
