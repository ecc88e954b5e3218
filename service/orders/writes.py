"""Every write of an order, in one place: its creation, and every change to it (a transition
from a caller or a timer, a batch of timers, a timer retried later, a video check, a new
retention period), one order or many, through one statement builder.

A change is compare-and-set: written only where the order is still at the version it was
read at. A change people see (`visible`) moves the version and is announced to waiting
polls and other processes; one with a `Step` also appends the history row and emits the
`order.<trigger>` event. The money that moves with the orders (`money`: postings prepared
by the ledger, `ledger.prepare`) is written with them. On PostgreSQL all of that is one
statement (`WITH moved AS (UPDATE orders … FROM the changes RETURNING id)`, then the
history rows and events of the orders that moved, the ledger's writes, and a NOTIFY per
order); on SQLite a few, in the same order. Either way each order is given, before the
statement runs, exactly the values it sets, so no row is read back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, func, null, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel.ext.asyncio.session import AsyncSession

from service.api.changes import notify_changed, remember_changed
from service.events.emit import NewEvent, emit, event_writes
from service.events.emit import rows as event_rows
from service.money import ledger, statements
from service.money.statements import Written
from service.orders.models import Order, OrderHistory
from service.orders.public import new_order_event, snapshot
from service.problems import VersionConflict
from service.sql import SMALL, Direct, RowSet, at_most, merged, row_type, rows_of, table_of
from statemachine import Actor, State

_ORDERS = table_of(Order)


# Steps the service writes to an order's history (with an `order.<step>` event) that are
# not rows of the machine's table; the schema's Trigger and EventType list them too.
CHANGE_RETENTION = "change_retention"
OUTSIDE_THE_TABLE = (CHANGE_RETENTION,)


@dataclass(frozen=True)
class Step:
    """A step of the order's history: its `order_history` row and `order.<trigger>` event."""

    trigger: str
    from_state: State | None
    to_state: State
    actor: Actor
    actor_id: str | None
    at: datetime
    reason: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


# A history row as written: every column of the table but `id`, which the database gives.
HistoryRow = row_type(
    "HistoryRow", tuple(c.name for c in table_of(OrderHistory).c if c.name != "id")
)


@dataclass(frozen=True)
class Change:
    """New values for an order's columns (`version` moves by itself). Not `visible`: the
    service's own bookkeeping (when to look at the video next), no new version."""

    order: Order
    values: dict[str, Any]
    step: Step | None = None
    visible: bool = True

    def __post_init__(self) -> None:
        assert self.visible or self.step is None, "a step of the history is always visible"


Shape = tuple[tuple[str, ...], bool, bool, bool]  # (columns, visible, with steps, with money)


def _history_row(order_id: str, step: Step) -> Any:
    return HistoryRow(
        order_id=order_id, trigger=step.trigger, from_state=step.from_state,
        to_state=step.to_state, actor_kind=step.actor.value, actor_id=step.actor_id,
        reason=step.reason, details=step.details, at=step.at,
    )  # fmt: skip


async def create(session: AsyncSession, order: Order, step: Step, money: Written) -> None:
    """Insert a new order with its first history row, its creation event and the money its
    creation moves (raises the ledger's InsufficientFunds: roll back)."""
    events = [new_order_event(order, step.trigger, None), *money.events]
    dialect = session.get_bind().dialect
    inserted = _inserted(dialect)
    rows = [inserted.orders.row(*(getattr(order, name) for name in inserted.orders.names))]
    params = merged(
        inserted.orders.params(rows), inserted.history.params([_history_row(order.id, step)])
    )
    if dialect.name == "postgresql":
        params = merged(
            params,
            event_writes(dialect).params(events, step.at),
            statements.posting_writes(dialect, SMALL).params(money),
        )
        ((_, touched),) = await inserted.statement.execute(session, params)
        ledger.covered(money, statements.balances_of(touched))
        return
    await session.exec(inserted.orders.insert_into(Order), params=params)
    await session.exec(inserted.history.insert_into(OrderHistory), params=params)
    await emit(session, events[:1], step.at)
    ledger.covered(money, await statements.write(session, money))


async def write(
    session: AsyncSession, changes: Sequence[Change], money: Written | None = None
) -> None:
    """Write every change, and `money` with them; or raise VersionConflict when an order was
    not at the version it was read at, InsufficientFunds when the money is not there: the
    caller must then roll back (its transaction, or a savepoint), for the rest may have been
    written; the orders of a failed shape are back as they were read."""
    shapes: dict[Shape, list[Change]] = {}
    for change in changes:
        columns = tuple(change.values)
        shape = (columns, change.visible, change.step is not None, False)
        shapes.setdefault(shape, []).append(change)
    last = len(shapes) - 1
    for n, (shape, group) in enumerate(shapes.items()):
        # The money goes with the last statement: every order's event comes before the
        # balance changes its money causes, however many shapes the changes have.
        with_money = n == last and bool(money)
        await _write_shape(session, (*shape[:3], with_money), group, money)
    if money and not shapes:
        ledger.covered(money, await statements.write(session, money))
    remember_changed(session, [c.order.id for c in changes if c.visible])


async def _write_shape(
    session: AsyncSession, shape: Shape, group: list[Change], money: Written | None
) -> None:
    columns, visible, with_steps, with_money = shape
    dialect = session.get_bind().dialect
    postgresql = dialect.name == "postgresql"
    read = [{c: getattr(ch.order, c) for c in (*columns, "version")} for ch in group]
    rows, history, events = [], [], []
    row = _change_row(columns)
    for change in group:
        order, was = change.order, change.order.version
        before = snapshot(order) if change.step else None
        version = was + 1 if visible else was
        for column, value in {**change.values, "version": version}.items():
            set_committed_value(order, column, value)  # the row as the statement writes it
        rows.append(row(order.id, was, version, *change.values.values()))
        if change.step is not None:
            history.append(_history_row(order.id, change.step))
            events.append(new_order_event(order, change.step.trigger, before))
    at = group[0].step.at if group[0].step else None  # (changes written together: one time)
    everything = events  # on PostgreSQL, the orders' events first, then the money's
    if with_money:
        assert money is not None
        everything = [*events, *money.events]
        at = at or money.now
    written, heard = event_rows(everything, at) if everything else ([], [])  # type: ignore[arg-type]
    size = at_most(len(rows), len(written), len(heard))
    if with_money and money is not None and money.size is None:
        size = None
    statement = _changed(dialect, shape, size)
    params = merged(statement.orders.params(rows), statement.history.params(history))
    if postgresql and with_money:
        assert money is not None
        params = merged(params, statements.posting_writes(dialect, size).params(money))
    if postgresql and (with_steps or with_money):
        params = merged(params, event_writes(dialect, size).rows_params(written, heard))
    answer = await statement.statement.execute(session, params)
    moved = answer[0][0] if postgresql else len(answer)
    if moved != len(group):
        for change, values in zip(group, read, strict=True):
            for column, value in values.items():
                set_committed_value(change.order, column, value)
        lost = len(group) - moved
        raise VersionConflict(f"{lost} of {len(group)} orders changed meanwhile; retry")
    if with_steps and not postgresql:
        await session.exec(statement.history.insert_into(OrderHistory), params=params)
        await emit(session, events, at)  # type: ignore[arg-type]
    if with_money:
        assert money is not None
        if postgresql:
            balances = statements.balances_of(answer[0][1])
        else:
            balances = await statements.write(session, money)
        ledger.covered(money, balances)


def _change_row(columns: tuple[str, ...]) -> Any:
    return row_type("OrderChange", ("id", "version", "new_version", *columns))


def _moved_count(cte: Any, visible: bool) -> Any:
    """How many orders moved, having NOTIFYed each if the change is visible (PostgreSQL;
    a volatile output of a subquery is computed even when nothing reads it)."""
    each = [cte.c.id, notify_changed(cte.c.id)] if visible else [cte.c.id]
    return select(func.count()).select_from(select(*each).subquery()).scalar_subquery()


@dataclass(frozen=True)
class _Statement:
    """A statement of the writer and the row sets it reads."""

    orders: RowSet[Any]  # the changes, or the new orders
    history: RowSet[Any]
    statement: Direct


@lru_cache(maxsize=128)
def _changed(dialect: Dialect, shape: Shape, size: int | None) -> _Statement:
    """The statement for a shape of change, built once: the compare-and-set of every order
    of the batch; on SQLite RETURNING the ids that moved, on PostgreSQL one row, how many
    moved and the accounts the money touched (JSON), with the history rows, the events,
    the money and the NOTIFYs written. When fewer orders move than were changed, the
    caller raises and rolls all of it back."""
    columns, visible, with_steps, with_money = shape
    changes = rows_of("change", _change_row(columns), Order, dialect, size, new_version=Integer())
    history: RowSet[Any] = rows_of("history", HistoryRow, OrderHistory, dialect, size)
    c = changes.table.c
    moved = (
        update(_ORDERS)
        .where(_ORDERS.c.id == c.id, _ORDERS.c.version == c.version)
        .values(version=c.new_version, **{name: c[name] for name in columns})
        .returning(_ORDERS.c.id)
    )
    if dialect.name != "postgresql":
        return _Statement(changes, history, Direct(moved))
    cte = moved.cte("moved")
    ctes: list[Any] = []
    answer = [_moved_count(cte, visible), null()]
    if with_steps:
        ctes.append(history.insert_into(OrderHistory).cte("history_written"))
    if with_money:
        money = statements.posting_writes(dialect, size)
        ctes.extend(money.ctes)
        answer[1] = money.touched
    if with_steps or with_money:
        ctes.extend(event_writes(dialect, size).ctes())
    return _Statement(changes, history, Direct(select(*answer).add_cte(*ctes)))


@lru_cache(maxsize=4)
def _inserted(dialect: Dialect) -> _Statement:
    """Creation's statement, built once: on PostgreSQL the order, its history row, its
    event and audience, and its money in one."""
    row = row_type("OrderRow", tuple(c.name for c in _ORDERS.c))
    orders = rows_of("new_order", row, Order, dialect, SMALL)
    history: RowSet[Any] = rows_of("history", HistoryRow, OrderHistory, dialect, SMALL)
    if dialect.name != "postgresql":
        return _Statement(orders, history, Direct(orders.insert_into(Order)))
    inserted = orders.insert_into(Order).returning(_ORDERS.c.id).cte("inserted")
    written = history.insert_into(OrderHistory).cte("history_written")
    money = statements.posting_writes(dialect, SMALL)
    statement = select(inserted.c.id, money.touched).add_cte(
        written, *event_writes(dialect).ctes(), *money.ctes
    )
    return _Statement(orders, history, Direct(statement))


__all__ = ["CHANGE_RETENTION", "OUTSIDE_THE_TABLE", "Change", "NewEvent", "Step", "create", "write"]
