"""Ops decide a queue's row where they see it: release or confirm a message held by the
screen (on its queue, or on its order's page), dismiss or confirm a suspected private deal.
Each decision is the API's `POST /v1/ops/{queue}/{id}/{decision}` called with the signed-in
key, a reason and the form's Idempotency-Key; the API writes the rows and the audit entry."""

from __future__ import annotations

from fastapi import Request, Response

from service.console.calls import call
from service.console.order_pages import order_again
from service.console.pages import posted, router
from service.console.queues import QUEUES, queue_page
from service.console.render import go, problem_page
from service.console.session import Who
from service.ids import looks_like_id
from service.parties.models import PartyKind


@router.post("/queues/{name}/{row_id}/{decision}")
async def decide(request: Request, name: str, row_id: str, decision: str) -> Response:
    signed = await posted(request)
    if isinstance(signed, Response):
        return signed
    who, form = signed
    found = QUEUES.get(name)
    if (
        found is None
        or who.kind is not PartyKind.OPS
        or decision not in dict(found.decisions)
        or not looks_like_id(row_id, found.id_prefix)
    ):
        return problem_page(request, who, 404, "not_found")
    order_id = form.get("order_id", "")  # set when decided on the order's page
    order_id = order_id if looks_like_id(order_id, "ord") else ""
    reason, token = form.get("reason", "").strip(), form.get("token", "")[:200]
    if form.get("confirm") != "yes" or not reason:
        missing = "unconfirmed" if form.get("confirm") != "yes" else "reason_needed"
        return await _again(request, who, name, order_id, missing)
    answer = await call(
        request.app, "POST", f"/v1/ops/{name}/{row_id}/{decision}", who.key,
        body={"reason": reason}, idempotency_key=token or None,
    )  # fmt: skip
    if not answer.ok:
        return await _again(request, who, name, order_id, answer.problem, answer.status)
    if order_id:
        return go(f"/console/orders/{order_id}?done={decision}#messages")
    return go(f"/console/queues/{name}?done={decision}")


async def _again(
    request: Request, who: Who, name: str, order_id: str, error: str, status: int = 422
) -> Response:
    """The page the decision was taken on, again, saying why it did not happen."""
    if order_id:
        return await order_again(request, who, order_id, error, status)
    return await queue_page(request, who, name, status, error=error)
