"""The simulation's checks: after every step that may write, the history rows, journal lines
and escrows the step changed; every 100 steps and at the end, every invariant of
`tests.reliability.invariants`; at the very end, whether the brand's webhook receiver got
every event of the brand and sees each order in its state."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from tests.reliability.invariants import all_problems, escrow_due, row_problem
from tests.reliability.simulation.world import Order, World


class Checks(World):
    async def check_step(self) -> None:
        """The history rows, journal lines and escrows that the step changed."""
        rows = self.peek(
            """SELECT id, order_id, trigger, from_state, to_state, actor_kind
               FROM order_history WHERE id > :id ORDER BY id""",
            id=self.last_history,
        )
        lines = self.peek(
            """SELECT MAX(id), entry_id, SUM(amount_fen) FROM journal_lines
               WHERE id > :id GROUP BY entry_id""",
            id=self.last_line,
        )
        touched: dict[str, Order] = {}
        for row_id, order_id, trigger, from_state, to_state, actor in rows:
            order = self.by_id.get(order_id)
            if order is None:
                raise self.fail(f"history of an order nobody created: {trigger}")
            if from_state != order.state:
                raise self.fail(f"{order.alias}: {trigger} from {from_state}, not {order.state}")
            wrong = row_problem(trigger, from_state, to_state, actor)
            if wrong:
                raise self.fail(f"{order.alias}: {wrong}")
            order.state = to_state
            touched[order.alias] = order
            self.last_history = row_id
        for last_id, entry_id, total in lines:
            if total != 0:
                raise self.fail(f"journal entry {entry_id} sums to {total}")
            self.last_line = max(self.last_line, last_id)
        for order in touched.values():
            ((state, escrow),) = self.peek(
                """SELECT o.state, COALESCE(a.balance_fen, 0) FROM orders o
                   LEFT JOIN accounts a ON a.kind = 'order_escrow' AND a.owner_id = o.id
                   WHERE o.id = :id""",
                id=order.id,
            )
            expected = escrow_due(state, order.total)
            if state != order.state or escrow != expected:
                raise self.fail(
                    f"{order.alias} is {state} with {escrow} in escrow; model {order.state}, "
                    f"{expected}"
                )
        if self.receiver.bad_signatures:
            raise self.fail(f"{self.receiver.bad_signatures} webhooks with a bad signature")

    async def check_all(self) -> None:
        problems = await all_problems(self.database)
        if problems:
            raise self.fail("invariants:\n" + "\n".join(problems[:20]))

    async def check_webhooks(self) -> tuple[int, int]:
        """Every event of the brand reached the receiver or was given up on, nothing else
        did, and the receiver sees each order in its state; returns (events, given up)."""
        brand = self.brands[0]
        events: list[dict[str, Any]] = []
        after = self.cursor
        while True:
            page = (await self.call("GET", f"/v1/events?after={after}&limit=100", brand)).json()
            events += page["data"]
            if not page["has_more"]:
                break
            after = page["last_sequence"]
        async with self.database.engine.connect() as connection:
            failed = {
                row[0]
                for row in await connection.execute(
                    text(
                        """SELECT e.event_id FROM webhook_deliveries d
                           JOIN events e ON e.id = d.event_id WHERE d.state = 'failed'"""
                    )
                )
            }
        wanted = {e["id"] for e in events}
        missing = wanted - self.receiver.seen - failed
        if missing:
            raise self.fail(f"{len(missing)} events never reached the receiver")
        if self.receiver.seen - wanted:
            raise self.fail("the receiver got events that are not the brand's")
        latest: dict[str, dict[str, Any]] = {}
        for e in events:
            if e["object_type"] == "order":
                latest[e["object_id"]] = e
        for order_id, e in latest.items():
            if e["id"] in self.receiver.seen:
                order = self.by_id[order_id]
                seen = self.receiver.view.get(order_id, (0, ""))[1]
                if seen != order.state:
                    raise self.fail(
                        f"the receiver thinks {order.alias} is {seen}, not {order.state}"
                    )
        return len(wanted), len(failed & wanted)
