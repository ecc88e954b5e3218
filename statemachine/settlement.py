"""What an order that ends early pays the creator side (product.md §10): the part of the price
settled, as a small settlement, when the brand cancels an accepted order, when a side accepts
the other's proposal to cancel, and when ops resolve a dispute. Pure."""

from __future__ import annotations

from statemachine.facts import Attempt, OrderFacts
from statemachine.pricing import BPS, half_up
from statemachine.review import CancellationPolicy, compensation_bps
from statemachine.states import State
from statemachine.table import Money


def settled_fen(
    money: Money, order: OrderFacts, attempt: Attempt, policy: CancellationPolicy
) -> int:
    """The part of the price paid to the creator side (its fee, commission and MCN share
    follow from it as for any price, `pricing.line_items`); the rest goes back to the brand.

    A brand cancelling an accepted order pays by how far the work got; an accepted proposal,
    the compensation it named; a resolved dispute, the price less the share refunded
    (`refund_bps`, rounded half up in the brand's favour)."""
    if money is Money.COMPENSATE_BY_PROGRESS:
        if order.state is not State.ACCEPTED:
            return 0
        return half_up(order.price_fen, compensation_bps(order.progress, policy))
    if money is Money.COMPENSATE_AS_AGREED:
        assert order.offer is not None, "an agreed cancellation names its compensation"
        return order.offer.compensation_fen
    if money is Money.SPLIT_ESCROW:
        assert attempt.refund_bps is not None and 0 <= attempt.refund_bps <= BPS
        return order.price_fen - half_up(order.price_fen, attempt.refund_bps)
    return 0
