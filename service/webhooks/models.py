"""Webhook endpoints, the deliveries owed to them, and every attempt made."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column, Index, Text
from sqlmodel import Field, SQLModel

from service.db import BIG_ID, JSONType, UTCDateTime


def _utc(nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable))


class WebhookEndpoint(SQLModel, table=True):
    __tablename__ = "webhook_endpoints"

    id: str = Field(primary_key=True, max_length=40)
    owner_id: str = Field(foreign_key="parties.id", index=True, max_length=40)
    url: str = Field(max_length=2000)
    event_types: list[str] = Field(default_factory=list, sa_column=Column(JSONType, nullable=False))
    secret: str = Field(max_length=100)
    enabled: bool = True
    disabled_reason: str | None = Field(default=None, sa_column=Column(Text()))
    cursor: int = Field(default=0, sa_column=Column(BigInteger(), nullable=False))
    failing_since: datetime | None = _utc()
    created_at: datetime = _utc(nullable=False)
    updated_at: datetime = _utc(nullable=False)


class WebhookDelivery(SQLModel, table=True):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_state_next_attempt_at", "state", "next_attempt_at"),
        Index("ix_webhook_deliveries_endpoint_id_id", "endpoint_id", "id"),
    )

    id: int | None = Field(default=None, sa_column=Column(BIG_ID, primary_key=True))
    endpoint_id: str = Field(foreign_key="webhook_endpoints.id", max_length=40)
    event_id: int = Field(sa_column=Column(BigInteger(), nullable=False))
    state: str = Field(max_length=16, description="pending, delivered or failed")
    attempts: int = 0
    next_attempt_at: datetime | None = _utc()
    first_attempt_at: datetime | None = _utc()
    delivered_at: datetime | None = _utc()
    last_error: str | None = Field(default=None, sa_column=Column(Text()))
    created_at: datetime = _utc(nullable=False)


class WebhookAttempt(SQLModel, table=True):
    __tablename__ = "webhook_attempts"
    __table_args__ = (Index("ix_webhook_attempts_endpoint_id_id", "endpoint_id", "id"),)

    id: int | None = Field(default=None, sa_column=Column(BIG_ID, primary_key=True))
    delivery_id: int = Field(sa_column=Column(BigInteger(), nullable=False))
    endpoint_id: str = Field(max_length=40)
    event_id: str = Field(max_length=40)
    at: datetime = _utc(nullable=False)
    status_code: int | None = None
    error: str | None = Field(default=None, sa_column=Column(Text()))
    duration_ms: int = 0
