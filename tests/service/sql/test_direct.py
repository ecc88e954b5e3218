"""Statements sent through the driver: converted as SQLAlchemy converts them, in the
session's transaction, failing as SQLAlchemy fails."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError, StatementError

from service.api.models import IdempotencyKey
from service.db import Database
from service.sql import Direct, table_of

_KEYS = table_of(IdempotencyKey)
_INSERT = Direct(
    insert(_KEYS)
    .values(
        owner=bindparam("owner"), key=bindparam("key"), fingerprint="f", status_code=201,
        headers=bindparam("headers"), body=bindparam("body"), created_at=bindparam("at"),
        expires_at=bindparam("at"),
    )
    .returning(_KEYS.c.id)
)  # fmt: skip
BEIJING = timezone(timedelta(hours=8))


def _row(key: str, at: datetime | None = None) -> dict[str, object]:
    at = at or datetime(2026, 11, 28, 9, 30, tzinfo=BEIJING)
    return {"owner": "o", "key": key, "headers": {"Location": "/v1/x"}, "body": b"\x00{}", "at": at}


async def _stored(database: Database) -> list[IdempotencyKey]:
    async with database.session() as session:
        return list((await session.exec(select(IdempotencyKey))).scalars())  # type: ignore[call-overload]


async def test_values_are_converted_by_their_column_types(database: Database) -> None:
    async with database.session() as session:
        rows = await _INSERT.execute(session, _row("a"))
    (stored,) = await _stored(database)
    assert rows == [(stored.id,)], "RETURNING comes back as the driver's rows"
    assert stored.headers == {"Location": "/v1/x"}, "a dict goes in as JSON"
    assert stored.body == b"\x00{}"
    assert stored.created_at == datetime(2026, 11, 28, 1, 30, tzinfo=UTC), "stored as UTC"
    assert stored.status_code == 201, "a literal value of the statement is sent as well"


async def test_a_naive_time_is_refused_as_the_column_type_refuses_it(database: Database) -> None:
    with pytest.raises(StatementError, match="naive"):
        async with database.session() as session:
            await _INSERT.execute(session, _row("a", datetime(2026, 11, 28, 9, 30)))
    assert await _stored(database) == []


async def test_it_runs_in_the_sessions_transaction(database: Database) -> None:
    async with database.sessions() as session:
        await _INSERT.execute(session, _row("a"))
        seen = (await session.exec(select(IdempotencyKey.key))).all()  # type: ignore[call-overload]
        assert [key for (key,) in seen] == ["a"], "the session's own reads see it"
        await session.rollback()
        await _INSERT.execute(session, _row("b"))  # the next transaction, maybe another connection
        await session.commit()
    assert [k.key for k in await _stored(database)] == ["b"], "rolled back with the session"


async def test_a_driver_error_is_raised_as_sqlalchemy_raises_it(database: Database) -> None:
    async with database.session() as session:
        await _INSERT.execute(session, _row("a"))
    async with database.sessions() as session:
        with pytest.raises(IntegrityError):
            await _INSERT.execute(session, _row("a"))
        await session.rollback()
        await _INSERT.execute(session, _row("c"))
        await session.commit()
    assert sorted(k.key for k in await _stored(database)) == ["a", "c"]


async def test_a_rolled_back_savepoint_takes_its_statements_with_it(database: Database) -> None:
    async with database.sessions() as session:
        await _INSERT.execute(session, _row("a"))  # the transaction's connection is known
        savepoint = await session.begin_nested()
        await _INSERT.execute(session, _row("b"))  # the first statement of the savepoint
        await savepoint.rollback()
        await session.commit()
    assert [k.key for k in await _stored(database)] == ["a"]


def test_a_list_parameter_is_refused_when_the_statement_is_built() -> None:
    listed = select(_KEYS.c.id).where(_KEYS.c.key.in_(["a", "b"]))
    with pytest.raises(ValueError, match="list"):
        Direct(listed)  # its IN would be expanded at each run, and Direct compiles once
    Direct(select(_KEYS.c.id).where(_KEYS.c.key == bindparam("key")))  # a plain one is fine
