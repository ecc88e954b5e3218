"""Messages between an order's brand and creator; refused and held ones are kept for ops.

A message is `delivered`, `held` (the screen was unsure: ops release or confirm it) or
`refused`. `delivered` mirrors `status == delivered` for older readers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Index, Integer, Text
from sqlmodel import Field, SQLModel

from service.db import EnumText, JSONType, UTCDateTime


class MessageStatus(StrEnum):
    DELIVERED = "delivered"
    HELD = "held"
    REFUSED = "refused"


class OrderMessage(SQLModel, table=True):
    __tablename__ = "order_messages"
    __table_args__ = (
        Index("ix_order_messages_order_id_id", "order_id", "id"),
        Index("ix_order_messages_sender_id_delivered", "sender_id", "delivered"),
        Index("ix_order_messages_status_id", "status", "id"),
    )

    id: str = Field(primary_key=True, max_length=40)
    order_id: str = Field(foreign_key="orders.id", max_length=40)
    sender_kind: str = Field(max_length=16)
    sender_id: str = Field(foreign_key="parties.id", max_length=40)
    text: str = Field(sa_column=Column(Text(), nullable=False))
    delivered: bool
    status: MessageStatus = Field(
        default=MessageStatus.DELIVERED,
        sa_column=Column(EnumText(MessageStatus), nullable=False),
    )
    findings: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSONType, nullable=False)
    )
    version: int = Field(default=1, sa_column=Column(Integer(), nullable=False))
    decided_by: str | None = Field(default=None, max_length=40)
    decided_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    decision_reason: str | None = Field(default=None, sa_column=Column(Text()))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
