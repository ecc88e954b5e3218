"""MCN contracts: an MCN signs a creator for a share of the creator's net."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Integer, text
from sqlmodel import Field, SQLModel

from service.db import EnumText, UTCDateTime
from statemachine.contracts import ContractState


class McnContract(SQLModel, table=True):
    __tablename__ = "mcn_contracts"
    __table_args__ = (
        Index("ix_mcn_contracts_creator_id_state", "creator_id", "state"),
        Index("ix_mcn_contracts_mcn_id_state", "mcn_id", "state"),
        # At most one active contract per creator, enforced by the database itself.
        Index(
            "uq_mcn_contracts_one_active_per_creator",
            "creator_id",
            unique=True,
            postgresql_where=text("state = 'active'"),
            sqlite_where=text("state = 'active'"),
        ),
    )

    id: str = Field(primary_key=True, max_length=40)
    mcn_id: str = Field(foreign_key="parties.id", max_length=40)
    creator_id: str = Field(foreign_key="parties.id", max_length=40)
    share_bps: int
    ends_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    state: ContractState = Field(sa_column=Column(EnumText(ContractState), nullable=False))
    version: int = Field(default=1, sa_column=Column(Integer(), nullable=False))
    accepted_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    ended_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    ended_by: str | None = Field(default=None, max_length=40)
    end_reason: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
