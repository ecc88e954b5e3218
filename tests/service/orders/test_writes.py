"""A change to an order with its history row and its event: written together or not at all."""

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
from statemachine import State
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
    entry = writes.Entry("accept", State.REQUESTED, State.ACCEPTED, ("creator", creator.id), now)

    async with api.database.session() as session:
        order = await repository.order_for(session, None, order_id, now, lock=True)
        before = snapshot(order)
        changes = {"state": State.ACCEPTED, "accept_deadline": None, "updated_at": now}
        await writes.write_change(session, order, changes, entry, before)
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


async def test_a_moved_order_gets_nothing_written_and_keeps_what_was_read(api: Api) -> None:
    brand, creator = await make_brand(api), await make_creator(api)
    order_id = (await make_order(api, brand, creator))["id"]
    now = api.clock.now()
    entry = writes.Entry("accept", State.REQUESTED, State.ACCEPTED, ("creator", creator.id), now)
    counted = await _counts(api, order_id)

    async with api.database.session() as session:
        order = await repository.order_for(session, None, order_id, now)
        stale = order.version - 1
        set_committed_value(order, "version", stale)  # as if read before someone moved it
        with pytest.raises(VersionConflict):
            await writes.write_change(
                session, order, {"state": State.ACCEPTED, "updated_at": now}, entry, {}
            )
        assert (order.state, order.version) == (State.REQUESTED, stale)

    assert await _counts(api, order_id) == counted, "no history row, no event"
    shown = ok(await api.client.get(f"/v1/orders/{order_id}", headers=brand.auth))
    assert (shown["state"], shown["version"]) == ("requested", 1)
