"""The order as callers see it, and the event that a change to it emits."""

from __future__ import annotations

from typing import Any

from service.events.emit import NewEvent
from service.orders.models import Order
from service.orders.schemas import OrderPublic
from statemachine.pricing import LineItems

_LINE_ITEMS = tuple(LineItems.model_fields)


def to_public(order: Order) -> OrderPublic:
    shown = order.model_dump()
    return OrderPublic.model_validate(
        {
            **shown,
            "line_items": {name: shown[name] for name in _LINE_ITEMS},
            "next_timer": order.due_trigger,
            "next_due_at": order.due_at,
            "dispute_open": order.dispute_opened_at is not None,
        }
    )


def snapshot(order: Order) -> dict[str, Any]:
    return to_public(order).model_dump(mode="json")


def new_order_event(order: Order, trigger: str, before: dict[str, Any] | None) -> NewEvent:
    """The `order.<trigger>` event: the order now, the old values of what changed under
    `previous`, for its brand, creator and MCN."""
    after = snapshot(order)
    previous = {k: v for k, v in (before or {}).items() if after.get(k) != v}
    audience = (order.brand_id, order.creator_id, order.mcn_id)
    return NewEvent(f"order.{trigger}", "order", order.id, after, audience, previous)
