"""Tables of the ledger: accounts, append-only journal entries and their lines; top-ups and
withdrawals."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.db import EnumText, UTCDateTime
from statemachine.withdrawal import PayoutChannel, WithdrawalState


class AccountKind(StrEnum):
    BRAND_AVAILABLE = "brand_available"
    CREATOR_AVAILABLE = "creator_available"
    MCN_AVAILABLE = "mcn_available"
    ORDER_ESCROW = "order_escrow"
    WITHDRAWAL_PENDING = "withdrawal_pending"
    PLATFORM_REVENUE = "platform_revenue"
    EXTERNAL_IN = "external_in"
    EXTERNAL_OUT = "external_out"


class EntryKind(StrEnum):
    TOP_UP = "top_up"
    ORDER_HOLD = "order_hold"
    ORDER_REFUND = "order_refund"
    ORDER_SETTLE = "order_settle"
    FAKE_TRAFFIC_COMPENSATION = "fake_traffic_compensation"
    ORDER_CANCELLATION = "order_cancellation"  # escrow split: compensation, the rest refunded
    DISPUTE_SETTLEMENT = "dispute_settlement"  # escrow split: part refunded, the rest settled
    WITHDRAWAL_HOLD = "withdrawal_hold"
    WITHDRAWAL_PAID = "withdrawal_paid"
    WITHDRAWAL_RETURNED = "withdrawal_returned"
    REVERSAL = "reversal"


# The entries that release an order's escrow: exactly one per order that ended.
ESCROW_RELEASES = (
    EntryKind.ORDER_REFUND,
    EntryKind.ORDER_SETTLE,
    EntryKind.ORDER_CANCELLATION,
    EntryKind.DISPUTE_SETTLEMENT,
)

PLATFORM = "platform"  # owner of the platform's own and the external accounts


class Account(SQLModel, table=True):
    """A balance that only journal lines move. `balance_fen` is a cache of the sum of its
    lines, updated in the same transaction and re-derived by the consistency check."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("kind", "owner_id", name="uq_accounts_kind_owner_id"),)

    id: str = Field(primary_key=True, max_length=40)
    kind: AccountKind = Field(sa_column=Column(EnumText(AccountKind, 24), nullable=False))
    owner_id: str = Field(max_length=40, index=True)
    balance_fen: int = Field(default=0, sa_column=Column(BigInteger(), nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class JournalEntry(SQLModel, table=True):
    __tablename__ = "journal_entries"
    __table_args__ = (Index("ix_journal_entries_order_id", "order_id"),)

    id: str = Field(primary_key=True, max_length=40)
    kind: EntryKind = Field(sa_column=Column(EnumText(EntryKind, 32), nullable=False))
    order_id: str | None = Field(default=None, max_length=40)
    withdrawal_id: str | None = Field(default=None, max_length=40)
    top_up_id: str | None = Field(default=None, max_length=40)
    reverses_id: str | None = Field(default=None, foreign_key="journal_entries.id", max_length=40)
    memo: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class JournalLine(SQLModel, table=True):
    """One movement of one account; the lines of an entry sum to zero."""

    __tablename__ = "journal_lines"
    __table_args__ = (
        Index("ix_journal_lines_account_id_id", "account_id", "id"),
        Index("ix_journal_lines_entry_id", "entry_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    entry_id: str = Field(foreign_key="journal_entries.id", max_length=40)
    account_id: str = Field(foreign_key="accounts.id", max_length=40)
    amount_fen: int = Field(sa_column=Column(BigInteger(), nullable=False))


class TopUp(SQLModel, table=True):
    __tablename__ = "top_ups"

    id: str = Field(primary_key=True, max_length=40)
    brand_id: str = Field(foreign_key="parties.id", index=True, max_length=40)
    amount_fen: int = Field(sa_column=Column(BigInteger(), nullable=False))
    provider_reference: str = Field(max_length=100)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class Withdrawal(SQLModel, table=True):
    __tablename__ = "withdrawals"
    __table_args__ = (
        Index("ix_withdrawals_party_id_id", "party_id", "id"),
        Index("ix_withdrawals_state", "state"),
    )

    id: str = Field(primary_key=True, max_length=40)
    party_id: str = Field(foreign_key="parties.id", max_length=40)
    amount_fen: int = Field(sa_column=Column(BigInteger(), nullable=False))
    channel: PayoutChannel = Field(sa_column=Column(EnumText(PayoutChannel), nullable=False))
    destination: str = Field(max_length=100)
    state: WithdrawalState = Field(sa_column=Column(EnumText(WithdrawalState), nullable=False))
    version: int = Field(default=1, sa_column=Column(Integer(), nullable=False))
    expected_arrival_by: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    provider_reference: str | None = Field(default=None, max_length=100)
    failure_reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
