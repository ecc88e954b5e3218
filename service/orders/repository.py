"""Reading orders: caller-scoped loads, the order a transition fires on, history, lists
(`writes` writes a change)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, bindparam, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from service.deps import Caller
from service.ids import looks_like_id
from service.mcn.models import McnContract
from service.orders.models import Order, OrderHistory
from service.parties.models import Channel, PartyKind
from service.parties.service import standing_columns, standing_from, standing_values
from service.problems import NotFound, Unprocessable
from service.schemas import MAX_YEAR, MIN_YEAR
from statemachine import CreatorFacts, Fact, State
from statemachine.contracts import ContractState
from statemachine.review import Stage


def scoped(
    statement: SelectOfScalar[Order], caller: Caller | None, now: datetime
) -> SelectOfScalar[Order]:
    """Only what the caller may see: a brand its orders, a creator those addressed to it, an
    MCN those of creators it has signed now and those it takes a share of (read-only); ops and
    the system itself (no caller) see everything."""
    if caller is None:
        return statement
    return statement.where(*_visible(caller.kind, caller.party_id, now))


def _visible(kind: PartyKind, party_id: Any, now: Any) -> tuple[Any, ...]:
    """`scoped`'s conditions for a caller of this kind (values, or parameters)."""
    if kind is PartyKind.OPS:
        return ()
    if kind is PartyKind.BRAND:
        return (col(Order.brand_id) == party_id,)
    if kind is PartyKind.CREATOR:
        return (col(Order.creator_id) == party_id,)
    signed = select(McnContract.creator_id).where(
        col(McnContract.mcn_id) == party_id,
        col(McnContract.state) == ContractState.ACTIVE,
        col(McnContract.ends_at) > now,
    )
    return (or_(col(Order.creator_id).in_(signed), col(Order.mcn_id) == party_id),)


def visible_without_query(caller: Caller, brand_id: str, creator_id: str) -> bool:
    """Whether `scoped` lets the caller see an order of these parties, where that takes no
    query; an MCN's view depends on its contracts, so for an MCN ask the database."""
    if caller.kind is PartyKind.OPS:
        return True
    if caller.kind is PartyKind.BRAND:
        return brand_id == caller.party_id
    return caller.kind is PartyKind.CREATOR and creator_id == caller.party_id


@lru_cache(maxsize=64)
def _order_by_id(kind: PartyKind | None, lock: bool, stored: frozenset[Fact]) -> Any:
    """The statement that reads an order by id, built once per kind of caller and set of
    stored facts: parameters `order_id`, `party_id`, `now` (and `year` with the standing).
    With Fact.CHANNEL it reads the order's channel in the same statement, with
    Fact.STANDING its creator's standing (`parties.standing_columns`)."""
    visible = _visible(kind, bindparam("party_id"), bindparam("now")) if kind else ()
    read: list[Any] = [Order]
    if Fact.CHANNEL in stored:
        read.append(Channel)
    if Fact.STANDING in stored:
        read.extend(standing_columns(col(Order.creator_id)))
    statement: Any = select(*read)
    if Fact.CHANNEL in stored:
        statement = statement.join(Channel, col(Channel.id) == col(Order.channel_id))
    statement = statement.where(col(Order.id) == bindparam("order_id"), *visible)
    return statement.with_for_update(of=Order) if lock else statement


async def _read(
    session: AsyncSession,
    caller: Caller | None,
    order_id: str,
    now: datetime,
    *,
    lock: bool,
    stored: frozenset[Fact] = frozenset(),
) -> Any:
    """The order's row (with the stored facts asked for) if the caller may see it."""
    if not looks_like_id(order_id, "ord"):
        raise NotFound(f"no order '{order_id}'")
    kind = caller.kind if caller else None
    values = {"order_id": order_id, "party_id": caller.party_id if caller else None, "now": now}
    if Fact.STANDING in stored:
        values.update(standing_values(now))
    found = (await session.exec(_order_by_id(kind, lock, stored), params=values)).first()
    if found is None:
        raise NotFound(f"no order '{order_id}'")
    return found


async def order_for(
    session: AsyncSession,
    caller: Caller | None,
    order_id: str,
    now: datetime,
    *,
    lock: bool = False,
) -> Order:
    """The order if the caller may see it (404 otherwise); `lock` holds its row until commit."""
    order: Order = await _read(session, caller, order_id, now, lock=lock)
    return order


@dataclass(frozen=True)
class ToFire:
    """An order and the stored facts its transitions' guards read, read with it (its row
    locked when a transition is to fire on it)."""

    order: Order
    channel: Channel | None = None
    standing: CreatorFacts | None = None


async def order_to_fire(
    session: AsyncSession,
    caller: Caller,
    order_id: str,
    now: datetime,
    needs: frozenset[Fact],
    *,
    lock: bool = True,
) -> ToFire:
    """`order_for(..., lock=lock)`, with the stored facts among `needs`, in one statement
    (the standing comes with the channel: admission reads both)."""
    stored = needs & {Fact.CHANNEL, Fact.STANDING}
    if Fact.STANDING in stored:
        stored |= {Fact.CHANNEL}
    found = await _read(session, caller, order_id, now, lock=lock, stored=frozenset(stored))
    if not stored:
        return ToFire(found)
    order, channel = found[0], found[1]
    standing = standing_from(order.creator_id, *found[2:]) if Fact.STANDING in stored else None
    return ToFire(order, channel, standing)


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
    """The time and order id `encode_cursor` put in; anything else (a time not in UTC or out
    of the range a stored time can have, a value that is not an order id) is 422."""
    try:
        padded = cursor[2:] + "=" * (-len(cursor[2:]) % 4)
        moment, order_id = base64.urlsafe_b64decode(padded).decode().split("|")
        when = datetime.fromisoformat(moment)
        if when.utcoffset() != timedelta(0):
            raise ValueError("a cursor's time is in UTC")
        if not (MIN_YEAR <= when.year <= MAX_YEAR and looks_like_id(order_id, "ord")):
            raise ValueError("not a cursor's time or order")
        return when, order_id
    except (ValueError, UnicodeDecodeError, OverflowError):
        raise Unprocessable(
            "starting_after is not a cursor this list gave out", code="invalid_cursor"
        ) from None


async def list_orders(
    session: AsyncSession,
    caller: Caller,
    now: datetime,
    *,
    state: State | None,
    project_id: str | None,
    creator_id: str | None = None,
    stage: Stage | None = None,
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
    if creator_id is not None:
        statement = statement.where(col(Order.creator_id) == creator_id)
    if stage is not None:
        statement = statement.where(col(Order.stage) == stage)
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
