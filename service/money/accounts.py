"""Money use cases outside the order machine: top-ups, balances, ledger pages, reversals."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.deps import Caller
from service.ids import looks_like_id, new_id
from service.money import ledger
from service.money.ledger import Line, Posting
from service.money.models import (
    PLATFORM,
    Account,
    AccountKind,
    EntryKind,
    JournalEntry,
    JournalLine,
    TopUp,
)
from service.orders.models import Order
from service.parties.models import PartyKind
from service.ports.payments import PaymentProvider
from service.problems import Conflict, NotFound, ProblemError

OWN_ACCOUNTS = {
    PartyKind.BRAND: (AccountKind.BRAND_AVAILABLE,),
    PartyKind.CREATOR: (AccountKind.CREATOR_AVAILABLE, AccountKind.WITHDRAWAL_PENDING),
    PartyKind.MCN: (AccountKind.MCN_AVAILABLE, AccountKind.WITHDRAWAL_PENDING),
}


class PaymentDeclined(ProblemError):
    code = "payment_declined"


async def top_up(
    session: AsyncSession, caller: Caller, amount_fen: int, provider: PaymentProvider, now: datetime
) -> tuple[TopUp, int]:
    top_up_id = new_id("tu")
    charge = await provider.charge(
        top_up_id=top_up_id, brand_id=caller.party_id, amount_fen=amount_fen
    )
    if not charge.succeeded:
        raise PaymentDeclined(charge.failure_reason or "declined")
    record = TopUp(
        id=top_up_id,
        brand_id=caller.party_id,
        amount_fen=amount_fen,
        provider_reference=charge.reference,
        created_at=now,
    )
    session.add(record)
    await session.flush()
    brand = AccountKind.BRAND_AVAILABLE, caller.party_id
    lines = [Line((AccountKind.EXTERNAL_IN, PLATFORM), -amount_fen), Line(brand, amount_fen)]
    posted = await ledger.post(
        session, [Posting(EntryKind.TOP_UP, lines, top_up_id=record.id)], now
    )
    return record, posted.balances[brand]


async def balances(session: AsyncSession, caller: Caller) -> dict[AccountKind, int]:
    rows = await session.exec(
        select(Account.kind, Account.balance_fen).where(
            col(Account.owner_id) == caller.party_id,
            col(Account.kind).in_(OWN_ACCOUNTS[caller.kind]),
        )
    )
    found = {AccountKind(kind): amount for kind, amount in rows}
    if caller.kind is PartyKind.BRAND:
        held = await session.exec(
            select(func.coalesce(func.sum(Account.balance_fen), 0))
            .join(Order, col(Order.id) == col(Account.owner_id))
            .where(
                col(Account.kind) == AccountKind.ORDER_ESCROW,
                col(Order.brand_id) == caller.party_id,
            )
        )
        found[AccountKind.ORDER_ESCROW] = int(held.one())
    return found


async def ledger_page(
    session: AsyncSession, caller: Caller, starting_after: int | None, limit: int
) -> tuple[list[tuple[JournalLine, JournalEntry, AccountKind]], bool]:
    statement = (
        select(JournalLine, JournalEntry, Account.kind)
        .join(JournalEntry, col(JournalEntry.id) == col(JournalLine.entry_id))
        .join(Account, col(Account.id) == col(JournalLine.account_id))
        .where(
            col(Account.owner_id) == caller.party_id,
            col(Account.kind).in_(OWN_ACCOUNTS[caller.kind]),
        )
        .order_by(col(JournalLine.id).desc())
        .limit(limit + 1)
    )
    if starting_after is not None:
        statement = statement.where(col(JournalLine.id) < starting_after)
    rows = [(line, entry, AccountKind(kind)) for line, entry, kind in await session.exec(statement)]
    return rows[:limit], len(rows) > limit


async def reverse(session: AsyncSession, entry_id: str, reason: str, now: datetime) -> Posting:
    """Correct a mistaken top-up with its mirror image. Order and withdrawal money follows
    their state machines (refund, failed payout) and is not reversed by hand."""
    original = await session.get(JournalEntry, entry_id) if looks_like_id(entry_id, "je") else None
    if original is None:
        raise NotFound(f"no journal entry '{entry_id}'")
    if original.kind is not EntryKind.TOP_UP:
        raise Conflict(
            f"only top-ups are reversed by hand; a {original.kind.value} entry is corrected "
            "through its order or withdrawal",
            code="not_reversible",
        )
    already = await session.exec(
        select(JournalEntry.id).where(col(JournalEntry.reverses_id) == entry_id)
    )
    if already.first() is not None:
        raise Conflict(f"entry '{entry_id}' is already reversed", code="already_reversed")
    moved = await session.exec(
        select(Account.kind, Account.owner_id, JournalLine.amount_fen)
        .join(Account, col(Account.id) == col(JournalLine.account_id))
        .where(col(JournalLine.entry_id) == entry_id)
    )
    mirrored = [Line((AccountKind(kind), owner), -amount) for kind, owner, amount in moved]
    reversal = Posting(
        EntryKind.REVERSAL, mirrored, top_up_id=original.top_up_id, reverses_id=entry_id,
        memo=reason,
    )  # fmt: skip
    await ledger.post(session, [reversal], now)
    return reversal


__all__ = ["PLATFORM", "balances", "ledger_page", "reverse", "top_up"]
