"""What each order transition does with money (the `money` column of the transition table),
as ledger postings, posted in the same transaction as the transition."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from service.config import Settings
from service.money import ledger
from service.money.ledger import AccountKey, Line, Posting
from service.money.models import PLATFORM, AccountKind, EntryKind
from service.money.statements import Written
from service.orders.models import Order
from statemachine import Money
from statemachine.pricing import FeePolicy, compensation_fen, line_items

# The entry of each way an order's escrow is split between the brand and the creator side.
_SPLITS = {
    Money.COMPENSATE_BY_PROGRESS: EntryKind.ORDER_CANCELLATION,
    Money.COMPENSATE_AS_AGREED: EntryKind.ORDER_CANCELLATION,
    Money.SPLIT_ESCROW: EntryKind.DISPUTE_SETTLEMENT,
}


def escrow(order: Order) -> AccountKey:
    return AccountKind.ORDER_ESCROW, order.id


def postings(
    order: Order, money: Money, held: int, settings: Settings, settled: int = 0
) -> list[Posting]:
    """The entries `money` books for the order, with `held` fen in its escrow; `settled`:
    the part of the price paid to the creator side when the escrow is split."""
    brand = AccountKind.BRAND_AVAILABLE, order.brand_id
    creator = AccountKind.CREATOR_AVAILABLE, order.creator_id
    if money is Money.NONE:
        return []
    if money is Money.HOLD_IN_ESCROW:
        total = order.brand_total_fen
        lines = [Line(brand, -total), Line(escrow(order), total)]
        return [Posting(EntryKind.ORDER_HOLD, lines, order.id, opens=frozenset({escrow(order)}))]
    refund = Posting(
        EntryKind.ORDER_REFUND, [Line(escrow(order), -held), Line(brand, held)], order.id
    )
    if money is Money.REFUND_TO_BRAND or (
        _SPLITS.get(money) is EntryKind.ORDER_CANCELLATION and not settled
    ):
        return [refund]  # (a cancellation that pays nothing is a refund)
    if money in _SPLITS:
        return [split(order, held, settled, settings, _SPLITS[money])]
    if money is Money.REFUND_WITH_COMPENSATION:
        amount = compensation_fen(order.price_fen, settings.fake_traffic_compensation_bps)
        paid = [Line(creator, -amount), Line(brand, amount)]  # the creator may go negative
        return [refund, Posting(EntryKind.FAKE_TRAFFIC_COMPENSATION, paid, order.id)]
    assert money is Money.PAY_OUT
    lines = [
        Line(escrow(order), -held),
        Line(creator, order.creator_payout_fen),
        Line((AccountKind.PLATFORM_REVENUE, PLATFORM), order.platform_revenue_fen),
    ]
    if order.mcn_id is not None:
        lines.append(Line((AccountKind.MCN_AVAILABLE, order.mcn_id), order.mcn_share_fen))
    return [Posting(EntryKind.ORDER_SETTLE, lines, order.id)]


def split(order: Order, held: int, settled: int, settings: Settings, kind: EntryKind) -> Posting:
    """One entry: `settled` fen of the price paid like a small settlement (the platform keeps
    the brand fee and the commission on it, the MCN its share of it less commission), the
    rest of the escrow back to the brand. Lines of zero are left out."""
    paid = line_items(
        settled,
        order.mcn_share_bps,
        FeePolicy(settings.brand_fee_bps, settings.creator_commission_bps),
    )
    lines = [
        Line(escrow(order), -held),
        Line((AccountKind.BRAND_AVAILABLE, order.brand_id), held - paid.brand_total_fen),
        Line((AccountKind.CREATOR_AVAILABLE, order.creator_id), paid.creator_payout_fen),
        Line((AccountKind.PLATFORM_REVENUE, PLATFORM), paid.platform_revenue_fen),
    ]
    if order.mcn_id is not None:
        lines.append(Line((AccountKind.MCN_AVAILABLE, order.mcn_id), paid.mcn_share_fen))
    return Posting(kind, [line for line in lines if line.amount_fen], order.id)


def releases_escrow(money: Money) -> bool:
    return money not in (Money.NONE, Money.HOLD_IN_ESCROW)


def refusals(money: Money) -> tuple[str, ...]:
    """The problem codes moving `money` can answer: a hold the brand's balance does not
    cover, a release from an escrow that does not hold the brand total."""
    if money is Money.HOLD_IN_ESCROW:
        return ("insufficient_funds",)
    return ("escrow_mismatch",) if releases_escrow(money) else ()


def accounts_moved(
    order: Order, money: Money, settings: Settings, settled: int = 0
) -> set[AccountKey]:
    """Every account that posting `money` for `order` moves (or creates)."""
    booked = postings(order, money, order.brand_total_fen, settings, settled)
    return ledger.keys(line for p in booked for line in p.lines)


def check_held(order: Order, held: int) -> None:
    if held != order.brand_total_fen:
        raise ledger.EscrowMismatch(
            f"order '{order.id}' escrow holds {held} fen, expected {order.brand_total_fen}"
        )


def release(
    order: Order,
    money: Money,
    balances: Mapping[AccountKey, int],
    settings: Settings,
    settled: int = 0,
) -> list[Posting]:
    """The postings of a release of the order's escrow, the accounts locked (`balances`);
    raises EscrowMismatch when the escrow does not hold the brand total."""
    held = balances.get(escrow(order), 0)
    check_held(order, held)
    return postings(order, money, held, settings, settled)


async def prepare(
    session: AsyncSession,
    order: Order,
    money: Money,
    now: datetime,
    settings: Settings,
    settled: int = 0,
) -> Written:
    """What `money` books for one order, ready for the order's write: a hold as it is; a
    release once the accounts it moves are locked and the escrow checked."""
    if not releases_escrow(money):
        booked = postings(order, money, order.brand_total_fen, settings)
        return await ledger.prepare(session, booked, now)
    moved = accounts_moved(order, money, settings, settled)
    balances = await ledger.lock(session, moved, now)
    return await ledger.prepare(
        session, release(order, money, balances, settings, settled), now, locked=True
    )
