"""An order's line items, product.md §5: exact integer fen that always add up."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from statemachine.pricing import FeePolicy, line_items

prices = st.integers(min_value=100, max_value=100_000_000)
bps = st.integers(min_value=0, max_value=10_000)


def percent_of(amount: int, basis_points: int, rounding: str) -> int:
    exact = Decimal(amount) * Decimal(basis_points) / Decimal(10_000)
    return int(exact.quantize(Decimal(1), rounding=rounding))


@settings(max_examples=500)
@given(price=prices, fee_bps=bps, commission_bps=bps, mcn_bps=bps)
@example(price=100, fee_bps=50, commission_bps=50, mcn_bps=5_000)  # 0.5 fen: rounds up
@example(price=109, fee_bps=500, commission_bps=500, mcn_bps=3_333)  # 5.45 fen: rounds down
@example(price=100_000_000, fee_bps=10_000, commission_bps=10_000, mcn_bps=10_000)
def test_line_items_add_up(price: int, fee_bps: int, commission_bps: int, mcn_bps: int) -> None:
    items = line_items(price, mcn_bps, FeePolicy(fee_bps, commission_bps))

    assert items.price_fen == price
    assert items.mcn_share_bps == mcn_bps
    # brand fee: rounded half up; brand total = price + fee
    assert items.brand_fee_fen == percent_of(price, fee_bps, ROUND_HALF_UP)
    assert items.brand_total_fen == price + items.brand_fee_fen
    # commission: fee_bps of price, to the nearest fen either way (§5 names no rounding)
    exact_commission = Decimal(price) * commission_bps / 10_000
    assert abs(Decimal(items.commission_fen) - exact_commission) < 1
    # MCN share: share_bps of (price - commission), rounded down
    net = price - items.commission_fen
    assert items.mcn_share_fen == percent_of(net, mcn_bps, ROUND_DOWN)
    # creator payout = price - commission - MCN share
    assert items.creator_payout_fen == price - items.commission_fen - items.mcn_share_fen
    # the platform keeps the fee and the commission (§5 ledger: settle)
    assert items.platform_revenue_fen == items.brand_fee_fen + items.commission_fen
    # no fen is created or lost
    paid_out = items.creator_payout_fen + items.mcn_share_fen + items.platform_revenue_fen
    assert paid_out == items.brand_total_fen
    # every item is a non-negative integer
    for value in (
        items.brand_fee_fen,
        items.brand_total_fen,
        items.commission_fen,
        items.mcn_share_fen,
        items.creator_payout_fen,
        items.platform_revenue_fen,
    ):
        assert isinstance(value, int)
        assert value >= 0


@given(price=prices, fee_bps=bps)
def test_fee_rounds_half_up_exactly_at_half_a_fen(price: int, fee_bps: int) -> None:
    exact = Decimal(price) * fee_bps / 10_000
    fee = line_items(price, 0, FeePolicy(fee_bps, 0)).brand_fee_fen
    assert Decimal(fee) - exact <= Decimal("0.5")
    assert exact - Decimal(fee) < Decimal("0.5")


def test_half_a_fen_rounds_up() -> None:
    # 1% of 150 fen = 1.5 fen -> 2; 1% of 149 fen = 1.49 -> 1
    assert line_items(150, 0, FeePolicy(100, 0)).brand_fee_fen == 2
    assert line_items(149, 0, FeePolicy(100, 0)).brand_fee_fen == 1


def test_mcn_share_rounds_down() -> None:
    # 33.33% of 100 fen net = 33.33 fen -> 33; 99.99% of 100 -> 99
    assert line_items(100, 3_333, FeePolicy(0, 0)).mcn_share_fen == 33
    assert line_items(100, 9_999, FeePolicy(0, 0)).mcn_share_fen == 99


def test_worked_example() -> None:
    items = line_items(100_000, 2_000, FeePolicy(brand_fee_bps=500, creator_commission_bps=500))
    assert items.brand_fee_fen == 5_000
    assert items.brand_total_fen == 105_000
    assert items.commission_fen == 5_000
    assert items.mcn_share_fen == 19_000
    assert items.creator_payout_fen == 76_000
    assert items.platform_revenue_fen == 10_000


def test_no_mcn_means_the_creator_keeps_the_net() -> None:
    items = line_items(12_345, 0, FeePolicy(500, 500))
    assert items.mcn_share_fen == 0
    assert items.commission_fen == 617  # 617.25 -> 617
    assert items.brand_fee_fen == 617
    assert items.creator_payout_fen == 12_345 - 617
