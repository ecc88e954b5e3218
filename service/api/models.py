"""Idempotency keys: the first response to a POST, kept to replay to its retries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.db import JSONType, UTCDateTime


class IdempotencyKey(SQLModel, table=True):
    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("owner", "key", name="uq_idempotency_keys_owner_key"),
        Index("ix_idempotency_keys_expires_at", "expires_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner: str = Field(max_length=64, description="SHA-256 of the caller: its party and API key id")
    key: str = Field(max_length=255)
    fingerprint: str = Field(max_length=64)
    status_code: int
    headers: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSONType, nullable=False)
    )
    body: bytes = Field(sa_column=Column(LargeBinary(), nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
