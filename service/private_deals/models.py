"""Suspected private deals: a commercial video on a creator's channel with no order behind it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.db import EnumText, UTCDateTime


class CaseStatus(StrEnum):
    OPEN = "open"
    DISMISSED = "dismissed"
    CONFIRMED = "confirmed"


class PrivateDealCase(SQLModel, table=True):
    __tablename__ = "private_deal_cases"
    __table_args__ = (
        UniqueConstraint("video_url", name="uq_private_deal_cases_video_url"),
        Index("ix_private_deal_cases_status_id", "status", "id"),
    )

    id: str = Field(primary_key=True, max_length=40)
    creator_id: str = Field(foreign_key="parties.id", max_length=40)
    channel_id: str = Field(foreign_key="channels.id", max_length=40)
    video_url: str = Field(max_length=500)
    status: CaseStatus = Field(sa_column=Column(EnumText(CaseStatus), nullable=False))
    version: int = Field(default=1, sa_column=Column(Integer(), nullable=False))
    violation_id: str | None = Field(default=None, foreign_key="violations.id", max_length=40)
    decided_by: str | None = Field(default=None, max_length=40)
    decided_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    decision_reason: str | None = Field(default=None, sa_column=Column(Text()))
    opened_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
