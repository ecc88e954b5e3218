"""The test clock's offset (dev mode only), shared by the API and every worker."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel, col
from sqlmodel.ext.asyncio.session import AsyncSession

from service.db import upsert_into


class DevClock(SQLModel, table=True):
    __tablename__ = "dev_clock"

    id: int = Field(default=1, primary_key=True)
    offset_seconds: int = Field(default=0, sa_column=Column(BigInteger(), nullable=False))


async def clock_offset(session: AsyncSession) -> timedelta:
    row = await session.get(DevClock, 1)
    return timedelta(seconds=row.offset_seconds if row else 0)


async def advance_offset(session: AsyncSession, seconds: int) -> timedelta:
    """Add `seconds` to the offset in one statement and return the new offset. The statement
    locks the row until the transaction ends (on SQLite the transaction holds the database),
    so concurrent advances queue and add up: none is lost, no two see the same offset."""
    insert = upsert_into(session)
    row = insert(DevClock).values(id=1, offset_seconds=seconds)
    upsert = row.on_conflict_do_update(
        index_elements=[col(DevClock.id)],
        set_={"offset_seconds": col(DevClock.offset_seconds) + row.excluded.offset_seconds},
    ).returning(col(DevClock.offset_seconds))
    offset = (await session.exec(upsert)).scalar_one()
    return timedelta(seconds=offset)
