"""Firing a claimed batch of due timers set-wise: decided one by one, written all at once.

Every order is decided in Python by the same code as a REST call (`transitions.decide`: the
shared machine, the order's facts, the same plan of writes). The batch is then written with
a handful of multi-row statements instead of a dozen statements per order: one UPDATE of
the orders (compare-and-set on each version), the history rows, the journal entries and
lines, one summed change per account (accounts locked in id order, the never-negative
guards kept), the events with their audience, and one NOTIFY. The rows are those the
per-order path (`transitions.fire`) writes; only generated ids differ.

What a timer needs beyond the order row and a release of its escrow (a violation, a
suspension, a video observation; an escrow that does not hold the brand total) is left to
the per-order path, as is the whole batch if the set-wise write fails.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

import statemachine as sm
from service.events.emit import emit_many
from service.integrator.changes import announce_many
from service.money import ledger
from service.money.models import Account
from service.money.order_money import RELEASES, check_held, escrow_key, payees, release_lines
from service.observability import observe_transition
from service.orders import writes
from service.orders.facts import Context
from service.orders.models import Order, OrderHistory
from service.orders.public import new_order_event, snapshot
from service.orders.transitions import Step, decide, decided_by_row
from service.problems import ProblemError
from service.rowsets import RowSet

HISTORY_COLUMNS = ("order_id", *writes.HISTORY_FIELDS)  # the row `writes.append_history` adds
WRITTEN_MONEY = frozenset({sm.Money.NONE, *RELEASES})


class BatchLost(Exception):
    """An order of the batch was not at the version it was decided on."""


def set_wise(transition: sm.Transition) -> bool:
    """Whether a transition's writes fit the batch: decided by the order row, no standing
    effects, and money that at most releases the escrow."""
    return (
        decided_by_row(transition)
        and not transition.violation
        and not transition.suspends_order_rights
        and transition.money in WRITTEN_MONEY
    )


@dataclass
class Sorted:
    """A claimed batch, sorted out: what the batch writes, what the machine refused, and
    what goes one by one through the per-order path."""

    steps: list[tuple[Order, Step]] = field(default_factory=list)
    refused: list[tuple[Order, sm.DomainError]] = field(default_factory=list)
    one_by_one: list[Order] = field(default_factory=list)


def sort_out(claimed: Sequence[Order], ctx: Context) -> Sorted:
    """Decide every claimed order with the machine, as the system."""
    batch = Sorted()
    for order in claimed:
        assert order.due_trigger is not None
        if not set_wise(sm.transition_for(order.due_trigger)):
            batch.one_by_one.append(order)
            continue
        try:
            batch.steps.append((order, decide(order, order.due_trigger, sm.Actor.SYSTEM, ctx)))
        except sm.DomainError as refusal:
            batch.refused.append((order, refusal))
    return batch


async def write(
    session: AsyncSession,
    steps: list[tuple[Order, Step]],
    ctx: Context,
    locked: Mapping[ledger.AccountKey, Account],
) -> tuple[list[Order], list[Order]]:
    """Write the decided steps set-wise; returns the orders fired and those whose escrow is
    not as it should be (left to the per-order path). `locked`: the accounts the steps move,
    already locked in id order (`ledger.lock_accounts`); payees missing from it are created
    here, as `ledger.account` creates them on first use. Raises BatchLost, or the ledger's
    InsufficientFunds, having written part of the batch: run it inside a savepoint."""
    accounts = dict(locked)
    payee_keys = {
        key
        for order, step in steps
        if step.transition.money in RELEASES
        for key in payees(order, step.transition.money)
    }
    if missing := payee_keys - accounts.keys():  # a first payout: create, as `account` does
        accounts.update(await ledger.lock_accounts(session, missing, ctx.now))
    written, aside, postings = [], [], {}
    for order, step in steps:
        money = step.transition.money
        if money in RELEASES:
            escrow = accounts.get(escrow_key(order))
            held = escrow.balance_fen if escrow else 0
            try:
                check_held(order, held)
            except ProblemError:
                aside.append(order)
                continue
            assert escrow is not None
            lines = release_lines(order, money, escrow, held, accounts)
            postings[order.id] = ledger.Posting(RELEASES[money], lines, order.id)
        written.append((order, step))
    if not written:
        return [], aside

    before = {order.id: (order.state, snapshot(order)) for order, _ in written}
    await _compare_and_set(session, written)
    entries = await ledger.post_many(session, list(postings.values()), ctx.now)
    by_order = {entry.order_id: entry for entry in entries}
    history, events = [], []
    for order, step in written:
        from_state, snapshot_before = before[order.id]
        trigger = step.transition.trigger
        history.append(_history(order, step, from_state, ctx))
        events.append(new_order_event(order, trigger, snapshot_before))  # as `fire` writes
        if order.id in postings:
            events += ledger.balance_changes(by_order[order.id], postings[order.id].lines)
    rows = RowSet.of("history", OrderHistory, HISTORY_COLUMNS, session.get_bind().dialect)
    await session.exec(rows.insert_into(OrderHistory), params=rows.params(history))
    await emit_many(session, events, ctx.now)
    await announce_many(session, [order.id for order, _ in written])
    for _, step in written:
        observe_transition(step.transition.trigger, sm.Actor.SYSTEM.value)
    return [order for order, _ in written], aside


async def _compare_and_set(session: AsyncSession, written: list[tuple[Order, Step]]) -> None:
    """One UPDATE per set of changed columns (one for every timer today), each order only at
    the version it was decided on. RETURNING refreshes the orders in the session, as in
    `writes.write_change`."""
    shapes: dict[tuple[str, ...], list[tuple[Order, Step]]] = {}
    for order, step in written:
        shapes.setdefault(tuple(step.changes), []).append((order, step))
    dialect = session.get_bind().dialect
    for names, group in shapes.items():
        change = RowSet.of("change", Order, ("id", "version", *names), dialect)
        c = change.table.c
        moved = await session.exec(
            update(Order)
            .where(col(Order.id) == c.id, col(Order.version) == c.version)
            .values(version=col(Order.version) + 1, **{name: c[name] for name in names})
            .returning(Order)
            .execution_options(synchronize_session=False, populate_existing=True),
            params=change.params(
                [(o.id, o.version, *(s.changes[name] for name in names)) for o, s in group]
            ),
        )
        if len(moved.all()) != len(group):
            raise BatchLost(f"{len(group)} orders decided, fewer found at their version")


def _history(order: Order, step: Step, from_state: sm.State, ctx: Context) -> tuple[Any, ...]:
    """The row `writes.append_history` adds for a system trigger (HISTORY_COLUMNS)."""
    trigger, dest = step.transition.trigger, step.transition.dest
    system, no_actor_id, no_reason = sm.Actor.SYSTEM.value, None, None
    return (order.id, trigger, from_state, dest, system, no_actor_id, no_reason, step.details,
            ctx.now)  # fmt: skip
