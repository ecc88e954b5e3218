"""Ports to the payment provider (brand top-ups) and the payout provider (withdrawals), with
simulated adapters: no real provider is reachable from here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from statemachine.withdrawal import PayoutChannel


@dataclass(frozen=True)
class Charge:
    reference: str
    succeeded: bool
    failure_reason: str | None = None


class PaymentProvider(Protocol):
    async def charge(self, *, top_up_id: str, brand_id: str, amount_fen: int) -> Charge:
        """Take `amount_fen` from the brand's payment method; `top_up_id` makes it idempotent."""


class SimulatedPaymentProvider:
    """Accepts every charge; the same top-up id always gets the same answer."""

    async def charge(self, *, top_up_id: str, brand_id: str, amount_fen: int) -> Charge:
        return Charge(reference=f"simpay_{top_up_id}", succeeded=True)


@dataclass(frozen=True)
class Payout:
    reference: str
    paid: bool
    failure_reason: str | None = None


class PayoutProvider(Protocol):
    async def pay(
        self, *, withdrawal_id: str, channel: PayoutChannel, destination: str, amount_fen: int
    ) -> Payout:
        """Send money out; asking again for the same withdrawal returns the first answer."""


class SimulatedPayoutProvider:
    """Pays everything, or, when configured to fail, fails everything, idempotently."""

    def __init__(self, *, fail: bool = False) -> None:
        self.fail = fail
        self._answers: dict[str, Payout] = {}
        self.calls = 0

    async def pay(
        self, *, withdrawal_id: str, channel: PayoutChannel, destination: str, amount_fen: int
    ) -> Payout:
        self.calls += 1
        if withdrawal_id not in self._answers:
            reference = f"simpayout_{withdrawal_id}"
            self._answers[withdrawal_id] = (
                Payout(reference, paid=False, failure_reason=f"{channel} rejected the destination")
                if self.fail
                else Payout(reference, paid=True)
            )
        return self._answers[withdrawal_id]
