"""REST endpoints of orders: create, list, read, fire triggers, history, the machine."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from sqlmodel.ext.asyncio.session import AsyncSession

import statemachine as sm
from service.api.caches import OrderVersion, ProcessCache
from service.api.changes import HUB
from service.api.conditional import etag, matches, require_match, wait_seconds
from service.api.headers import sends
from service.deps import BrandCaller, Caller, CallerDep, ClockDep, Session, SettingsDep
from service.money import order_money
from service.orders import repository, transitions
from service.orders import service as orders
from service.orders.facts import Context
from service.orders.models import Order
from service.orders.polls import cached_order
from service.orders.public import to_public
from service.orders.repository import visible_without_query
from service.orders.schemas import (
    ClosedReason,
    HistoryEntry,
    MachineDescription,
    OrderCreate,
    OrderPage,
    OrderPublic,
    OrderTransitions,
    TriggerAvailability,
    TriggerBody,
)
from service.parties.models import PartyKind
from service.problems import NotFound, answers
from service.schemas import Rfc3339
from service.uow import Router
from statemachine.describe import as_data, as_mermaid
from statemachine.review import Stage

router = Router(prefix="/v1", tags=["orders"])


async def _context(
    request: Request, session: Session, settings: SettingsDep, clock: ClockDep
) -> Context:
    state = request.app.state
    return Context(state.machine, clock.now(), settings, state.video_platform(session))


ContextDep = Annotated[Context, Depends(_context)]


def refusals(transition: sm.Transition) -> tuple[str, ...]:
    """The codes of `transition`'s guards that hold for someone who may fire it, and of the
    money it moves."""
    actors = [actor for actor in sm.Actor if sm.may_act(actor, transition)]
    guards = dict.fromkeys(
        guard.code
        for guard in sm.guards_of(transition)
        if any(guard.applies_to(actor) for actor in actors)
    )
    return (*guards, *order_money.refusals(transition.money))


@router.post(
    "/orders",
    status_code=201,
    response_model=OrderPublic,
    responses={201: sends("ETag")},
    openapi_extra=answers(
        "unknown_reference",
        "project_archived",
        "project_budget_exceeded",
        *refusals(sm.ORDER_MACHINE.create),
    ),
    summary="Order a video from a creator (brand)",
)
async def create_order(
    body: OrderCreate,
    caller: BrandCaller,
    session: Session,
    ctx: ContextDep,
) -> Response:
    order = await orders.create_order(session, caller, body, ctx)
    return _order_response(_body(order), order.version, status=201)


@router.get(
    "/orders",
    response_model=OrderPage,
    openapi_extra=answers("invalid_cursor"),
    summary="The caller's orders, newest first, or in change order with `updated_since`",
)
async def list_orders(
    caller: CallerDep,
    session: Session,
    clock: ClockDep,
    state: sm.State | None = None,
    project_id: Annotated[str | None, Query(max_length=40)] = None,
    creator_id: Annotated[str | None, Query(max_length=40)] = None,
    stage: Stage | None = None,
    updated_since: Rfc3339 | None = None,
    starting_after: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> OrderPage:
    rows, has_more = await repository.list_orders(
        session,
        caller,
        clock.now(),
        state=state,
        project_id=project_id,
        creator_id=creator_id,
        stage=stage,
        updated_since=updated_since,
        starting_after=starting_after,
        limit=limit,
    )
    cursor = repository.encode_cursor(rows[-1], updated_since is not None) if has_more else None
    return OrderPage(data=[to_public(o) for o in rows], has_more=has_more, next_cursor=cursor)


def _with_etag(order: Order, **headers: str) -> Response:
    return _order_response(_body(order), order.version, headers=headers)


def _as_sent(order: Order) -> OrderVersion:
    """The order as `GET /v1/orders/{id}` sends it, with what the caches need to know."""
    return OrderVersion(order.version, order.brand_id, order.creator_id, _body(order))


def _body(order: Order) -> bytes:
    return to_public(order).model_dump_json().encode()


def _order_response(
    body: bytes, version: int, *, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    sent = {"ETag": etag(version), **(headers or {})}
    return Response(body, status, media_type="application/json", headers=sent)


@router.get(
    "/orders/{order_id}",
    response_model=OrderPublic,
    responses={
        200: sends("ETag", "Preference-Applied"),
        304: sends("ETag", description="Not modified: the order is at the version named"),
    },
    summary="One order, with line items and deadlines",
    description=(
        "Sends `ETag`. With `If-None-Match` answers 304 while the order is unchanged; with "
        "`Prefer: wait=N` (N ≤ 30) as well, holds the request until the order changes or N "
        "seconds pass, holding no database connection meanwhile."
    ),
)
async def get_order(
    request: Request,
    order_id: str,
    caller: CallerDep,
    session: Session,
    clock: ClockDep,
    if_none_match: Annotated[str | None, Header(alias="If-None-Match", max_length=200)] = None,
    prefer: Annotated[
        str | None, Header(alias="Prefer", max_length=200, examples=["wait=25"])
    ] = None,
) -> Response:
    versions: ProcessCache[OrderVersion] = request.app.state.order_versions
    with HUB.watch(order_id) as changed:
        cached = cached_order(versions, caller, order_id)
        if cached is not None and matches(if_none_match, etag(cached.version)):
            version = cached.version  # unchanged since it was read: no query (a long poll)
        else:
            since = versions.begin()
            order = await repository.order_for(session, caller, order_id, clock.now())
            seen = _as_sent(order)
            versions.put(order.id, seen, since)
            if not matches(if_none_match, etag(order.version)):
                return _order_response(seen.body, order.version)
            version = order.version
        wait = wait_seconds(prefer)
        if wait:
            await session.commit()  # give the connection back while the request waits
            session.expunge_all()  # and read the order afresh afterwards
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), wait)
            fresh = await _read_after_wait(request, session, caller, order_id, clock.now())
            if not matches(if_none_match, etag(fresh.version)):
                applied = {"Preference-Applied": f"wait={wait}"}
                return _order_response(fresh.body, fresh.version, headers=applied)
            version = fresh.version
    return Response(status_code=304, headers={"ETag": etag(version)})


async def _read_after_wait(
    request: Request, session: AsyncSession, caller: Caller, order_id: str, now: datetime
) -> OrderVersion:
    """The order as it is now, for a long poll that waited: one read of it serves every poll
    of this process that a change woke (or whose wait ended) at the same time. An MCN's view
    depends on its contracts, so an MCN reads for itself."""
    if caller.kind is PartyKind.MCN:
        return _as_sent(await repository.order_for(session, caller, order_id, now))
    state = request.app.state
    fresh = await HUB.read_once(order_id, partial(_read_for_all, state, order_id, now))
    if not visible_without_query(caller, fresh.brand_id, fresh.creator_id):
        raise NotFound(f"no order '{order_id}'")
    return fresh


async def _read_for_all(state: Any, order_id: str, now: datetime) -> OrderVersion:
    versions: ProcessCache[OrderVersion] = state.order_versions
    since = versions.begin()
    async with state.db.session() as session:
        order = await repository.order_for(session, None, order_id, now)
    seen = _as_sent(order)
    versions.put(order.id, seen, since)
    return seen


@router.get(
    "/orders/{order_id}/transitions",
    response_model=OrderTransitions,
    openapi_extra=answers(),
    summary="The triggers this caller may fire now, and why the others are closed",
    name="get_order_transitions",
)
async def order_transitions(
    order_id: str,
    caller: CallerDep,
    session: Session,
    ctx: ContextDep,
) -> OrderTransitions:
    order = await repository.order_for(session, caller, order_id, ctx.now)
    open_or_closed = await orders.availability(session, order, caller, ctx)
    return OrderTransitions(
        order_id=order.id,
        state=order.state,
        version=order.version,
        transitions=[
            TriggerAvailability(
                trigger=a.trigger,
                allowed=a.allowed,
                requires=list(a.requires),
                reasons=[ClosedReason(code=r.code, detail=r.detail) for r in a.reasons],
            )
            for a in open_or_closed
        ],
    )


@router.get(
    "/orders/{order_id}/history",
    response_model=list[HistoryEntry],
    openapi_extra=answers(),
    summary="The order's append-only history",
    name="get_order_history",
)
async def order_history(
    order_id: str, caller: CallerDep, session: Session, clock: ClockDep
) -> list[HistoryEntry]:
    order = await repository.order_for(session, caller, order_id, clock.now())
    return [
        HistoryEntry.model_validate(row, from_attributes=True)
        for row in await repository.history(session, order.id)
    ]


async def _fire(
    trigger: str,
    order_id: str,
    caller: Caller,
    session: AsyncSession,
    ctx: Context,
    body: TriggerBody | None,
    dry_run: bool,
    if_match: str | None,
) -> Response:
    def precondition(order: Order) -> None:
        require_match(if_match, order.version)

    fire = partial(
        transitions.fire_for, session, caller, order_id, trigger, body or TriggerBody(), ctx,
        if_match=precondition,
    )  # fmt: skip
    if not dry_run:
        return _with_etag(await fire())
    rehearsal = await session.begin_nested()
    try:
        preview = _with_etag(await fire(), **{"X-Dry-Run": "true"})
    finally:
        await rehearsal.rollback()
    return preview


def trigger_routes(machine: sm.OrderMachine) -> APIRouter:
    """`POST /v1/orders/{id}/<trigger>`, one operation per row of the machine's table."""
    triggers = Router(prefix="/v1", tags=["orders"])
    for transition in machine.transitions:
        _trigger_route(triggers, transition)
    return triggers


def _trigger_route(triggers: APIRouter, transition: sm.Transition) -> None:
    who = ", ".join(sorted(a.value for a in transition.actors))
    needs = ", ".join(f"`{f}`" for f in transition.input_fields) or "nothing"
    sources = ", ".join(s.value for s in transition.sources)
    if transition.stages:
        sources += " (at " + ", ".join(start.value for start, _ in transition.stages) + ")"
    dest = transition.dest.value if transition.dest else "the same state"

    @triggers.post(
        f"/orders/{{order_id}}/{transition.trigger}",
        response_model=OrderPublic,
        responses={200: sends("ETag", "X-Dry-Run")},
        openapi_extra=answers(
            "invalid_transition",
            *(("stage_mismatch",) if transition.stages else ()),
            "version_conflict",
            *refusals(transition),
        ),
        summary=f"{transition.trigger}: {transition.description}",
        name=f"{transition.trigger}_order",
        description=(
            f"{sources} → {dest}, by {who}. Needs {needs}. With `If-Match` "
            "the transition runs only on that version (412 otherwise); with `?dry_run=true` "
            "every guard runs and the order comes back as it would be, nothing changed."
        ),
    )
    async def fire(
        order_id: str,
        caller: CallerDep,
        session: Session,
        ctx: ContextDep,
        body: TriggerBody | None = None,
        dry_run: bool = False,
        if_match: Annotated[
            str | None, Header(alias="If-Match", max_length=200, examples=['"v3"'])
        ] = None,
    ) -> Response:
        return await _fire(
            transition.trigger, order_id, caller, session, ctx, body, dry_run, if_match
        )


@router.get(
    "/order-machine",
    response_model=MachineDescription,
    tags=["machine"],
    summary="The order machine as data and as a Mermaid diagram, generated from the code",
    name="get_order_machine",
)
async def order_machine(request: Request) -> MachineDescription:
    machine: sm.OrderMachine = request.app.state.machine
    return MachineDescription(**as_data(machine), mermaid=as_mermaid(machine))
