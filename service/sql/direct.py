"""Statements of the hot paths, sent through the driver of the session's connection.

On PostgreSQL, SQLAlchemy's way from `connection.execute` to the driver (the greenlet hop of
its asyncio extension, the statement's cache key, the execution context, the result
wrapper) costs more CPU than psycopg spends sending the statement and reading its answer. A
`Direct` statement is written with SQLAlchemy Core as any other, compiled once per dialect,
and on PostgreSQL executed on the psycopg connection under the session's connection: the
same connection, so the same transaction. Its parameters go through the bind processors
of their types, as SQLAlchemy would convert them; its rows come back as the driver reads
them, so it is for statements whose results need no conversion (ids, nothing). Errors are
raised as SQLAlchemy raises them: a value its type refuses as `StatementError`, a driver
error as `DBAPIError` and its subclasses. On other databases the statement runs through
SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import psycopg
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.sql import ClauseElement, Executable, visitors
from sqlmodel.ext.asyncio.session import AsyncSession


class _Compiled:
    """The statement's text for the dialect, and how its parameters are converted."""

    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled: Any = statement.compile(dialect=dialect)
        if compiled.escaped_bind_names:
            raise ValueError("a direct statement's parameter names need no escaping")
        self.sql: str = compiled.string
        self.construct_params = compiled.construct_params
        self.converters: dict[str, Callable[[Any], Any]] = {}
        for bind, name in compiled.bind_names.items():
            convert = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if convert is not None:
                self.converters[name] = convert

    def params(self, given: Mapping[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = self.construct_params(given)
        for name, convert in self.converters.items():
            values[name] = convert(values[name])
        return values


class Direct:
    """A Core statement run through the driver on PostgreSQL (see the module)."""

    def __init__(self, statement: Executable) -> None:
        assert isinstance(statement, ClauseElement)
        if any(getattr(part, "expanding", False) for part in visitors.iterate(statement)):
            raise ValueError("a direct statement takes no list (IN) parameters: they expand")
        self.statement = statement
        self._compiled: dict[Dialect, _Compiled] = {}

    def _for(self, dialect: Dialect) -> _Compiled:
        compiled = self._compiled.get(dialect)
        if compiled is None:
            compiled = self._compiled[dialect] = _Compiled(self.statement, dialect)
        return compiled

    async def execute(self, session: AsyncSession, params: Mapping[str, Any]) -> list[Any]:
        """Run the statement in the session's transaction; its rows (none for a statement
        that returns none)."""
        dialect = session.get_bind().dialect
        if dialect.driver != "psycopg":
            connection = await session.connection()
            result = await connection.execute(self.statement, dict(params))
            return list(result.all()) if result.returns_rows else []
        compiled = self._for(dialect)
        try:
            values = compiled.params(params)
        except Exception as error:  # as SQLAlchemy reports a value its type refuses
            raise StatementError(str(error), compiled.sql, dict(params), error) from error
        driver = await _driver(session)
        try:
            cursor = await driver.execute(compiled.sql, values)
            answer = cursor.pgresult  # (`description` would build a column list to say so)
            return await cursor.fetchall() if answer and answer.status == _ROWS else []
        except psycopg.Error as error:
            raise DBAPIError.instance(
                compiled.sql, values, error, psycopg.Error, dialect=dialect
            ) from error


_ROWS = psycopg.pq.ExecStatus.TUPLES_OK
_DRIVER = "direct_driver"  # in a session's `info`: (its last connection, that one's driver)


async def _driver(session: AsyncSession) -> Any:
    """The psycopg connection under the session's, looked up once per connection. The
    session's connection is asked for every time: that is when SQLAlchemy begins what it
    has pending on it (a SAVEPOINT of `begin_nested`), which a statement sent to the driver
    must come after."""
    connection = await session.connection()
    known = session.info.get(_DRIVER)
    if known is not None and known[0] is connection:
        return known[1]
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None  # (a connection checked out for the session)
    session.info[_DRIVER] = (connection, driver)
    return driver
