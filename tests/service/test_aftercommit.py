"""What runs after the real commit: announcements wait for the outermost transaction, and a
savepoint that rolls back takes back only what it deferred itself."""

from __future__ import annotations

from service.api.changes import HUB, announce
from service.db import Database


async def test_a_released_savepoint_announces_nothing_before_the_real_commit(
    database: Database,
) -> None:
    with HUB.watch("ord_released") as changed:
        async with database.session() as session:
            async with session.begin_nested():
                await announce(session, "ord_released")
            assert not changed.is_set(), "announced at the savepoint, before the commit"
        assert changed.is_set()


async def test_a_rolled_back_savepoint_keeps_what_came_before_it(database: Database) -> None:
    with HUB.watch("ord_before") as before, HUB.watch("ord_inside") as inside:
        async with database.session() as session:
            await announce(session, "ord_before")
            savepoint = await session.begin_nested()
            await announce(session, "ord_inside")
            await savepoint.rollback()
        assert before.is_set(), "the savepoint's rollback dropped an earlier announcement"
        assert not inside.is_set(), "announced a change that was rolled back"


async def test_a_rolled_back_transaction_announces_nothing(database: Database) -> None:
    with HUB.watch("ord_undone") as changed:
        async with database.sessions() as session:
            async with session.begin_nested():
                await announce(session, "ord_undone")
            await session.rollback()
        assert not changed.is_set()
