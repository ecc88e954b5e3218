"""The audit log of ops actions: who, what, when, why, and the object before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from service.db import JSONType, UTCDateTime


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_at", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    actor_id: str = Field(max_length=40)
    key_id: str = Field(max_length=40)
    action: str = Field(max_length=100)  # the route's operation, e.g. refund_order
    path: str = Field(max_length=300)
    object_id: str | None = Field(default=None, max_length=40)
    reason: str | None = Field(default=None, sa_column=Column(Text()))
    status: int
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONType))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONType))
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
