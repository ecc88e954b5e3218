"""Writing a change to an order: the compare-and-set, its history row and its event.

On PostgreSQL the three are one statement: `WITH moved AS (UPDATE orders … RETURNING id)`,
then the history row, the event and its audience inserted `FROM moved` (nothing is written
when the compare-and-set finds the order moved), and the change NOTIFYed to the other
processes. On SQLite they are three statements, in the same order. Either way the order is
given, before the statement runs, exactly the values it sets (the changes, the version plus
one), so the row is not read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import ARRAY, Text, bindparam, func, insert, select, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel.ext.asyncio.session import AsyncSession

from service.direct import Direct
from service.events.emit import EVENT_COLUMNS, emit_event
from service.events.models import Event, EventAudience
from service.integrator.changes import notify_changed, remember_changed
from service.orders.models import Order, OrderHistory
from service.orders.public import new_order_event
from service.problems import VersionConflict
from service.rowsets import table_of
from statemachine import State

_ORDERS = table_of(Order)
_HISTORY = table_of(OrderHistory)
_EVENTS = table_of(Event)
_AUDIENCE = table_of(EventAudience)
HISTORY_FIELDS = ("trigger", "from_state", "to_state", "actor_kind", "actor_id", "reason",
                  "details", "at")  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """An order's history row, before it is written."""

    trigger: str
    from_state: State | None
    to_state: State
    actor: tuple[str, str | None]  # (kind, party id)
    at: datetime
    reason: str | None = None
    details: dict[str, Any] | None = None

    def values(self, order_id: str) -> dict[str, Any]:
        return {
            "order_id": order_id, "trigger": self.trigger, "from_state": self.from_state,
            "to_state": self.to_state, "actor_kind": self.actor[0], "actor_id": self.actor[1],
            "reason": self.reason, "details": self.details or {}, "at": self.at,
        }  # fmt: skip


def _move(columns: tuple[str, ...]) -> Any:
    """UPDATE the order's `columns` (parameters `new_<column>`) if it is still at `cas_version`."""
    return (
        update(_ORDERS)
        .where(_ORDERS.c.id == bindparam("cas_id"), _ORDERS.c.version == bindparam("cas_version"))
        .values(version=_ORDERS.c.version + 1, **{c: bindparam(f"new_{c}") for c in columns})
    )


def _values_of(table: Any, fields: tuple[str, ...], prefix: str) -> list[Any]:
    return [bindparam(f"{prefix}{name}", type_=table.c[name].type) for name in fields]


@lru_cache(maxsize=128)
def _compare_and_set(columns: tuple[str, ...]) -> Direct:
    """SQLite's compare-and-set of these columns, built once: one row if the order was at
    `cas_version`, none otherwise."""
    return Direct(_move(columns).returning(_ORDERS.c.id))


@lru_cache(maxsize=128)
def _write_change(columns: tuple[str, ...]) -> Direct:
    """PostgreSQL's one statement for a change to these columns, built once (Core: the
    ORM's bulk-update path costs more than the statement); one row if the order was at
    `cas_version`, none otherwise. Parameters: `cas_id`, `cas_version`, `new_<column>`,
    `h_<history field>`, `e_<event column>` and `parties`."""
    moved = _move(columns).returning(_ORDERS.c.id).cte("moved")
    history = (
        insert(_HISTORY)
        .from_select(
            ["order_id", *HISTORY_FIELDS],
            select(moved.c.id, *_values_of(_HISTORY, HISTORY_FIELDS, "h_")),
        )
        .cte("written_history")
    )
    event = (
        insert(_EVENTS)
        .from_select(
            list(EVENT_COLUMNS),
            select(*_values_of(_EVENTS, EVENT_COLUMNS, "e_")).select_from(moved),
        )
        .returning(_EVENTS.c.id)
        .cte("written_event")
    )
    audience = insert(_AUDIENCE).from_select(
        ["event_id", "party_id"],
        select(event.c.id, func.unnest(bindparam("parties", type_=ARRAY(Text)))),
    )
    return Direct(
        select(notify_changed(moved.c.id)).add_cte(history, event, audience.cte("written_audience"))
    )


async def write_change(
    session: AsyncSession,
    order: Order,
    changes: dict[str, Any],
    entry: Entry,
    before: dict[str, Any],
) -> None:
    """Write `changes` only if nobody moved the order since it was read, with the history row
    `entry` and the event `order.<trigger>` (the order as written, the `before` values of
    what changed); `order` then holds the row as written. Raises VersionConflict, having
    written nothing and `order` as it was read, when the order moved."""
    postgresql = session.get_bind().dialect.name == "postgresql"
    params: dict[str, Any] = {f"new_{c}": value for c, value in changes.items()}
    params.update(cas_id=order.id, cas_version=order.version)
    read = {c: getattr(order, c) for c in (*changes, "version")}
    for column, value in {**changes, "version": order.version + 1}.items():
        set_committed_value(order, column, value)  # the row as the statement writes it
    event = new_order_event(order, entry.trigger, before)
    if postgresql:
        params.update({f"h_{k}": v for k, v in entry.values(order.id).items()})
        params.update({f"e_{k}": v for k, v in event.row(entry.at).items()})
        params["parties"] = event.parties
        moved = await _write_change(tuple(changes)).execute(session, params)
    else:
        moved = await _compare_and_set(tuple(changes)).execute(session, params)
    if not moved:
        for column, value in read.items():
            set_committed_value(order, column, value)
        raise VersionConflict(f"order '{order.id}' changed while this request ran; retry")
    if not postgresql:
        await append_history(session, order.id, entry)
        await emit_event(session, event, entry.at)
    remember_changed(session, [order.id])  # (PostgreSQL's statement NOTIFYed the others)


_APPEND = insert(_HISTORY)


async def append_history(session: AsyncSession, order_id: str, entry: Entry) -> None:
    """Write the order's history row now (the order row must be written already)."""
    connection = await session.connection()
    await connection.execute(_APPEND, entry.values(order_id))
