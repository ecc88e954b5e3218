"""The withdrawal (提现) lifecycle, product.md §5: requested → processing → paid | failed.
Only the payout process (the system) moves a withdrawal."""

from __future__ import annotations

from enum import StrEnum

from statemachine.lifecycle import Lifecycle, Row
from statemachine.states import Actor


class WithdrawalState(StrEnum):
    REQUESTED = "requested"
    PROCESSING = "processing"
    PAID = "paid"
    FAILED = "failed"


class PayoutChannel(StrEnum):
    BANK = "bank"
    ALIPAY = "alipay"
    WECHAT = "wechat"


W = WithdrawalState
SYSTEM = frozenset({Actor.SYSTEM})

WITHDRAWALS = Lifecycle(
    WithdrawalState,
    [
        Row("submit", (W.REQUESTED,), W.PROCESSING, SYSTEM),
        Row("confirm_paid", (W.PROCESSING,), W.PAID, SYSTEM),
        Row("fail", (W.REQUESTED, W.PROCESSING), W.FAILED, SYSTEM),
    ],
)


def advance(state: WithdrawalState, trigger: str) -> WithdrawalState:
    return WITHDRAWALS.advance(state, trigger, Actor.SYSTEM)
