"""Violations against creators, and the record of suspensions and their lifting."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Integer, Text
from sqlmodel import Field, SQLModel

from service.db import EnumText, UTCDateTime
from statemachine.credit import ViolationKind, ViolationStatus


class Violation(SQLModel, table=True):
    __tablename__ = "violations"
    __table_args__ = (Index("ix_violations_creator_id_year", "creator_id", "year"),)

    id: str = Field(primary_key=True, max_length=40)
    creator_id: str = Field(foreign_key="parties.id", max_length=40)
    kind: ViolationKind = Field(sa_column=Column(EnumText(ViolationKind, 32), nullable=False))
    points: int
    year: int = Field(description="the Shanghai calendar year whose score it counts against")
    order_id: str | None = Field(default=None, foreign_key="orders.id", max_length=40)
    evidence: str | None = Field(default=None, sa_column=Column(Text()))
    status: ViolationStatus = Field(sa_column=Column(EnumText(ViolationStatus), nullable=False))
    version: int = Field(default=1, sa_column=Column(Integer(), nullable=False))
    recorded_by_kind: str = Field(max_length=16)
    recorded_by_id: str | None = Field(default=None, max_length=40)
    appeal: str | None = Field(default=None, sa_column=Column(Text()))
    appealed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    decision_reason: str | None = Field(default=None, sa_column=Column(Text()))
    decided_by: str | None = Field(default=None, max_length=40)
    decided_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class StandingEvent(SQLModel, table=True):
    """Suspensions of order rights and their lifting, append-only."""

    __tablename__ = "standing_events"
    __table_args__ = (Index("ix_standing_events_creator_id_id", "creator_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    creator_id: str = Field(foreign_key="parties.id", max_length=40)
    action: str = Field(max_length=16, description="suspend or lift")
    reason: str = Field(sa_column=Column(Text(), nullable=False))
    order_id: str | None = Field(default=None, max_length=40)
    actor_kind: str = Field(max_length=16)
    actor_id: str | None = Field(default=None, max_length=40)
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
