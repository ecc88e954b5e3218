"""The test clock's offset (dev mode only), shared by the API and every worker."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession


class DevClock(SQLModel, table=True):
    __tablename__ = "dev_clock"

    id: int = Field(default=1, primary_key=True)
    offset_seconds: int = Field(default=0, sa_column=Column(BigInteger(), nullable=False))


async def clock_offset(session: AsyncSession) -> timedelta:
    row = await session.get(DevClock, 1)
    return timedelta(seconds=row.offset_seconds if row else 0)
