"""An order's line items (product.md §5): computed once at creation, always adding up."""

from __future__ import annotations

from dataclasses import dataclass

BPS = 10_000


def _half_up(amount: int, bps: int) -> int:
    return (amount * bps + BPS // 2) // BPS


@dataclass(frozen=True)
class FeePolicy:
    brand_fee_bps: int
    creator_commission_bps: int


@dataclass(frozen=True)
class LineItems:
    price_fen: int
    brand_fee_fen: int
    brand_total_fen: int
    commission_fen: int
    mcn_share_bps: int
    mcn_share_fen: int
    creator_payout_fen: int
    platform_revenue_fen: int


def line_items(price_fen: int, mcn_share_bps: int, policy: FeePolicy) -> LineItems:
    """Fee and commission round half up, the MCN share down; the platform keeps remainders."""
    brand_fee = _half_up(price_fen, policy.brand_fee_bps)
    commission = _half_up(price_fen, policy.creator_commission_bps)
    mcn_share = (price_fen - commission) * mcn_share_bps // BPS
    return LineItems(
        price_fen=price_fen,
        brand_fee_fen=brand_fee,
        brand_total_fen=price_fen + brand_fee,
        commission_fen=commission,
        mcn_share_bps=mcn_share_bps,
        mcn_share_fen=mcn_share,
        creator_payout_fen=price_fen - commission - mcn_share,
        platform_revenue_fen=brand_fee + commission,
    )


def compensation_fen(price_fen: int, compensation_bps: int) -> int:
    """What a creator caught with fake traffic pays the brand: a share of the price, half up."""
    return _half_up(price_fen, compensation_bps)
