"""Reading and writing orders: caller-scoped loads, compare-and-set updates, history rows."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from service.deps import Caller
from service.ids import looks_like_id
from service.integrator.changes import announce
from service.mcn.models import McnContract
from service.orders.models import Order, OrderHistory
from service.parties.models import PartyKind
from service.problems import NotFound, Unprocessable, VersionConflict
from statemachine import State
from statemachine.contracts import ContractState


def scoped(
    statement: SelectOfScalar[Order], caller: Caller | None, now: datetime
) -> SelectOfScalar[Order]:
    """Only what the caller may see: a brand its orders, a creator those addressed to it, an
    MCN those of creators it has signed now and those it takes a share of (read-only); ops and
    the system itself (no caller) see everything."""
    if caller is None or caller.kind is PartyKind.OPS:
        return statement
    if caller.kind is PartyKind.BRAND:
        return statement.where(col(Order.brand_id) == caller.party_id)
    if caller.kind is PartyKind.CREATOR:
        return statement.where(col(Order.creator_id) == caller.party_id)
    signed = select(McnContract.creator_id).where(
        col(McnContract.mcn_id) == caller.party_id,
        col(McnContract.state) == ContractState.ACTIVE,
        col(McnContract.ends_at) > now,
    )
    return statement.where(
        or_(col(Order.creator_id).in_(signed), col(Order.mcn_id) == caller.party_id)
    )


def visible_without_query(caller: Caller, brand_id: str, creator_id: str) -> bool:
    """Whether `scoped` lets the caller see an order of these parties, where that takes no
    query; an MCN's view depends on its contracts, so for an MCN ask the database."""
    if caller.kind is PartyKind.OPS:
        return True
    if caller.kind is PartyKind.BRAND:
        return brand_id == caller.party_id
    return caller.kind is PartyKind.CREATOR and creator_id == caller.party_id


async def order_for(
    session: AsyncSession,
    caller: Caller | None,
    order_id: str,
    now: datetime,
    *,
    lock: bool = False,
) -> Order:
    """The order if the caller may see it (404 otherwise); `lock` holds its row until commit."""
    if not looks_like_id(order_id, "ord"):
        raise NotFound(f"no order '{order_id}'")
    statement = scoped(select(Order).where(col(Order.id) == order_id), caller, now)
    if lock:
        statement = statement.with_for_update()
    order = (await session.exec(statement)).one_or_none()
    if order is None:
        raise NotFound(f"no order '{order_id}'")
    return order


async def compare_and_set(session: AsyncSession, order: Order, changes: dict[str, Any]) -> None:
    """Write `changes` only if nobody moved the order since it was read."""
    written = await session.exec(
        update(Order)
        .where(col(Order.id) == order.id, col(Order.version) == order.version)
        .values(version=order.version + 1, **changes)
        .returning(Order)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    if written.first() is None:  # RETURNING also refreshed `order` in the session
        raise VersionConflict(f"order '{order.id}' changed while this request ran; retry")
    await announce(session, order.id)


def append_history(
    session: AsyncSession,
    order_id: str,
    trigger: str,
    from_state: State | None,
    to_state: State,
    actor: tuple[str, str | None],
    at: datetime,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    session.add(
        OrderHistory(
            order_id=order_id,
            trigger=trigger,
            from_state=from_state,
            to_state=to_state,
            actor_kind=actor[0],
            actor_id=actor[1],
            reason=reason,
            details=details or {},
            at=at,
        )
    )


async def history(session: AsyncSession, order_id: str) -> list[OrderHistory]:
    rows = await session.exec(
        select(OrderHistory)
        .where(col(OrderHistory.order_id) == order_id)
        .order_by(col(OrderHistory.id))
    )
    return list(rows)


def encode_cursor(order: Order, by_update: bool) -> str:
    if not by_update:
        return order.id
    raw = f"{order.updated_at.isoformat()}|{order.id}".encode()
    return "u_" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_update_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        padded = cursor[2:] + "=" * (-len(cursor[2:]) % 4)
        moment, order_id = base64.urlsafe_b64decode(padded).decode().split("|")
        when = datetime.fromisoformat(moment)
        if when.tzinfo is None:
            raise ValueError("a cursor's time has an offset")
        return when, order_id
    except (ValueError, UnicodeDecodeError):
        raise Unprocessable("starting_after is not a cursor this list gave out") from None


async def list_orders(
    session: AsyncSession,
    caller: Caller,
    now: datetime,
    *,
    state: State | None,
    project_id: str | None,
    updated_since: datetime | None,
    starting_after: str | None,
    limit: int,
) -> tuple[list[Order], bool]:
    """Newest first; in change order (oldest change first) when `updated_since` is given."""
    statement = scoped(select(Order), caller, now)
    if state is not None:
        statement = statement.where(col(Order.state) == state)
    if project_id is not None:
        statement = statement.where(col(Order.project_id) == project_id)
    if updated_since is not None:
        statement = statement.where(col(Order.updated_at) >= updated_since)
        statement = statement.order_by(col(Order.updated_at), col(Order.id))
        if starting_after:
            moment, last_id = _decode_update_cursor(starting_after)
            statement = statement.where(
                or_(
                    col(Order.updated_at) > moment,
                    and_(col(Order.updated_at) == moment, col(Order.id) > last_id),
                )
            )
    else:
        statement = statement.order_by(col(Order.id).desc())
        if starting_after:
            statement = statement.where(col(Order.id) < starting_after)
    rows = list(await session.exec(statement.limit(limit + 1)))
    return rows[:limit], len(rows) > limit
