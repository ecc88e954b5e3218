"""The order as callers see it, and the event that a change to it emits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from service.events.emit import NewEvent, emit_event
from service.orders.models import Order
from service.orders.schemas import LineItemsPublic, OrderPublic


def to_public(order: Order) -> OrderPublic:
    items = LineItemsPublic.model_validate(order, from_attributes=True)
    return OrderPublic.model_validate(
        {
            **order.model_dump(),
            "line_items": items,
            "next_timer": order.due_trigger,
            "next_due_at": order.due_at,
        }
    )


def snapshot(order: Order) -> dict[str, Any]:
    return to_public(order).model_dump(mode="json")


async def order_event(
    session: AsyncSession,
    order: Order,
    trigger: str,
    now: datetime,
    before: dict[str, Any] | None = None,
) -> None:
    """`order.<trigger>`, carrying the order and the previous values of what changed."""
    await emit_event(session, new_order_event(order, trigger, before), now)


def new_order_event(order: Order, trigger: str, before: dict[str, Any] | None) -> NewEvent:
    """The `order.<trigger>` event as a value: the order now, the old values of what changed
    under `previous`, for its brand, creator and MCN."""
    after = snapshot(order)
    previous = {k: v for k, v in (before or {}).items() if after.get(k) != v}
    audience = (order.brand_id, order.creator_id, order.mcn_id)
    return NewEvent(f"order.{trigger}", "order", order.id, after, audience, previous)
