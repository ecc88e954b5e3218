"""Who calls, and what the authorization rules demand of each answer: the model of the parties
that the soak's clients (`tests.reliability.actions`) and the simulation
(`tests.reliability.simulation`) share.

The rules restate the service's own: `visible` is `service.orders.repository.scoped`, and
`expected_refusal` follows the order of the service's checks (no key, then an order hidden
from the caller, then a role that may never fire the trigger).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from statemachine import ORDER_MACHINE, Actor, may_act


@dataclass
class Who:
    role: str  # brand, creator, mcn, ops or anonymous
    id: str | None = None
    key: str | None = None
    alias: str = ""  # the simulation's name for it (b0, c3): its step log never shows ids
    channel_id: str | None = None
    handle: str | None = None
    platform: str | None = None  # creators: the platform of their channel
    mcn: str | None = None  # creators: the id of the MCN that signed them

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"} if self.key else {}


ANONYMOUS = Who("anonymous", alias="anon")


class OrderView(Protocol):
    """What the rules need to know of an order, however a test models it."""

    @property
    def brand(self) -> Who: ...

    @property
    def creator(self) -> Who: ...


def visible(order: OrderView, who: Who) -> bool:
    """Whether `who` may see `order`, as `scoped` decides: ops every order, a brand its own, a
    creator those addressed to it, an MCN those of the creators it has signed, compared by
    id. (`scoped` also shows an MCN the orders it takes a share of; no contract ends in these
    worlds, so those are the same orders.)"""
    if who.role == "ops":
        return True
    if who.role == "brand":
        return who.id == order.brand.id
    if who.role == "creator":
        return who.id == order.creator.id
    if who.role == "mcn":
        return who.id is not None and who.id == order.creator.mcn
    return False


def expected_refusal(order: OrderView, trigger: str, who: Who) -> int | None:
    """The status the authorization rules demand, or None when the caller may try."""
    if who.role == "anonymous":
        return 401
    if not visible(order, who):
        return 404
    if not may_act(Actor(who.role), ORDER_MACHINE.by_trigger[trigger]):
        return 403
    return None


def actor_for(order: OrderView, trigger: str, ops: Who) -> Who:
    """The party that may fire `trigger` on `order` (`ops` for the system)."""
    actors = ORDER_MACHINE.by_trigger[trigger].actors
    if Actor.CREATOR in actors:
        return order.creator
    if Actor.BRAND in actors:
        return order.brand
    return ops
