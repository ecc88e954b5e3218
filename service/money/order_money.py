"""What each order transition does with money (the `money` column of the transition table),
posted in the same transaction as the transition."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from service.config import Settings
from service.money import ledger
from service.money.models import Account, AccountKind, EntryKind
from service.orders.models import Order
from statemachine import Money
from statemachine.pricing import compensation_fen


async def _escrow(session: AsyncSession, order: Order, now: datetime) -> tuple[Account, int]:
    escrow = await ledger.account(session, AccountKind.ORDER_ESCROW, order.id, now)
    held = await ledger.balance(session, escrow.id)
    if held != order.brand_total_fen:
        raise ledger.EscrowMismatch(
            f"order '{order.id}' escrow holds {held} fen, expected {order.brand_total_fen}"
        )
    return escrow, held


async def hold(session: AsyncSession, order: Order, now: datetime, settings: Settings) -> None:
    brand = await ledger.account(session, AccountKind.BRAND_AVAILABLE, order.brand_id, now)
    escrow = await ledger.account(session, AccountKind.ORDER_ESCROW, order.id, now)
    await ledger.post(
        session,
        EntryKind.ORDER_HOLD,
        [(brand, -order.brand_total_fen), (escrow, order.brand_total_fen)],
        now,
        order_id=order.id,
    )


async def refund(session: AsyncSession, order: Order, now: datetime, settings: Settings) -> None:
    escrow, held = await _escrow(session, order, now)
    brand = await ledger.account(session, AccountKind.BRAND_AVAILABLE, order.brand_id, now)
    await ledger.post(
        session, EntryKind.ORDER_REFUND, [(escrow, -held), (brand, held)], now, order_id=order.id
    )


async def pay_out(session: AsyncSession, order: Order, now: datetime, settings: Settings) -> None:
    escrow, held = await _escrow(session, order, now)
    creator = await ledger.account(session, AccountKind.CREATOR_AVAILABLE, order.creator_id, now)
    platform = await ledger.platform_account(session, AccountKind.PLATFORM_REVENUE, now)
    lines = [
        (escrow, -held),
        (creator, order.creator_payout_fen),
        (platform, order.platform_revenue_fen),
    ]
    if order.mcn_id is not None:
        mcn = await ledger.account(session, AccountKind.MCN_AVAILABLE, order.mcn_id, now)
        lines.append((mcn, order.mcn_share_fen))
    await ledger.post(session, EntryKind.ORDER_SETTLE, lines, now, order_id=order.id)


async def refund_with_compensation(
    session: AsyncSession, order: Order, now: datetime, settings: Settings
) -> None:
    """Full refund, then the creator compensates the brand, even into a negative balance."""
    await refund(session, order, now, settings)
    amount = compensation_fen(order.price_fen, settings.fake_traffic_compensation_bps)
    creator = await ledger.account(session, AccountKind.CREATOR_AVAILABLE, order.creator_id, now)
    brand = await ledger.account(session, AccountKind.BRAND_AVAILABLE, order.brand_id, now)
    await ledger.post(
        session,
        EntryKind.FAKE_TRAFFIC_COMPENSATION,
        [(creator, -amount), (brand, amount)],
        now,
        order_id=order.id,
    )


async def _nothing(session: AsyncSession, order: Order, now: datetime, settings: Settings) -> None:
    return None


Posting = Callable[[AsyncSession, Order, datetime, Settings], Awaitable[None]]

POSTINGS: dict[Money, Posting] = {
    Money.NONE: _nothing,
    Money.HOLD_IN_ESCROW: hold,
    Money.REFUND_TO_BRAND: refund,
    Money.PAY_OUT: pay_out,
    Money.REFUND_WITH_COMPENSATION: refund_with_compensation,
}


async def apply(
    session: AsyncSession, order: Order, money: Money, now: datetime, settings: Settings
) -> None:
    await POSTINGS[money](session, order, now, settings)
