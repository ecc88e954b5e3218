"""Tables of the parties: who they are, their keys, and creators' channels."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.db import EnumText, UTCDateTime
from statemachine import Platform


class PartyKind(StrEnum):
    BRAND = "brand"
    CREATOR = "creator"
    MCN = "mcn"
    OPS = "ops"


class Party(SQLModel, table=True):
    __tablename__ = "parties"

    id: str = Field(primary_key=True, max_length=40)
    kind: PartyKind = Field(sa_column=Column(EnumText(PartyKind), nullable=False, index=True))
    name: str = Field(max_length=200)
    order_rights_suspended: bool = Field(default=False)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class ApiKey(SQLModel, table=True):
    __tablename__ = "api_keys"

    id: str = Field(primary_key=True, max_length=40)
    party_id: str = Field(foreign_key="parties.id", index=True, max_length=40)
    key_hash: str = Field(max_length=64, unique=True)
    fingerprint: str = Field(max_length=16)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))


class Channel(SQLModel, table=True):
    __tablename__ = "channels"
    __table_args__ = (
        UniqueConstraint("platform", "handle", name="uq_channels_platform_handle"),
        Index("ix_channels_creator_id", "creator_id"),
    )

    id: str = Field(primary_key=True, max_length=40)
    creator_id: str = Field(foreign_key="parties.id", max_length=40)
    platform: Platform = Field(sa_column=Column(EnumText(Platform), nullable=False))
    handle: str = Field(max_length=100)
    followers: int = Field(sa_column=Column(BigInteger(), nullable=False))
    in_good_standing: bool = True
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
