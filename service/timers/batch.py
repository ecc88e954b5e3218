"""Firing a claimed batch of due timers set-wise: decided one by one, written all at once.

Every order is decided in Python by the same code as a REST call (`transitions.decide`: the
machine, the order's facts, the same plan of writes), and written by the same writers as a
REST call, given the whole batch: the orders' changes with their history rows and events,
and every posting (`orders.writes`: one statement per shape of change on PostgreSQL, the
accounts locked beforehand in id order). Which timers go this way follows from the table
(`transitions.set_wise`); the others (a violation, a suspension) go through the per-order
path, as does the whole batch if the set-wise write fails.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlmodel.ext.asyncio.session import AsyncSession

import statemachine as sm
from service.money import ledger
from service.money.ledger import AccountKey, EscrowMismatch
from service.money.order_money import postings, release, releases_escrow
from service.observability import count_transition
from service.orders import writes
from service.orders.facts import Context
from service.orders.models import Order
from service.orders.transitions import decide, set_wise


@dataclass
class Sorted:
    """A claimed batch, sorted out: what the batch writes, what the machine refused, and
    what goes one by one through the per-order path."""

    changes: list[writes.Change] = field(default_factory=list)
    refused: list[tuple[Order, sm.DomainError]] = field(default_factory=list)
    one_by_one: list[Order] = field(default_factory=list)


def sort_out(claimed: Sequence[Order], ctx: Context) -> Sorted:
    """Decide every claimed order with the machine, as the system."""
    batch = Sorted()
    for order in claimed:
        assert order.due_trigger is not None
        if not set_wise(ctx.machine.transition_for(order.due_trigger)):
            batch.one_by_one.append(order)
            continue
        try:
            batch.changes.append(decide(order, order.due_trigger, ctx))
        except sm.DomainError as refusal:
            batch.refused.append((order, refusal))
    return batch


async def write(
    session: AsyncSession,
    changes: Sequence[writes.Change],
    ctx: Context,
    balances: Mapping[AccountKey, int],
) -> tuple[list[Order], list[Order]]:
    """Write the decided changes and their money set-wise; returns the orders fired and
    those whose escrow is not as it should be (left to the per-order path). `balances`:
    every account the changes move, locked. Raises VersionConflict, or the ledger's
    InsufficientFunds, having written part of the batch: run it inside a savepoint."""
    booked: list[ledger.Posting] = []
    written, aside = [], []
    for change in changes:
        assert change.step is not None
        money = ctx.machine.transition_for(change.step.trigger).money
        try:
            if releases_escrow(money):
                booked += release(change.order, money, balances, ctx.settings)
            else:
                booked += postings(change.order, money, change.order.brand_total_fen, ctx.settings)
        except EscrowMismatch:
            aside.append(change.order)
            continue
        written.append(change)
    await writes.write(
        session, written, await ledger.prepare(session, booked, ctx.now, locked=True)
    )
    for change in written:
        assert change.step is not None
        count_transition(session, change.step.trigger, sm.Actor.SYSTEM.value)
    return [change.order for change in written], aside
