"""Changes to orders with their history rows and events: written together or not at all,
one order or many, by the one writer of orders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, func, select

from service.events.models import Event, EventAudience
from service.orders import repository, writes
from service.orders.models import OrderHistory
from service.orders.public import snapshot
from service.problems import VersionConflict
from statemachine import Actor, State
from tests.factories import Api, make_brand, make_creator, make_order, ok


async def _counts(api: Api, order_id: str) -> tuple[int, int]:
    async with api.database.session() as session:
        history = await session.exec(
            select(func.count()).where(col(OrderHistory.order_id) == order_id)
        )
        events = await session.exec(select(func.count()).where(col(Event.object_id) == order_id))
        return history.one(), events.one()


async def test_the_change_its_history_row_and_its_event_are_written_together(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order_id = (await make_order(api, brand, creator))["id"]
    now = api.clock.now() + timedelta(minutes=5)
    step = writes.Step("accept", State.REQUESTED, State.ACCEPTED, Actor.CREATOR, creator.id, now)

    async with api.database.session() as session:
        order = await repository.order_for(session, None, order_id, now, lock=True)
        before = snapshot(order)
        values = {"state": State.ACCEPTED, "accept_deadline": None, "updated_at": now}
        await writes.write(session, [writes.Change(order, values, step)])
        assert (order.state, order.version, order.updated_at) == (State.ACCEPTED, 2, now)
        written = snapshot(order)

    shown = ok(await api.client.get(f"/v1/orders/{order_id}", headers=brand.auth))
    assert shown == written, "the order as returned is the order as the statement wrote it"
    async with api.database.session() as session:
        rows = await session.exec(
            select(Event).where(col(Event.object_id) == order_id).order_by(col(Event.id))
        )
        event = list(rows)[-1]
        audience = await session.exec(
            select(EventAudience.party_id).where(col(EventAudience.event_id) == event.id)
        )
        history = await repository.history(session, order_id)
    assert event.type == "order.accept"
    assert event.data == shown, "the event carries the order as written"
    assert event.previous == {
        k: before[k] for k in ("state", "version", "accept_deadline", "updated_at")
    }
    assert sorted(audience) == sorted([brand.id, creator.id])
    last = history[-1]
    assert (last.trigger, last.from_state, last.to_state) == ("accept", "requested", "accepted")
    assert (last.actor_kind, last.actor_id, last.at) == ("creator", creator.id, now)


async def test_a_moved_order_is_refused_and_keeps_what_was_read(api: Api) -> None:
    """The write refuses; what the statement wrote besides goes with the caller's rollback
    (every caller rolls back its transaction or savepoint on VersionConflict)."""
    brand, creator = await make_brand(api), await make_creator(api)
    order_id = (await make_order(api, brand, creator))["id"]
    now = api.clock.now()
    step = writes.Step("accept", State.REQUESTED, State.ACCEPTED, Actor.CREATOR, creator.id, now)
    counted = await _counts(api, order_id)

    async with api.database.sessions() as session:
        order = await repository.order_for(session, None, order_id, now)
        stale = order.version - 1
        set_committed_value(order, "version", stale)  # as if read before someone moved it
        values = {"state": State.ACCEPTED, "updated_at": now}
        with pytest.raises(VersionConflict):
            await writes.write(session, [writes.Change(order, values, step)])
        assert (order.state, order.version) == (State.REQUESTED, stale)
        await session.rollback()

    assert await _counts(api, order_id) == counted, "no history row, no event"
    shown = ok(await api.client.get(f"/v1/orders/{order_id}", headers=brand.auth))
    assert (shown["state"], shown["version"]) == ("requested", 1)


async def test_many_orders_in_one_write_each_at_its_version(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    ids = [(await make_order(api, brand, creator))["id"] for _ in range(3)]
    now = api.clock.now()
    step = writes.Step("accept", State.REQUESTED, State.ACCEPTED, Actor.CREATOR, creator.id, now)
    counted = [await _counts(api, order_id) for order_id in ids]

    async with api.database.session() as session:
        orders = [await repository.order_for(session, None, i, now, lock=True) for i in ids]
        set_committed_value(orders[2], "version", orders[2].version - 1)  # one read stale
        values = {"state": State.ACCEPTED, "updated_at": now}
        with pytest.raises(VersionConflict, match="1 of 3"):
            await writes.write(session, [writes.Change(o, dict(values), step) for o in orders])
        assert [o.state for o in orders] == [State.REQUESTED] * 3, "all back as they were read"
        await session.rollback()

    assert [await _counts(api, i) for i in ids] == counted
    async with api.database.session() as session:
        orders = [await repository.order_for(session, None, i, now, lock=True) for i in ids]
        values = {"state": State.ACCEPTED, "updated_at": now}
        await writes.write(session, [writes.Change(o, dict(values), step) for o in orders])
    for order_id, (history, events) in zip(ids, counted, strict=True):
        assert await _counts(api, order_id) == (history + 1, events + 1)
        shown = ok(await api.client.get(f"/v1/orders/{order_id}", headers=brand.auth))
        assert (shown["state"], shown["version"]) == ("accepted", 2)


async def test_bookkeeping_changes_no_version_and_writes_no_history(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order_id = (await make_order(api, brand, creator))["id"]
    now = api.clock.now()
    counted = await _counts(api, order_id)
    later = now + timedelta(hours=5)
    async with api.database.session() as session:
        order = await repository.order_for(session, None, order_id, now, lock=True)
        await writes.write(
            session, [writes.Change(order, {"video_check_at": later}, visible=False)]
        )
    async with api.database.session() as session:
        order = await repository.order_for(session, None, order_id, now)
        assert (order.version, order.video_check_at) == (1, later)
    assert await _counts(api, order_id) == counted
