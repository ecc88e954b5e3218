"""An order's line items, product.md §5, and the split of an order that ends early, §10:
exact integer fen that always add up."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from statemachine import Actor, Attempt, Money, Offer, OrderFacts, State
from statemachine.pricing import FeePolicy, line_items
from statemachine.review import CancellationPolicy, Progress
from statemachine.settlement import settled_fen
from tests.statemachine.spec import (
    BPS,
    BRAND_FEE_BPS,
    COMMISSION_BPS,
    COMPENSATION_PERCENT,
    Split,
    cancellation_settled,
    dispute_settled,
    escrow_held,
    split,
)

COMPENSATION_ORDER = ["before_script", "script_submitted", "video_submitted"]
COMPENSATION_ORDER += ["video_changes_twice"]

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


# --- §10: what an order that ends early pays, split like a small settlement ----------------

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FEES = FeePolicy(BRAND_FEE_BPS, COMMISSION_BPS)
CANCELLATION = CancellationPolicy()
PROGRESS = {  # how far the work got, for each stage of the §10 table
    "before_script": Progress(),
    "script_submitted": Progress(script_submitted=True),
    "video_submitted": Progress(script_submitted=True, video_submitted=True),
    "video_changes_twice": Progress(True, True, video_changes_requested=2),
}
PRICES = [100, 101, 12_345, 99_999_999, 100_000_000]
SHARES = [0, 2_000, 3_333]  # no MCN, and two shares
REFUND_BPS = [0, 1, 3_333, 5_000, 9_999, 10_000]


def cancelled(price: int, progress: Progress, offer: Offer | None = None) -> int:
    order = OrderFacts(State.ACCEPTED, price_fen=price, progress=progress, offer=offer)
    attempt = Attempt(Actor.BRAND, T0)
    money = Money.COMPENSATE_AS_AGREED if offer else Money.COMPENSATE_BY_PROGRESS
    return settled_fen(money, order, attempt, CANCELLATION)


def resolved(price: int, refund_bps: int) -> int:
    order = OrderFacts(State.RETAINED, price_fen=price, dispute_open=True)
    attempt = Attempt(Actor.OPS, T0, reason="both sides heard", refund_bps=refund_bps)
    return settled_fen(Money.SPLIT_ESCROW, order, attempt, CANCELLATION)


def package_split(price: int, settled: int, share_bps: int) -> Split:
    """The parts as the package computes them: `settled` fen of the price paid like a price
    of its own (`line_items`), the rest of what was held back to the brand."""
    held = line_items(price, share_bps, FEES).brand_total_fen
    paid = line_items(settled, share_bps, FEES)
    return Split(
        brand_back=held - paid.brand_total_fen,
        creator_payout=paid.creator_payout_fen,
        mcn_share=paid.mcn_share_fen,
        platform_revenue=paid.platform_revenue_fen,
    )


def check_split(price: int, settled: int, share_bps: int) -> Split:
    held = line_items(price, share_bps, FEES).brand_total_fen
    assert held == escrow_held(price)
    got = package_split(price, settled, share_bps)
    assert got == split(price, settled, share_bps)  # each part as the oracle has it
    parts = (got.brand_back, got.creator_payout, got.mcn_share, got.platform_revenue)
    assert all(isinstance(part, int) and part >= 0 for part in parts), parts
    assert sum(parts) == held  # no fen created or lost
    assert got.creator_payout + got.mcn_share <= settled <= price
    if share_bps == 0:
        assert got.mcn_share == 0
    return got


@pytest.mark.parametrize("share_bps", SHARES)
@pytest.mark.parametrize("price", PRICES)
@pytest.mark.parametrize("stage", sorted(COMPENSATION_PERCENT))
def test_a_cancellation_splits_the_escrow_exactly(stage: str, price: int, share_bps: int) -> None:
    settled = cancelled(price, PROGRESS[stage])
    assert settled == cancellation_settled(price, stage)
    exact = Decimal(price) * COMPENSATION_PERCENT[stage] / 100
    assert abs(Decimal(settled) - exact) <= Decimal("0.5")
    got = check_split(price, settled, share_bps)
    if stage == "before_script":  # nothing paid: all of the escrow back
        assert got == Split(escrow_held(price), 0, 0, 0)
    if stage == "video_changes_twice":  # all paid: a full settlement
        items = line_items(price, share_bps, FEES)
        full = (items.creator_payout_fen, items.mcn_share_fen, items.platform_revenue_fen)
        assert got == Split(0, *full)


@pytest.mark.parametrize("share_bps", SHARES)
@pytest.mark.parametrize("price", PRICES)
@pytest.mark.parametrize("refund_bps", REFUND_BPS)
def test_a_resolved_dispute_splits_the_escrow_exactly(
    refund_bps: int, price: int, share_bps: int
) -> None:
    settled = resolved(price, refund_bps)
    assert settled == dispute_settled(price, refund_bps)
    got = check_split(price, settled, share_bps)
    # the brand gets back its share of the price with the fee on it, to a fen or two
    brand_share = Decimal(escrow_held(price)) * refund_bps / BPS
    assert abs(Decimal(got.brand_back) - brand_share) <= 2
    if refund_bps == 10_000:
        assert got == Split(escrow_held(price), 0, 0, 0)
    if refund_bps == 0:
        items = line_items(price, share_bps, FEES)
        full = (items.creator_payout_fen, items.mcn_share_fen, items.platform_revenue_fen)
        assert got == Split(0, *full)


def test_a_dispute_refund_rounds_half_up_in_the_brands_favour() -> None:
    # 0.5% of 100 fen = 0.5 fen refunded -> 1 fen back, 99 settled
    assert resolved(100, 50) == 99
    # 0.49% of 100 fen = 0.49 fen refunded -> 0 back, all settled
    assert resolved(100, 49) == 100


def test_the_compensation_table() -> None:
    """0 / 10 / 50 / 100% of the price (§10), of a round price."""
    assert [cancelled(1_000_000, PROGRESS[s]) for s in COMPENSATION_ORDER] == [
        0,
        100_000,
        500_000,
        1_000_000,
    ]
    # one request for changes to the video is not yet two
    once = Progress(True, True, video_changes_requested=1)
    assert cancelled(1_000_000, once) == 500_000
    # a video submitted without a script (review `video`) pays 50%
    assert cancelled(1_000_000, Progress(video_submitted=True)) == 500_000


def test_a_cancellation_before_acceptance_pays_nothing() -> None:
    order = OrderFacts(State.REQUESTED, price_fen=10_000, progress=PROGRESS["video_submitted"])
    attempt = Attempt(Actor.BRAND, T0)
    assert settled_fen(Money.COMPENSATE_BY_PROGRESS, order, attempt, CANCELLATION) == 0


@pytest.mark.parametrize("by", [Actor.BRAND, Actor.CREATOR])
@pytest.mark.parametrize("compensation", [0, 1, 4_321, 10_000])
def test_an_accepted_proposal_pays_what_it_names(by: Actor, compensation: int) -> None:
    settled = cancelled(10_000, PROGRESS["video_changes_twice"], Offer(by, compensation))
    assert settled == compensation
    check_split(10_000, settled, 2_000)


@settings(max_examples=300)
@given(
    price=prices,
    share_bps=bps,
    refund_bps=bps,
    stage=st.sampled_from(COMPENSATION_ORDER),
    offer_permille=st.integers(min_value=0, max_value=1_000),
)
@example(price=100, share_bps=10_000, refund_bps=9_999, stage="script_submitted", offer_permille=1)
@example(
    price=100_000_000, share_bps=1, refund_bps=1, stage="video_changes_twice", offer_permille=0
)
def test_every_early_end_adds_up_exactly(
    price: int, share_bps: int, refund_bps: int, stage: str, offer_permille: int
) -> None:
    settled = resolved(price, refund_bps)
    assert settled == dispute_settled(price, refund_bps)
    check_split(price, settled, share_bps)

    settled = cancelled(price, PROGRESS[stage])
    assert settled == cancellation_settled(price, stage)
    check_split(price, settled, share_bps)

    compensation = price * offer_permille // 1_000
    settled = cancelled(price, PROGRESS[stage], Offer(Actor.CREATOR, compensation))
    assert settled == compensation
    check_split(price, settled, share_bps)
