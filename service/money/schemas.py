"""API shapes of money: top-ups, balances, ledger lines, withdrawals, the consistency check."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from service.money.models import AccountKind, EntryKind
from service.schemas import Page, Reason, StrictBody, StrictInt
from statemachine.withdrawal import PayoutChannel, WithdrawalState

AmountFen = Annotated[StrictInt, Field(gt=0, le=10_000_000_000, description="integer fen")]
Destination = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=3, max_length=100, pattern=r"^[A-Za-z0-9@._+\-]+$"
    ),
]


class TopUpCreate(StrictBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{"amount_fen": 500_000}]})

    amount_fen: AmountFen


class TopUpPublic(BaseModel):
    id: str
    brand_id: str
    amount_fen: int
    provider_reference: str
    available_fen: int = Field(description="the brand's available balance after the top-up")
    created_at: datetime


class BalancePublic(BaseModel):
    party_id: str
    currency: str = "CNY"
    available_fen: int
    escrow_fen: int = Field(description="brands: held for their open orders")
    pending_withdrawal_fen: int = Field(description="creators and MCNs: on the way out")


class LedgerLine(BaseModel):
    id: int
    entry_id: str
    entry_kind: EntryKind
    account_kind: AccountKind
    amount_fen: int
    order_id: str | None
    withdrawal_id: str | None
    top_up_id: str | None
    created_at: datetime


class LedgerPage(Page[LedgerLine]):
    """A page of the caller's ledger lines, newest first."""


class WithdrawalCreate(StrictBody):
    amount_fen: AmountFen
    channel: PayoutChannel
    destination: Destination = Field(description="bank card, Alipay or WeChat account id")


class WithdrawalPublic(BaseModel):
    id: str
    party_id: str
    amount_fen: int
    channel: PayoutChannel
    destination: str
    state: WithdrawalState
    expected_arrival_by: datetime
    failure_reason: str | None
    created_at: datetime
    updated_at: datetime


class ReversalCreate(StrictBody):
    reason: Reason


class DiscrepancyPublic(BaseModel):
    check: str
    subject: str
    detail: str


class LedgerCheckPublic(BaseModel):
    clean: bool
    accounts: int
    entries: int
    discrepancies: list[DiscrepancyPublic]


class ReversalPublic(BaseModel):
    id: str = Field(description="the mirror entry")
    reverses_id: str
