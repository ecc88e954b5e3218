"""The event outbox: every state change and money movement, written in the transaction that
made it, numbered afterwards in commit order."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column, Index, text
from sqlmodel import Field, SQLModel

from service.db import BIG_ID, JSONType, UTCDateTime


class Event(SQLModel, table=True):
    __tablename__ = "events"
    __table_args__ = (
        Index("uq_events_sequence", "sequence", unique=True),
        # The sequencer's work list: events not numbered yet.
        Index(
            "ix_events_unsequenced",
            "id",
            postgresql_where=text("sequence IS NULL"),
            sqlite_where=text("sequence IS NULL"),
        ),
    )

    id: int | None = Field(default=None, sa_column=Column(BIG_ID, primary_key=True))
    sequence: int | None = Field(default=None, sa_column=Column(BigInteger(), nullable=True))
    event_id: str = Field(max_length=40, unique=True)
    type: str = Field(max_length=64)
    object_type: str = Field(max_length=32)
    object_id: str = Field(max_length=40)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    previous: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSONType, nullable=False)
    )
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class EventAudience(SQLModel, table=True):
    """The parties that may see an event (ops see all)."""

    __tablename__ = "event_audience"
    __table_args__ = (Index("ix_event_audience_party_id_event_id", "party_id", "event_id"),)

    event_id: int = Field(foreign_key="events.id", primary_key=True)
    party_id: str = Field(max_length=40, primary_key=True)
