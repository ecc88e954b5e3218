"""An order's line items (product.md §5): computed once at creation, always adding up.

`LineItems` is defined once, here: the order table's columns (it is a base of the table),
the API's `line_items` and this rule share it. It is a plain value type (no table, no
session); `sa_type` only tells the table that fen are 64-bit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel

BPS = 10_000


def half_up(amount: int, bps: int) -> int:
    return (amount * bps + BPS // 2) // BPS


@dataclass(frozen=True)
class FeePolicy:
    brand_fee_bps: int
    creator_commission_bps: int


def _fen() -> int:
    return Field(sa_type=BigInteger)  # type: ignore[no-any-return]


class LineItems(SQLModel):
    price_fen: int = _fen()
    brand_fee_fen: int = _fen()
    brand_total_fen: int = _fen()
    commission_fen: int = _fen()
    mcn_share_bps: int
    mcn_share_fen: int = _fen()
    creator_payout_fen: int = _fen()
    platform_revenue_fen: int = _fen()


def line_items(price_fen: int, mcn_share_bps: int, policy: FeePolicy) -> LineItems:
    """Fee and commission round half up, the MCN share down; the platform keeps remainders."""
    brand_fee = half_up(price_fen, policy.brand_fee_bps)
    commission = half_up(price_fen, policy.creator_commission_bps)
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
    return half_up(price_fen, compensation_bps)
