"""A batch of due timers written set-wise leaves exactly the rows that firing its orders one
at a time leaves: the same scenario is swept both ways and every row it touched is compared,
generated ids and sequence numbers aside."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from service.credit.models import Violation
from service.events.models import Event, EventAudience
from service.money import ledger
from service.money.ledger import InsufficientFunds
from service.money.models import PLATFORM, Account, AccountKind, JournalEntry, JournalLine
from service.orders.models import Order, OrderHistory
from service.timers import batch, sweeps
from service.timers.sweeps import fire_due_timers
from service.videos.simulator import simulated
from tests.conftest import START
from tests.factories import Api, fire, make_brand, make_creator, make_order, make_party, ok
from tests.service.mcn.test_contracts import sign

R = {"reason": "ops ticket 12"}
SWEPT_AT = START + timedelta(days=4, minutes=1)
ID = re.compile(r"\b[a-z]{2,5}_[0-9A-HJKMNP-TV-Z]{26}\b")
_runs = itertools.count(1)
Rows = dict[str, Any]


@dataclass
class Scenario:
    """Orders due for every kind of timer at SWEPT_AT, and a label for every id involved."""

    labels: dict[str, str] = field(default_factory=dict)
    orders: dict[str, str] = field(default_factory=dict)  # label → id
    parties: list[str] = field(default_factory=list)

    def name(self, label: str, object_id: str) -> str:
        self.labels[object_id] = label
        return object_id


async def build(api: Api) -> Scenario:
    """From START: two expiries, a missed publish deadline, a completed retention, one that
    the machine refuses (its video never seen live) and two settlements, one paying an MCN."""
    api.clock.set(START)
    run, at = next(_runs), Scenario()
    brand = await make_brand(api)
    mcn = await make_party(api, "mcn", "Star MCN")
    solo = await make_creator(api, handle=f"solo{run}x")
    signed = await make_creator(api, followers=500_000, handle=f"signed{run}x")
    contract = await sign(api, mcn, signed)
    for label, party in (("brand", brand), ("mcn", mcn), ("solo", solo), ("signed", signed)):
        at.parties.append(at.name(label, party.id))
    at.name("solo-channel", solo.channel_id)
    at.name("signed-channel", signed.channel_id)
    at.name("contract", contract["id"])
    at.labels[f"solo{run}x"], at.labels[f"signed{run}x"] = "solo-handle", "signed-handle"

    async def order(label: str, creator: Any, steps: int, **terms: Any) -> str:
        made = await make_order(api, brand, creator, **terms)
        at.orders[label] = at.name(label, made["id"])
        if steps >= 1:
            ok(await fire(api, made["id"], "accept", creator.auth))
        if steps >= 2:
            url = f"https://www.douyin.com/@{creator.handle}/video/{len(at.orders)}"
            ok(await fire(api, made["id"], "publish", creator.auth, video_url=url))
        return str(made["id"])

    await order("expire-solo", solo, 0)
    await order("expire-signed", signed, 0, price_fen=123_457)
    await order("miss-deadline", solo, 1, publish_days=3)
    await order("complete-retention", solo, 2, retention_days=1)
    refused = await order("never-seen-live", solo, 2, retention_days=1)
    settled = [
        await order("settle-solo", solo, 2, retention_days=1),
        await order("settle-signed", signed, 2, retention_days=1, price_fen=99_999),
    ]
    api.clock.advance(timedelta(days=1))
    for order_id in settled:
        ok(await fire(api, order_id, "complete_retention", api.ops, **R))
    async with api.database.engine.begin() as connection:
        await connection.execute(
            text("UPDATE orders SET video_status = NULL WHERE id = :id"), {"id": refused}
        )
    api.clock.set(SWEPT_AT)
    return at


async def sweep(api: Api, *, set_wise: bool = True) -> int:
    return await fire_due_timers(
        api.database, api.clock.now(), api.app.state.settings, simulated, 200, set_wise=set_wise
    )


def canonical(value: Any, labels: dict[str, str]) -> Any:
    """`value` with every generated id (and handle) in it replaced by its label."""
    if isinstance(value, dict):
        return {k: canonical(v, labels) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(v, labels) for v in value]
    if isinstance(value, str):
        for handle in (k for k in labels if not ID.fullmatch(k)):
            value = value.replace(handle, labels[handle])
        return ID.sub(lambda found: labels.get(found.group(), "<unlabelled>"), value)
    return value


async def rows(api: Api, at: Scenario) -> dict[str, Any]:
    """Every row the scenario's orders have, in a form that does not depend on the run."""
    ids = list(at.orders.values())
    async with api.database.engine.connect() as connection:

        async def fetch(statement: Any) -> list[Rows]:
            return [dict(row._mapping) for row in await connection.execute(statement)]

        entries = await fetch(
            select(JournalEntry.__table__).where(JournalEntry.__table__.c.order_id.in_(ids))
        )
        for entry in entries:
            at.labels[entry["id"]] = f"{at.labels[entry['order_id']]}/{entry['kind']}"
        accounts = await fetch(
            select(Account.__table__).where(
                Account.__table__.c.owner_id.in_([*ids, *at.parties, PLATFORM])
            )
        )
        for account in accounts:
            owner = at.labels.get(account["owner_id"], account["owner_id"])
            at.labels[account["id"]] = f"{account['kind']}/{owner}"
        entry_ids = [entry["id"] for entry in entries]
        found = {
            "orders": await fetch(select(Order.__table__).where(Order.__table__.c.id.in_(ids))),
            "history": await fetch(
                select(OrderHistory.__table__)
                .where(OrderHistory.__table__.c.order_id.in_(ids))
                .order_by(OrderHistory.__table__.c.id)
            ),
            "entries": entries,
            "lines": await fetch(
                select(JournalLine.__table__)
                .where(JournalLine.__table__.c.entry_id.in_(entry_ids))
                .order_by(JournalLine.__table__.c.id)
            ),
            "accounts": [a for a in accounts if a["owner_id"] != PLATFORM],
            "violations": await fetch(
                select(Violation.__table__).where(Violation.__table__.c.order_id.in_(ids))
            ),
        }
        events = await fetch(
            select(Event.__table__)
            .where(Event.__table__.c.object_id.in_([*ids, *entry_ids]))
            .order_by(Event.__table__.c.id)
        )
        audience: dict[int, list[str]] = {}
        for seen in await fetch(
            select(EventAudience.__table__).where(
                EventAudience.__table__.c.event_id.in_([e["id"] for e in events])
            )
        ):
            audience.setdefault(seen["event_id"], []).append(at.labels[seen["party_id"]])
    for entry_id in entry_ids:  # both ways write an entry's lines in account id order
        accounts_in_order = [
            line["account_id"] for line in found["lines"] if line["entry_id"] == entry_id
        ]
        assert accounts_in_order == sorted(accounts_in_order), at.labels[entry_id]
    for event in events:
        event["audience"] = sorted(audience.get(event["id"], []))
    found["events"] = events
    return _comparable(found, at)


def _comparable(found: dict[str, list[Rows]], at: Scenario) -> dict[str, Any]:
    def generated(key: str, value: Any) -> bool:  # numbered by the database, or random
        return key in {"sequence", "event_id"} or (key == "id" and isinstance(value, int))

    plain = {
        table: [canonical({k: v for k, v in row.items() if not generated(k, v)}, at.labels)
                for row in table_rows]
        for table, table_rows in found.items()
    }  # fmt: skip

    def by(key: str, table: str) -> dict[str, list[Rows]]:
        """Rows grouped by `key`, each group in the order the rows were written."""
        groups: dict[str, list[Rows]] = {}
        for row in plain[table]:
            groups.setdefault(str(row[key]), []).append(row)
        return groups

    for event in plain["events"]:  # an order's events: its balance changes, then itself
        event["order"] = (
            event["data"]["order_id"]
            if event["type"] == "balance.changed"
            else (event["object_id"])
        )
    return {
        "orders": sorted(plain["orders"], key=str),
        "history": by("order_id", "history"),
        "entries": sorted(plain["entries"], key=lambda row: row["id"]),
        # Accounts made in the same millisecond may sort either way: compare by label.
        "lines": {k: sorted(v, key=str) for k, v in by("entry_id", "lines").items()},
        "accounts": sorted(plain["accounts"], key=str),
        "violations": sorted(plain["violations"], key=str),
        "events": by("order", "events"),
    }


async def reference(api: Api) -> dict[str, Any]:
    """The scenario swept one order at a time, as the worker did before batches."""
    async with api.database.session() as session:  # older than both runs' accounts
        await ledger.lock(session, {(AccountKind.PLATFORM_REVENUE, PLATFORM)}, START)
    at = await build(api)
    assert await sweep(api, set_wise=False) == 6
    return await rows(api, at)


def record_fired(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The triggers the per-order path fires from now on."""
    fired: list[str] = []
    one = sweeps.fire

    async def recorded(session: Any, order: Any, trigger: str, *args: Any) -> Any:
        fired.append(trigger)
        return await one(session, order, trigger, *args)

    monkeypatch.setattr(sweeps, "fire", recorded)
    return fired


async def test_a_batch_writes_what_firing_one_by_one_writes(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = await reference(api)
    at = await build(api)
    fired = record_fired(monkeypatch)
    assert await sweep(api) == 6
    assert fired == ["miss_deadline"], "only the timer with a violation goes one by one"
    got = await rows(api, at)
    assert got == expected
    states = {row["id"]: row["state"] for row in got["orders"]}
    assert states == {
        "expire-solo": "refunded", "expire-signed": "refunded", "miss-deadline": "refunded",
        "complete-retention": "retained", "never-seen-live": "published",
        "settle-solo": "closed", "settle-signed": "closed",
    }  # fmt: skip


async def test_a_failed_batch_write_falls_back_to_one_by_one(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write fails after the orders, money and history went in: all of it is undone and
    the batch fired one order at a time, to the same rows."""
    expected = await reference(api)
    at = await build(api)

    def half_way(*_: Any) -> None:  # the batch has written everything when it counts
        raise InsufficientFunds("the batch write failed half-way")

    monkeypatch.setattr(batch, "count_transition", half_way)
    fired = record_fired(monkeypatch)
    assert await sweep(api) == 6
    assert sorted(fired) == [
        "complete_retention", "expire", "expire", "miss_deadline", "settle", "settle",
    ]  # fmt: skip
    assert await rows(api, at) == expected


async def test_an_escrow_out_of_step_is_refused_alone_and_retried(api: Api) -> None:
    at = await build(api)
    escrow = "SELECT id FROM accounts WHERE kind = 'order_escrow' AND owner_id = :order"
    async with api.database.engine.begin() as connection:
        account = await connection.execute(text(escrow), {"order": at.orders["expire-solo"]})
        account_id = account.scalar_one()
        moved = "UPDATE accounts SET balance_fen = balance_fen + :fen WHERE id = :id"
        await connection.execute(text(moved), {"fen": 1, "id": account_id})
    assert await sweep(api) == 5
    assert await state(api, at) == ("requested", SWEPT_AT + sweeps.RETRY_AFTER_REFUSAL)
    async with api.database.engine.begin() as connection:  # put the fen back
        await connection.execute(text(moved), {"fen": -1, "id": account_id})
    api.clock.advance(sweeps.RETRY_AFTER_REFUSAL)
    assert await sweep(api) == 1
    assert await state(api, at) == ("refunded", None)


async def state(api: Api, at: Scenario) -> tuple[str, Any]:
    found = {row["id"]: row for row in (await rows(api, at))["orders"]}
    return found["expire-solo"]["state"], found["expire-solo"]["due_at"]
