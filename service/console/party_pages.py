"""Pages around orders: ordering with the admission verdict first (brand), balance and
withdrawals (creator, MCN), credit and appeals (creator, ops), contracts (MCN), and the ops
pages (ledger check, webhook endpoints)."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from sqlmodel import col, select

from service.audit.models import AuditEntry
from service.console import session
from service.console.calls import call
from service.console.pages import posted, read, router, signed_in
from service.console.render import go, page, problem_page
from service.parties import service as parties
from service.parties.models import PartyKind
from service.problems import ProblemError
from service.timers.models import clock_offset
from service.webhooks.models import WebhookEndpoint

ORDER_FIELDS = ("creator_id", "channel_id", "price_yuan", "retention_days", "publish_days",
                "brief", "review", "revision_rounds", "project_id")  # fmt: skip


def _fen(yuan: str) -> int | None:
    try:
        return round(float(yuan) * 100)
    except ValueError:
        return None


async def verdict(request: Request, creator_id: str, channel_id: str) -> dict[str, Any]:
    """The admission verdict on the chosen channel, by the rules that `create` checks
    (product.md §2): read only, and saying no more than creating the order would."""
    state = request.app.state
    async with state.db.session() as db:
        now = state.clock.now()
        if state.settings.dev_mode:  # the test clock's stored offset, as the API applies it
            now += await clock_offset(db)
        try:
            creator = await parties.get_party(db, creator_id, PartyKind.CREATOR)
        except ProblemError:
            return {"eligible": False, "reasons": ["unknown_reference"]}
        channel = next(
            (c for c in await parties.list_channels(db, creator.id) if c.id == channel_id), None
        )
        if channel is None:
            return {"eligible": False, "reasons": ["unknown_reference"]}
        reasons = await parties.admission(db, creator, channel, now)
    return {"eligible": not reasons, "reasons": [r.rule for r in reasons]}


@router.get("/orders-new")
async def new_order(request: Request) -> Response:
    who = await signed_in(request)
    if who is None:
        return go("/console/sign-in")
    return page(request, "new_order.html", who, form={}, verdict=None, token="")


@router.post("/orders-new")
async def create_order(request: Request) -> Response:
    """First post: the admission verdict, the form kept; second (`send`): the order."""
    signed = await posted(request)
    if isinstance(signed, Response):
        return signed
    who, form = signed
    if who.kind is not PartyKind.BRAND:
        return problem_page(request, who, 403, "forbidden")
    creator = form.get("creator_id", "").strip()[:40]
    verdict_now = await verdict(request, creator, form.get("channel_id", "").strip()[:40])
    if form.get("send") != "yes" or not verdict_now["eligible"]:
        return page(request, "new_order.html", who, form=form, verdict=verdict_now,
                    token=session.action_token())  # fmt: skip
    body: dict[str, Any] = {
        "creator_id": creator, "channel_id": form.get("channel_id", "").strip(),
        "price_fen": _fen(form.get("price_yuan", "")), "brief": form.get("brief", ""),
    }  # fmt: skip
    for name in ("retention_days", "publish_days", "revision_rounds"):
        if form.get(name, "").strip().isdigit():
            body[name] = int(form[name])
    if form.get("review"):
        body["review"] = form["review"]
    if form.get("project_id", "").strip():
        body["project_id"] = form["project_id"].strip()
    answer = await call(request.app, "POST", "/v1/orders", who.key, body=body,
                        idempotency_key=form.get("token") or None)  # fmt: skip
    if not answer.ok:
        return page(request, "new_order.html", who, 422, form=form, verdict=verdict_now,
                    error=answer.problem, token=session.action_token())  # fmt: skip
    return go(f"/console/orders/{answer.body['id']}")


@router.get("/balance")
async def balance(request: Request) -> Response:
    found = await read(request, "/v1/balance")
    if isinstance(found, Response):
        return found
    who, answer = found
    return page(request, "balance.html", who, balance=answer.body, token=session.action_token())


@router.post("/withdrawals")
async def withdraw(request: Request) -> Response:
    signed = await posted(request)
    if isinstance(signed, Response):
        return signed
    who, form = signed
    token = form.get("token", "")
    body = {"amount_fen": _fen(form.get("amount_yuan", "")), "channel": form.get("channel"),
            "destination": form.get("destination")}  # fmt: skip
    answer = await call(
        request.app, "POST", "/v1/withdrawals", who.key, body=body, idempotency_key=token or None
    )
    if not answer.ok:
        return problem_page(request, who, answer.status, answer.problem)
    return go("/console/balance?done=withdrawal")


@router.get("/creators/{creator_id}")
async def creator_page(request: Request, creator_id: str) -> Response:
    who = await signed_in(request)
    if who is None:
        return go("/console/sign-in")
    credit = await call(request.app, "GET", f"/v1/creators/{creator_id}/violations", who.key)
    if not credit.ok:
        return problem_page(request, who, credit.status, credit.problem)
    creator = await call(request.app, "GET", f"/v1/creators/{creator_id}", who.key)
    return page(request, "creator.html", who, credit=credit.body,
                creator=creator.body if creator.ok else {"id": creator_id},
                token=session.action_token())  # fmt: skip


@router.post("/violations/{violation_id}/{decision}")
async def decide(
    request: Request,
    violation_id: str,
    decision: str,
) -> Response:
    signed = await posted(request)
    if isinstance(signed, Response):
        return signed
    who, form = signed
    reason, token = form.get("reason", ""), form.get("token", "")
    creator_id = form.get("creator_id", "")[:40]
    if decision not in ("appeal", "uphold", "revoke") or form.get("confirm") != "yes":
        return problem_page(request, who, 422, "unconfirmed")
    answer = await call(
        request.app,
        "POST",
        f"/v1/violations/{violation_id}/{decision}",
        who.key,
        body={"reason": reason},
        idempotency_key=token or None,
    )
    if not answer.ok:
        return problem_page(request, who, answer.status, answer.problem)
    return go(f"/console/creators/{creator_id}?done={decision}")


@router.post("/creators/{creator_id}/lift-suspension")
async def lift(
    request: Request,
    creator_id: str,
) -> Response:
    signed = await posted(request)
    if isinstance(signed, Response):
        return signed
    who, form = signed
    reason, token = form.get("reason", ""), form.get("token", "")
    if form.get("confirm") != "yes":
        return problem_page(request, who, 422, "unconfirmed")
    answer = await call(
        request.app,
        "POST",
        f"/v1/creators/{creator_id}/lift-suspension",
        who.key,
        body={"reason": reason},
        idempotency_key=token or None,
    )
    if not answer.ok:
        return problem_page(request, who, answer.status, answer.problem)
    return go(f"/console/creators/{creator_id}?done=lift")


# Read-only tables: one page type (`table.html`) that later queues and lists can reuse.
TABLES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "contracts": ("/v1/mcn-contracts", "contracts",
                  ("id", "creator_id", "mcn_id", "share_bps", "state", "ends_at")),
    "webhooks": ("/v1/webhook-endpoints", "webhooks",
                 ("id", "url", "enabled", "disabled_reason", "delivered_through_sequence")),
}  # fmt: skip


@router.get("/tables/{name}")
async def table(request: Request, name: str) -> Response:
    who = await signed_in(request)
    if who is None:
        return go("/console/sign-in")
    if name not in TABLES:
        return problem_page(request, who, 404, name[:40])
    path, title, columns = TABLES[name]
    if name == "webhooks" and who.kind is PartyKind.OPS:
        return page(request, "table.html", who, title_key=title, rows=await _all_endpoints(request),
                    columns=("id", "owner_id", "url", "enabled", "disabled_reason",
                             "failing_since", "cursor"))  # fmt: skip
    answer = await call(request.app, "GET", path, who.key)
    if not answer.ok:
        return problem_page(request, who, answer.status, answer.problem)
    rows = answer.body if isinstance(answer.body, list) else answer.body.get("data", [])
    return page(request, "table.html", who, title_key=title, columns=columns, rows=rows)


async def _all_endpoints(request: Request) -> list[dict[str, Any]]:
    """Every webhook endpoint's health, for ops (the API lists only the caller's own)."""
    statement = select(WebhookEndpoint).order_by(
        col(WebhookEndpoint.enabled), col(WebhookEndpoint.failing_since).desc()
    )
    async with request.app.state.db.session() as db:
        rows = (await db.exec(statement.limit(500))).all()
    return [row.model_dump(exclude={"secret"}) for row in rows]


@router.get("/ledger-check")
async def ledger_check(request: Request) -> Response:
    found = await read(request, "/v1/ops/ledger-check")
    if isinstance(found, Response):
        return found
    who, answer = found
    return page(request, "ledger_check.html", who, report=answer.body)


@router.get("/audit")
async def audit_log(request: Request, actor: str = "", object_id: str = "") -> Response:
    """Ops actions, newest first: who, what, when, why, the object before and after."""
    who = await signed_in(request)
    if who is None:
        return go("/console/sign-in")
    if who.kind is not PartyKind.OPS:
        return problem_page(request, who, 404, "not_found")
    statement = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(200)
    if actor:
        statement = statement.where(col(AuditEntry.actor_id) == actor[:40])
    if object_id:
        statement = statement.where(col(AuditEntry.object_id) == object_id[:40])
    async with request.app.state.db.session() as db:
        rows = (await db.exec(statement)).all()
    entries = [{**row.model_dump(), "changes": _changes(row.before, row.after)} for row in rows]
    return page(request, "audit.html", who, entries=entries,
                filters={"actor": actor, "object_id": object_id})  # fmt: skip


def _changes(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> list[tuple[str, Any, Any]]:
    """The fields that differ between the object before and after (top level)."""
    if not before or not after:
        return []
    return [
        (name, before.get(name), after.get(name))
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name) and name not in ("updated_at", "version")
    ]
