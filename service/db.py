"""Database access: the async engine, one session (one commit) per request, column types."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Integer, String, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSONType = JSON().with_variant(JSONB(), "postgresql")
# 64-bit surrogate keys; SQLite only numbers rows itself for a plain INTEGER primary key.
BIG_ID = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware UTC datetimes and returns them aware, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _sqlite_serialised_writes(engine: AsyncEngine) -> None:
    """SQLite has no row locks: take the write lock at BEGIN so transactions never interleave."""

    @event.listens_for(engine.sync_engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


LOCK_TIMEOUT_MS = "lock_timeout_ms"  # in a session's `info`: the bound its connections have


class Database:
    def __init__(
        self, url: str, *, lock_timeout_seconds: float | None = None, **engine_options: Any
    ) -> None:
        """`lock_timeout_seconds` bounds every lock wait of every connection (PostgreSQL's
        `lock_timeout`, set once per connection rather than once per transaction)."""
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        info: dict[str, Any] = {}
        if not self.is_sqlite:
            # Up to 30 connections, each kept once opened: with "overflow" connections
            # (opened past the pool's size and closed when given back) a process under more
            # concurrent requests than its pool opened one per request, each preparing its
            # statements anew (measured: a fifth of the throughput of creations and accepts).
            engine_options.setdefault("pool_size", 30)
            engine_options.setdefault("max_overflow", 0)
            # No pre-ping (a round trip per request): a connection that died with the server
            # fails its one request with 503 + Retry-After, and SQLAlchemy then drops the
            # whole pool, so the retry gets a fresh connection.
            if lock_timeout_seconds is not None:
                info[LOCK_TIMEOUT_MS] = int(lock_timeout_seconds * 1000)
                options = f"-c lock_timeout={info[LOCK_TIMEOUT_MS]}"
                engine_options.setdefault("connect_args", {}).setdefault("options", options)
        self.engine = create_async_engine(url, **engine_options)
        if self.is_sqlite:
            _sqlite_serialised_writes(self.engine)
        self.sessions = async_sessionmaker(
            self.engine, class_=AsyncSession, expire_on_commit=False, autoflush=False, info=info
        )

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits once if the block succeeds (a `return` inside it is
        success), rolls back otherwise."""
        async with self.sessions() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    async def dispose(self) -> None:
        await self.engine.dispose()


class EnumText(TypeDecorator[Any]):
    """A StrEnum stored as its plain value (no database enum type to migrate) and read back
    as the enum member."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int = 16) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else self.enum(value)


def upsert_into(session: AsyncSession) -> Any:
    """The `insert` of the session's database, the one with `on_conflict_do_update`."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
