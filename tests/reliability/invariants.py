"""What must hold after any amount of load, crashes or simulated time, on either database.

Every check returns a list of problems (empty when it holds), so that a failure names all of
them at once:

- the ledger consistency check of the service itself (`service.money.check`);
- every order's history obeys the transition table: it starts with `create`, consecutive rows
  chain (`from_state` is the previous `to_state`), each (trigger, from, to) is a row of
  `statemachine.table` fired by an actor the row allows (ops standing in for the system), and
  the last row is the order's state;
- escrow: empty for every order in a final state, the brand total for every open one;
- no money moved twice: one hold per order, one release per final order and none for an
  open one, a compensation only with `flag_fake_traffic`; one hold per withdrawal and one
  payout or return once it is finished; one posting per top-up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import text
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

import service.models  # noqa: F401  (every table, for the snapshots)
from service.config import Settings
from service.db import Database
from service.money.check import check_ledger
from service.money.models import ESCROW_RELEASES
from statemachine import FINAL_STATES, ORDER_MACHINE, Actor, State, Transition
from statemachine.pricing import BPS, FeePolicy, half_up, line_items
from statemachine.retention import CHANGEABLE_IN

FINAL = {s.value for s in FINAL_STATES}
_DEFAULTS = Settings()
_FEES = FeePolicy(_DEFAULTS.brand_fee_bps, _DEFAULTS.creator_commission_bps)
# The one history row that is not a transition of the table: a retention change agreed by
# both sides, which leaves the state where it was.
CHANGE_RETENTION = "change_retention"


def escrow_due(state: str, total_fen: int) -> int:
    """What an order's escrow must hold: the brand total while it is open, nothing after."""
    return 0 if state in FINAL else total_fen


def destinations(transition: Transition, from_state: str) -> set[str]:
    """Where a row may lead from `from_state`: its destination (the same state for a row that
    stays), or one of its branches'."""
    stays = transition.dest_from(State(from_state)).value
    return {stays, *(branch.dest.value for branch in transition.branches)}


def row_problem(trigger: str, from_state: str | None, to_state: str, actor: str) -> str | None:
    """Why one history row is not a move the transition table allows, or None."""
    if trigger == CHANGE_RETENTION:
        if from_state != to_state or from_state not in CHANGEABLE_IN:
            return f"change_retention {from_state} → {to_state}"
        return None if actor in ("brand", "creator") else f"change_retention by {actor}"
    if trigger == "create":
        if (from_state, to_state, actor) != (None, State.REQUESTED.value, Actor.BRAND.value):
            return f"create {from_state} → {to_state} by {actor}"
        return None
    transition = ORDER_MACHINE.by_trigger.get(trigger)
    if transition is None:
        return f"unknown trigger {trigger!r}"
    if from_state not in {s.value for s in transition.sources}:
        return f"{trigger} from {from_state}, not from {sorted(transition.sources)}"
    if to_state not in destinations(transition, from_state):
        return f"{trigger} to {to_state}, not to {sorted(destinations(transition, from_state))}"
    actors = {a.value for a in transition.actors}
    if actor not in actors and not (actor == Actor.OPS.value and Actor.SYSTEM.value in actors):
        return f"{trigger} by {actor}, not by {sorted(actors)}"
    return None


def history_problems(
    rows: Iterable[Sequence[Any]], states: dict[str, str]
) -> tuple[list[str], dict[str, list[str]]]:
    """Check (order_id, trigger, from, to, actor) rows, in id order per order, against the
    table and the orders' current states; returns the problems and each order's triggers."""
    by_order: dict[str, list[Sequence[Any]]] = defaultdict(list)
    for row in rows:
        by_order[row[0]].append(row)
    problems: list[str] = []
    triggers: dict[str, list[str]] = {}
    for order_id, state in states.items():
        history = by_order.pop(order_id, [])
        triggers[order_id] = [r[1] for r in history]
        if not history or history[0][1] != "create":
            problems.append(f"{order_id}: history does not start with create: {history[:1]}")
            continue
        previous: str | None = None
        for _, trigger, from_state, to_state, actor in history:
            if from_state != previous:
                problems.append(f"{order_id}: {trigger} from {from_state} after {previous}")
            wrong = row_problem(trigger, from_state, to_state, actor)
            if wrong:
                problems.append(f"{order_id}: {wrong}")
            previous = to_state
        if previous != state:
            problems.append(f"{order_id}: state {state} but history ends in {previous}")
    for order_id in by_order:
        problems.append(f"history of an order that does not exist: {order_id}")
    return problems, triggers


async def _rows(session: AsyncSession, sql: str) -> list[Any]:
    connection = await session.connection()
    return list(await connection.execute(text(sql)))


async def order_problems(session: AsyncSession) -> list[str]:
    """History against the table, and escrow against the order's state."""
    orders = await _rows(
        session,
        """SELECT o.id, o.state, o.brand_total_fen, COALESCE(a.balance_fen, 0)
           FROM orders o
           LEFT JOIN accounts a ON a.kind = 'order_escrow' AND a.owner_id = o.id""",
    )
    history = await _rows(
        session,
        """SELECT order_id, trigger, from_state, to_state, actor_kind
           FROM order_history ORDER BY order_id, id""",
    )
    problems, _ = history_problems(history, {o[0]: o[1] for o in orders})
    for order_id, state, total, escrow in orders:
        expected = escrow_due(state, total)
        if escrow != expected:
            problems.append(f"{order_id}: {state} with {escrow} fen in escrow, not {expected}")
    return problems


async def money_once_problems(session: AsyncSession) -> list[str]:
    """Each order, withdrawal and top-up moved its money exactly as often as it should."""
    problems = []
    per_order = await _rows(
        session,
        """SELECT o.id, o.state,
                  SUM(CASE WHEN e.kind = 'order_hold' THEN 1 ELSE 0 END),
                  SUM(CASE WHEN e.kind IN ({releases}) THEN 1 ELSE 0 END),
                  SUM(CASE WHEN e.kind = 'fake_traffic_compensation' THEN 1 ELSE 0 END),
                  (SELECT COUNT(*) FROM order_history h
                   WHERE h.order_id = o.id AND h.trigger = 'flag_fake_traffic')
           FROM orders o LEFT JOIN journal_entries e ON e.order_id = o.id
           GROUP BY o.id, o.state""".format(releases=", ".join(f"'{k}'" for k in ESCROW_RELEASES)),
    )
    for order_id, state, holds, releases, compensations, flagged in per_order:
        expected = (1, 1 if state in FINAL else 0, 1 if flagged else 0)
        if (holds, releases, compensations) != expected:
            problems.append(
                f"order {order_id} ({state}): {holds} holds, {releases} releases, "
                f"{compensations} compensations; expected {expected}"
            )
    per_withdrawal = await _rows(
        session,
        """SELECT w.id, w.state,
                  SUM(CASE WHEN e.kind = 'withdrawal_hold' THEN 1 ELSE 0 END),
                  SUM(CASE WHEN e.kind = 'withdrawal_paid' THEN 1 ELSE 0 END),
                  SUM(CASE WHEN e.kind = 'withdrawal_returned' THEN 1 ELSE 0 END)
           FROM withdrawals w LEFT JOIN journal_entries e ON e.withdrawal_id = w.id
           GROUP BY w.id, w.state""",
    )
    for withdrawal_id, state, holds, paid, returned in per_withdrawal:
        expected = (1, 1 if state == "paid" else 0, 1 if state == "failed" else 0)
        if (holds, paid, returned) != expected:
            problems.append(
                f"withdrawal {withdrawal_id} ({state}): {holds} holds, {paid} payouts, "
                f"{returned} returns; expected {expected}"
            )
    top_ups = await _rows(
        session,
        """SELECT t.id, COUNT(e.id) FROM top_ups t
           LEFT JOIN journal_entries e ON e.top_up_id = t.id AND e.kind = 'top_up'
           GROUP BY t.id HAVING COUNT(e.id) <> 1""",
    )
    problems += [f"top-up {t} posted {n} times" for t, n in top_ups]
    return problems


async def split_problems(session: AsyncSession, policy: FeePolicy) -> list[str]:
    """An escrow split between the brand and the creator side (a cancellation with
    compensation, a resolved dispute) pays the creator side exactly the settlement of the
    part of the price settled, and the brand the rest: the order's `compensation_fen`, or its
    price less `refund_bps` of it (rounded half up)."""
    rows = await _rows(
        session,
        """SELECT o.id, e.kind, o.price_fen, o.mcn_share_bps, o.compensation_fen, o.refund_bps,
                  o.brand_total_fen, a.kind, l.amount_fen
           FROM journal_entries e JOIN orders o ON o.id = e.order_id
           JOIN journal_lines l ON l.entry_id = e.id JOIN accounts a ON a.id = l.account_id
           WHERE e.kind IN ('order_cancellation', 'dispute_settlement')""",
    )
    found: dict[str, dict[str, int]] = defaultdict(dict)
    terms: dict[str, tuple[str, int, int, int, int | None, int]] = {}
    for order_id, kind, price, share, compensation, bps, total, account, amount in rows:
        found[order_id][account] = found[order_id].get(account, 0) + amount
        terms[order_id] = (kind, price, share, compensation, bps, total)
    problems = []
    for order_id, (kind, price, share, compensation, bps, total) in terms.items():
        if kind == "order_cancellation":
            settled = compensation
        elif bps is None or not 0 <= bps <= BPS:
            problems.append(f"order {order_id}: a dispute settled with refund_bps {bps}")
            continue
        else:
            settled = price - half_up(price, bps)
        paid = line_items(settled, share, policy)
        expected = {
            "order_escrow": -total,
            "brand_available": total - paid.brand_total_fen,
            "creator_available": paid.creator_payout_fen,
            "mcn_available": paid.mcn_share_fen,
            "platform_revenue": paid.platform_revenue_fen,
        }
        lines = found[order_id]
        if {k: v for k, v in expected.items() if v} != {k: v for k, v in lines.items() if v}:
            problems.append(f"order {order_id}: {kind} moved {lines}, expected {expected}")
    return problems


async def ledger_problems(session: AsyncSession) -> list[str]:
    report = await check_ledger(session)
    return [f"ledger {d.check}: {d.subject}: {d.detail}" for d in report.discrepancies]


async def all_problems(database: Database) -> list[str]:
    async with database.session() as session:
        return (
            await ledger_problems(session)
            + await order_problems(session)
            + await money_once_problems(session)
            + await split_problems(session, _FEES)
        )


async def fired_triggers(database: Database) -> dict[str, int]:
    """How often each trigger appears in the histories, to show what a run exercised."""
    async with database.session() as session:
        rows = await _rows(
            session, "SELECT trigger, COUNT(*) FROM order_history GROUP BY trigger ORDER BY 1"
        )
    return {trigger: int(n) for trigger, n in rows}


async def snapshot(database: Database) -> dict[str, list[str]]:
    """Every row of every table, to tell whether a request changed anything at all."""
    found = {}
    async with database.engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            rows = await connection.execute(text(f"SELECT * FROM {table.name}"))
            found[table.name] = sorted(repr(tuple(row)) for row in rows)
    return found


def changes(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    """The tables whose rows differ, with an example row."""
    return [
        f"{table}: {len(before[table])} → {len(after[table])} rows, e.g. "
        f"{sorted(set(after[table]) ^ set(before[table]))[:2]}"
        for table in before
        if before[table] != after[table]
    ]
