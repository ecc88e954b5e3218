"""Console pages: sign-in and out, language, the orders list and search."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlmodel import col, select

from service.console import session
from service.console.calls import Answer, call
from service.console.render import go, page, problem_page
from service.console.session import Who
from service.ids import looks_like_id
from service.orders.models import Order
from service.orders.public import to_public
from service.parties.models import PartyKind
from statemachine import Stage, State

router = APIRouter(prefix="/console", include_in_schema=False)

STATES = tuple(state.value for state in State)
STAGES = frozenset(stage.value for stage in Stage)
ANY_TIMER = "*"


async def signed_in(request: Request) -> Who | None:
    return await session.who(request)


def refuse_csrf(request: Request, who: Who | None) -> HTMLResponse:
    return problem_page(request, who, 403, "csrf")


async def posted(request: Request) -> tuple[Who, dict[str, str]] | Response:
    """A form posted by a signed-in party with its CSRF token: the party and the form, or
    the answer instead (to the sign-in page, or the 403 page)."""
    who = await signed_in(request)
    if who is None:
        return go("/console/sign-in")
    form = await session.form_of(request)
    if not session.csrf_ok(request, form.get("csrf")):
        return refuse_csrf(request, who)
    return who, form


async def read(
    request: Request, path: str, query: dict[str, str] | None = None
) -> tuple[Who, Answer] | Response:
    """A GET of the API as the signed-in party: the party and the answer, or the answer
    instead (to the sign-in page, or the problem page: a foreign object is the 404 page)."""
    who = await signed_in(request)
    if who is None:
        return go("/console/sign-in")
    answer = await call(request.app, "GET", path, who.key, query=query)
    if not answer.ok:
        return problem_page(request, who, answer.status, answer.problem)
    return who, answer


@router.get("")
async def home(request: Request) -> Response:
    who = await signed_in(request)
    return go("/console/orders" if who else "/console/sign-in")


@router.get("/sign-in")
async def sign_in_page(request: Request) -> Response:
    return page(request, "sign_in.html", None)


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    form = await session.form_of(request)
    key = form.get("key", "")[:200]
    if not session.csrf_ok(request, form.get("csrf")):
        return refuse_csrf(request, None)
    if await session.who(request, key.strip()) is None:
        return page(request, "sign_in.html", None, 401, error="bad_key")
    response = go("/console/orders")
    sealed = session.seal(request, key.strip())
    session.set_cookie(request, response, session.SESSION_COOKIE, sealed)
    return response


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    form = await session.form_of(request)
    if not session.csrf_ok(request, form.get("csrf")):
        return refuse_csrf(request, await signed_in(request))
    response = go("/console/sign-in")
    response.delete_cookie(session.SESSION_COOKIE, path="/console")
    return response


@router.get("/language")
async def language(request: Request, to: str = "zh-CN", back: str = "/console") -> Response:
    response = go(back if back.startswith("/console") and "//" not in back else "/console")
    session.set_cookie(request, response, session.LANG_COOKIE, "en" if to == "en" else "zh-CN")
    return response


def _matches(order: dict[str, Any], brand: str, creator: str, stage: str) -> bool:
    return (
        (not brand or order["brand_id"] == brand)
        and (not creator or order["creator_id"] == creator)
        and (not stage or order.get("stage") == stage)
    )


def timed_triggers(request: Request) -> tuple[str, ...]:
    """The triggers a timer fires, from the app's transition table."""
    machine = request.app.state.machine
    return tuple(dict.fromkeys(t.trigger for t in machine.transitions if t.fires_on))


async def _ops_search(
    request: Request, brand: str, creator: str, state: str, stage: str, due: str
) -> list[dict[str, Any]]:
    """Ops see every order: the 100 matching brand, creator, state, stage and the trigger
    its next timer fires (`*`: any), newest first, or soonest due when searching by timer
    (the API lists by state only)."""
    statement = select(Order).order_by(col(Order.created_at).desc()).limit(100)
    if due:
        statement = statement.where(col(Order.due_at).is_not(None)).order_by(None)
        statement = statement.order_by(col(Order.due_at), col(Order.id))
        if due != ANY_TIMER:
            statement = statement.where(col(Order.due_trigger) == due)
    if brand:
        statement = statement.where(col(Order.brand_id) == brand)
    if creator:
        statement = statement.where(col(Order.creator_id) == creator)
    if state in STATES:
        statement = statement.where(col(Order.state) == state)
    if stage in STAGES:
        statement = statement.where(col(Order.stage) == stage)
    async with request.app.state.db.session() as db:
        found = (await db.exec(statement)).all()
    return [to_public(order).model_dump(mode="json") for order in found]


@router.get("/orders")
async def orders(
    request: Request,
    q: str = "",
    state: str = "",
    brand: str = "",
    creator: str = "",
    stage: str = "",
    due: str = "",
    after: str = "",
) -> Response:
    """Search: an order id opens the order; otherwise the caller's orders, filtered."""
    who = await signed_in(request)
    if who is None:
        return go("/console/sign-in")
    q = q.strip()
    if looks_like_id(q, "ord"):
        return go(f"/console/orders/{q}")
    brand, creator, stage = brand.strip()[:40], creator.strip()[:40], stage.strip()[:40]
    timers = timed_triggers(request) if who.kind is PartyKind.OPS else ()
    due = due if due == ANY_TIMER or due in timers else ""
    filters = {"q": q, "state": state, "brand": brand, "creator": creator, "stage": stage,
               "due": due}  # fmt: skip
    if who.kind is PartyKind.OPS and (brand or creator or stage or due):
        found = await _ops_search(request, brand, creator, state, stage, due)
        return page(request, "orders.html", who, rows=found, states=STATES, inbox=False,
                    filters=filters, next_cursor=None, timers=timers)  # fmt: skip
    query = {"limit": "100"}
    if state in STATES:
        query["state"] = state
    if after:
        query["starting_after"] = after[:200]
    answer = await call(request.app, "GET", "/v1/orders", who.key, query=query)
    if not answer.ok:
        return problem_page(request, who, answer.status, answer.problem)
    rows = [o for o in answer.body["data"] if _matches(o, brand, creator, stage)]
    inbox = who.kind.value == "creator" and state == "requested"
    return page(
        request, "orders.html", who, rows=rows, states=STATES, inbox=inbox,
        filters=filters, next_cursor=answer.body.get("next_cursor"), timers=timers,
    )  # fmt: skip
