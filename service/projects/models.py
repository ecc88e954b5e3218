"""A brand's projects (项目): groups of orders, with an optional budget and dates."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Column, Date, false
from sqlmodel import Field, SQLModel

from service.db import UTCDateTime


class Project(SQLModel, table=True):
    __tablename__ = "projects"

    id: str = Field(primary_key=True, max_length=40)
    brand_id: str = Field(foreign_key="parties.id", index=True, max_length=40)
    name: str = Field(max_length=200)
    budget_fen: int | None = Field(default=None, sa_column=Column(BigInteger(), nullable=True))
    starts_on: date | None = Field(default=None, sa_column=Column(Date(), nullable=True))
    ends_on: date | None = Field(default=None, sa_column=Column(Date(), nullable=True))
    archived: bool = Field(
        default=False, sa_column=Column(Boolean(), nullable=False, server_default=false())
    )
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
