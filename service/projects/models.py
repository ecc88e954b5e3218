"""A brand's projects (项目): groups of orders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from service.db import UTCDateTime


class Project(SQLModel, table=True):
    __tablename__ = "projects"

    id: str = Field(primary_key=True, max_length=40)
    brand_id: str = Field(foreign_key="parties.id", index=True, max_length=40)
    name: str = Field(max_length=200)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
