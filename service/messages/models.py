"""Messages between an order's brand and creator; refused ones are kept for ops."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from service.db import JSONType, UTCDateTime


class OrderMessage(SQLModel, table=True):
    __tablename__ = "order_messages"
    __table_args__ = (
        Index("ix_order_messages_order_id_id", "order_id", "id"),
        Index("ix_order_messages_sender_id_delivered", "sender_id", "delivered"),
    )

    id: str = Field(primary_key=True, max_length=40)
    order_id: str = Field(foreign_key="orders.id", max_length=40)
    sender_kind: str = Field(max_length=16)
    sender_id: str = Field(foreign_key="parties.id", max_length=40)
    text: str = Field(sa_column=Column(Text(), nullable=False))
    delivered: bool
    findings: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSONType, nullable=False)
    )
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
