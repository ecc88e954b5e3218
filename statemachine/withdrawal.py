"""The withdrawal (提现) lifecycle, product.md §5: requested → processing → paid | failed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from transitions import Machine

from statemachine.errors import InvalidTransition


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

# (trigger, sources, destination): who fires them is the payout process, never a party.
WITHDRAWAL_TRANSITIONS: tuple[tuple[str, tuple[WithdrawalState, ...], WithdrawalState], ...] = (
    ("submit", (W.REQUESTED,), W.PROCESSING),
    ("confirm_paid", (W.PROCESSING,), W.PAID),
    ("fail", (W.REQUESTED, W.PROCESSING), W.FAILED),
)

WITHDRAWAL_MACHINE = Machine(
    model=None,
    states=[s.value for s in WithdrawalState],
    transitions=[
        {"trigger": t, "source": [s.value for s in sources], "dest": dest.value}
        for t, sources, dest in WITHDRAWAL_TRANSITIONS
    ],
    initial=None,
    auto_transitions=False,
)


@dataclass
class _Subject:
    state: str


def advance(state: WithdrawalState, trigger: str) -> WithdrawalState:
    """The state after `trigger`, or InvalidTransition when it cannot fire from `state`."""
    allowed = [t for t, sources, _ in WITHDRAWAL_TRANSITIONS if state in sources]
    if trigger not in allowed:
        raise InvalidTransition(trigger, state, allowed)
    subject = _Subject(state.value)
    WITHDRAWAL_MACHINE.events[trigger].trigger(subject)
    return WithdrawalState(subject.state)
