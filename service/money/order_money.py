"""What each order transition does with money (the `money` column of the transition table),
posted in the same transaction as the transition."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from service.config import Settings
from service.money import ledger
from service.money.ledger import AccountKey
from service.money.models import PLATFORM, Account, AccountKind, EntryKind
from service.orders.models import Order
from statemachine import Money
from statemachine.pricing import compensation_fen


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


# What releasing the escrow books, per kind of release.
RELEASES: dict[Money, EntryKind] = {
    Money.REFUND_TO_BRAND: EntryKind.ORDER_REFUND,
    Money.PAY_OUT: EntryKind.ORDER_SETTLE,
}


def escrow_key(order: Order) -> AccountKey:
    return AccountKind.ORDER_ESCROW, order.id


def payees(order: Order, money: Money) -> list[AccountKey]:
    """The accounts a release of the order's escrow pays into."""
    if money is Money.REFUND_TO_BRAND:
        return [(AccountKind.BRAND_AVAILABLE, order.brand_id)]
    if money is Money.PAY_OUT:
        keys = [
            (AccountKind.CREATOR_AVAILABLE, order.creator_id),
            (AccountKind.PLATFORM_REVENUE, PLATFORM),
        ]
        if order.mcn_id is not None:
            keys.append((AccountKind.MCN_AVAILABLE, order.mcn_id))
        return keys
    raise ValueError(f"{money} does not release the escrow")


def accounts_moved(order: Order, money: Money) -> list[AccountKey]:
    """Every account that posting `money` for `order` moves (those the posting creates on
    first use included)."""
    if money is Money.NONE:
        return []
    if money is Money.HOLD_IN_ESCROW:
        return [(AccountKind.BRAND_AVAILABLE, order.brand_id), escrow_key(order)]
    if money is Money.REFUND_WITH_COMPENSATION:
        refunded = accounts_moved(order, Money.REFUND_TO_BRAND)
        return [*refunded, (AccountKind.CREATOR_AVAILABLE, order.creator_id)]
    return [escrow_key(order), *payees(order, money)]


def release_lines(
    order: Order, money: Money, escrow: Account, held: int, paid: Mapping[AccountKey, Account]
) -> list[tuple[Account, int]]:
    """The lines of a release: the whole escrow out, to the brand or to the payees."""
    if money is Money.REFUND_TO_BRAND:
        return [(escrow, -held), (paid[AccountKind.BRAND_AVAILABLE, order.brand_id], held)]
    lines = [
        (escrow, -held),
        (paid[AccountKind.CREATOR_AVAILABLE, order.creator_id], order.creator_payout_fen),
        (paid[AccountKind.PLATFORM_REVENUE, PLATFORM], order.platform_revenue_fen),
    ]
    if order.mcn_id is not None:
        lines.append((paid[AccountKind.MCN_AVAILABLE, order.mcn_id], order.mcn_share_fen))
    return lines


def check_held(order: Order, held: int) -> None:
    if held != order.brand_total_fen:
        raise ledger.EscrowMismatch(
            f"order '{order.id}' escrow holds {held} fen, expected {order.brand_total_fen}"
        )


async def _release(session: AsyncSession, order: Order, money: Money, now: datetime) -> None:
    """Empty the escrow to the brand or to the payees: the accounts locked and read in one
    statement (in id order, as every posting takes them), then one entry, its lines, the
    balances and the `balance.changed` events in one more (`ledger.post_many`)."""
    keys = accounts_moved(order, money)
    locked = await ledger.lock_accounts(session, keys)
    if len(locked) < len(set(keys)):  # a payee's first money: its account is created
        locked = await ledger.lock_accounts(session, keys, now)
    escrow = locked[escrow_key(order)]
    check_held(order, escrow.balance_fen)
    lines = release_lines(order, money, escrow, escrow.balance_fen, locked)
    posting = ledger.Posting(RELEASES[money], lines, order.id)
    await ledger.post_many(session, [posting], now, announce=True)


async def refund(session: AsyncSession, order: Order, now: datetime, settings: Settings) -> None:
    await _release(session, order, Money.REFUND_TO_BRAND, now)


async def pay_out(session: AsyncSession, order: Order, now: datetime, settings: Settings) -> None:
    await _release(session, order, Money.PAY_OUT, now)


async def refund_with_compensation(
    session: AsyncSession, order: Order, now: datetime, settings: Settings
) -> None:
    """Full refund, then the creator compensates the brand, even into a negative balance.
    The three accounts are locked together first, in id order, as every posting takes them:
    two postings one after the other would take the creator's after the brand's."""
    await ledger.lock_accounts(session, accounts_moved(order, Money.REFUND_WITH_COMPENSATION), now)
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
