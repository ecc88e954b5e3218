"""Tables of orders and their append-only history."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, Text, false
from sqlmodel import Field, SQLModel

from service.db import EnumText, JSONType, UTCDateTime
from statemachine import Review, Stage, State, VideoStatus
from statemachine.pricing import LineItems
from statemachine.retention import ProposalState


def _utc(nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


def _count(server_default: str = "0") -> Column[int]:
    """A count with a default in the database too, for rows written by plain SQL."""
    return Column(Integer(), nullable=False, server_default=server_default)


class Order(LineItems, table=True):
    """An order: its terms, its line items (`LineItems`, a base), its state and due times."""

    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_brand_id_id", "brand_id", "id"),
        Index("ix_orders_creator_id_id", "creator_id", "id"),
        Index("ix_orders_updated_at_id", "updated_at", "id"),
        Index("ix_orders_due_at", "due_at"),
        Index("ix_orders_video_check_at", "video_check_at"),
        Index("ix_orders_project_id_state", "project_id", "state"),
    )

    id: str = Field(primary_key=True, max_length=40)
    state: State = Field(sa_column=Column(EnumText(State), nullable=False))
    stage: Stage | None = Field(default=None, sa_column=Column(EnumText(Stage, 24)))
    version: int = Field(sa_column=Column(Integer(), nullable=False))
    brand_id: str = Field(foreign_key="parties.id", max_length=40)
    creator_id: str = Field(foreign_key="parties.id", max_length=40)
    channel_id: str = Field(foreign_key="channels.id", max_length=40)
    project_id: str | None = Field(default=None, foreign_key="projects.id", max_length=40)

    retention_days: int
    publish_days: int
    brief: str = Field(sa_column=Column(Text(), nullable=False))
    review: Review = Field(
        default=Review.SCRIPT_AND_VIDEO,
        sa_column=Column(EnumText(Review, 24), nullable=False, server_default="script_and_video"),
    )
    revision_rounds: int = Field(default=2, sa_column=_count(server_default="2"))

    # Drafts and review (product.md §9): rounds of changes asked for, how far the work got
    # (what cancelling costs), the review under way.
    script_rounds_used: int = Field(default=0, sa_column=_count())
    video_rounds_used: int = Field(default=0, sa_column=_count())
    script_submitted_at: datetime | None = _utc()
    video_submitted_at: datetime | None = _utc()
    review_started_at: datetime | None = _utc()
    review_due_at: datetime | None = _utc()
    review_escalated: bool = Field(
        default=False, sa_column=Column(Boolean(), nullable=False, server_default=false())
    )
    # Cancellation and disputes (§10).
    compensation_fen: int = Field(
        default=0, sa_column=Column(BigInteger(), nullable=False, server_default="0")
    )
    dispute_opened_at: datetime | None = _utc()
    refund_bps: int | None = Field(default=None, sa_column=Column(Integer()))

    # The fee policy the order was priced with: a split of its escrow later (a cancellation,
    # a dispute) charges the same rates, whatever the settings say by then.
    brand_fee_bps: int = Field(default=500, sa_column=_count(server_default="500"))
    creator_commission_bps: int = Field(default=500, sa_column=_count(server_default="500"))

    mcn_id: str | None = Field(default=None, foreign_key="parties.id", max_length=40)
    mcn_contract_id: str | None = Field(default=None, foreign_key="mcn_contracts.id", max_length=40)

    video_url: str | None = Field(default=None, max_length=500)
    video_status: VideoStatus | None = Field(default=None, sa_column=Column(EnumText(VideoStatus)))
    video_checked_at: datetime | None = _utc()
    video_check_at: datetime | None = _utc()

    accept_deadline: datetime | None = _utc()
    publish_deadline: datetime | None = _utc()
    published_at: datetime | None = _utc()
    retention_ends_at: datetime | None = _utc()
    settle_at: datetime | None = _utc()
    due_at: datetime | None = _utc()
    due_trigger: str | None = Field(default=None, max_length=32)

    created_at: datetime = _utc(nullable=False)
    updated_at: datetime = _utc(nullable=False)


class OrderHistory(SQLModel, table=True):
    __tablename__ = "order_history"
    __table_args__ = (Index("ix_order_history_order_id_id", "order_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: str = Field(foreign_key="orders.id", max_length=40)
    trigger: str = Field(max_length=32)
    from_state: State | None = Field(default=None, sa_column=Column(EnumText(State)))
    to_state: State = Field(sa_column=Column(EnumText(State), nullable=False))
    actor_kind: str = Field(max_length=16)
    actor_id: str | None = Field(default=None, max_length=40)
    reason: str | None = Field(default=None, sa_column=Column(Text()))
    details: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSONType, nullable=False)
    )
    at: datetime = _utc(nullable=False)


class RetentionProposal(SQLModel, table=True):
    """One side proposes a new retention period; the other accepts within 48 hours."""

    __tablename__ = "retention_proposals"
    __table_args__ = (Index("ix_retention_proposals_order_id_id", "order_id", "id"),)

    id: str = Field(primary_key=True, max_length=40)
    order_id: str = Field(foreign_key="orders.id", max_length=40)
    proposed_by: str = Field(foreign_key="parties.id", max_length=40)
    proposer_kind: str = Field(max_length=16)
    retention_days: int
    state: ProposalState = Field(sa_column=Column(EnumText(ProposalState), nullable=False))
    expires_at: datetime = _utc(nullable=False)
    decided_at: datetime | None = _utc()
    created_at: datetime = _utc(nullable=False)


class DraftKind(StrEnum):
    SCRIPT = "script"
    VIDEO = "video"
    FEEDBACK = "feedback"


class OrderDraft(SQLModel, table=True):
    """A draft the creator sent or the brand's feedback on one, with its round: append-only."""

    __tablename__ = "order_drafts"
    __table_args__ = (Index("ix_order_drafts_order_id_id", "order_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: str = Field(foreign_key="orders.id", max_length=40)
    kind: DraftKind = Field(sa_column=Column(EnumText(DraftKind), nullable=False))
    draft: DraftKind = Field(sa_column=Column(EnumText(DraftKind), nullable=False))
    round: int
    content: str | None = Field(default=None, sa_column=Column(Text()))
    draft_url: str | None = Field(default=None, max_length=500)
    feedback: str | None = Field(default=None, sa_column=Column(Text()))
    author_kind: str = Field(max_length=16)
    author_id: str | None = Field(default=None, max_length=40)
    at: datetime = _utc(nullable=False)


class CancellationProposal(SQLModel, table=True):
    """One side proposes to cancel an accepted order, naming what it pays the creator; the
    other accepts within 48 hours."""

    __tablename__ = "cancellation_proposals"
    __table_args__ = (Index("ix_cancellation_proposals_order_id_id", "order_id", "id"),)

    id: str = Field(primary_key=True, max_length=40)
    order_id: str = Field(foreign_key="orders.id", max_length=40)
    proposed_by: str = Field(foreign_key="parties.id", max_length=40)
    proposer_kind: str = Field(max_length=16)
    reason: str = Field(sa_column=Column(Text(), nullable=False))
    compensation_fen: int = Field(sa_column=Column(BigInteger(), nullable=False))
    state: ProposalState = Field(sa_column=Column(EnumText(ProposalState), nullable=False))
    expires_at: datetime = _utc(nullable=False)
    decided_at: datetime | None = _utc()
    created_at: datetime = _utc(nullable=False)
