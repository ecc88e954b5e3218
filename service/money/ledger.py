"""The double-entry ledger: accounts and balanced, append-only postings.

Every posting is one journal entry whose lines sum to zero. Balances are cached on the
account and moved by the same transaction, with a conditional UPDATE so that accounts that
may never go negative cannot be overdrawn, however many requests race for them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from service.events.emit import emit
from service.ids import new_id
from service.money.models import (
    PLATFORM,
    Account,
    AccountKind,
    EntryKind,
    JournalEntry,
    JournalLine,
)
from service.problems import ProblemError

PARTY_ACCOUNTS = frozenset(
    {
        AccountKind.BRAND_AVAILABLE,
        AccountKind.CREATOR_AVAILABLE,
        AccountKind.MCN_AVAILABLE,
        AccountKind.WITHDRAWAL_PENDING,
    }
)
NEVER_NEGATIVE = frozenset(
    {AccountKind.BRAND_AVAILABLE, AccountKind.ORDER_ESCROW, AccountKind.WITHDRAWAL_PENDING}
)


class InsufficientFunds(ProblemError):
    status, code, title = 402, "insufficient_funds", "Insufficient funds"


class EscrowMismatch(ProblemError):
    status, code, title = 409, "escrow_mismatch", "Escrow does not hold what it should"


async def account(
    session: AsyncSession, kind: AccountKind, owner_id: str, now: datetime
) -> Account:
    """The account of `kind` for `owner_id`, created on first use (safe under races)."""
    found = await _find(session, kind, owner_id)
    if found is not None:
        return found
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    await session.exec(
        insert(Account)
        .values(id=new_id("acc"), kind=kind, owner_id=owner_id, balance_fen=0, created_at=now)
        .on_conflict_do_nothing(index_elements=["kind", "owner_id"])
    )
    created = await _find(session, kind, owner_id)
    assert created is not None
    return created


async def _find(session: AsyncSession, kind: AccountKind, owner_id: str) -> Account | None:
    statement = select(Account).where(col(Account.kind) == kind, col(Account.owner_id) == owner_id)
    return (await session.exec(statement)).first()


async def platform_account(session: AsyncSession, kind: AccountKind, now: datetime) -> Account:
    return await account(session, kind, PLATFORM, now)


async def balance(session: AsyncSession, account_id: str) -> int:
    """The balance as the database has it now (not the session's cached object)."""
    statement = select(Account.balance_fen).where(col(Account.id) == account_id)
    return (await session.exec(statement)).one()


async def post(
    session: AsyncSession,
    kind: EntryKind,
    lines: Sequence[tuple[Account, int]],
    now: datetime,
    *,
    order_id: str | None = None,
    withdrawal_id: str | None = None,
    top_up_id: str | None = None,
    reverses_id: str | None = None,
    memo: str | None = None,
    also_never_negative: Collection[str] = (),
) -> JournalEntry:
    """Write one balanced entry and move the cached balances; raises InsufficientFunds (and
    the caller's transaction rolls back) if an account that must stay covered would not."""
    if sum(amount for _, amount in lines) != 0:
        raise ValueError(f"unbalanced {kind} entry: {[(a.id, n) for a, n in lines]}")
    entry = JournalEntry(
        id=new_id("je"),
        kind=kind,
        order_id=order_id,
        withdrawal_id=withdrawal_id,
        top_up_id=top_up_id,
        reverses_id=reverses_id,
        memo=memo,
        created_at=now,
    )
    session.add(entry)  # inserted with its lines at the next flush, parents first
    # Accounts are always locked in id order, so concurrent postings cannot deadlock.
    for acc, amount in sorted(lines, key=lambda line: line[0].id):
        if amount == 0:
            continue
        statement = (
            update(Account)
            .where(col(Account.id) == acc.id)
            .values(balance_fen=col(Account.balance_fen) + amount)
        )
        covered = acc.kind in NEVER_NEGATIVE or acc.id in also_never_negative
        if amount < 0 and covered:
            statement = statement.where(col(Account.balance_fen) + amount >= 0)
        result = await session.exec(statement)
        if result.rowcount != 1:
            raise InsufficientFunds(
                f"the {acc.kind.value.replace('_', ' ')} balance does not cover {-amount} fen",
                account_kind=acc.kind.value,
                required_fen=-amount,
            )
        session.add(JournalLine(entry_id=entry.id, account_id=acc.id, amount_fen=amount))
    await _balance_events(session, entry, lines, now)
    await session.flush()
    return entry


async def _balance_events(
    session: AsyncSession, entry: JournalEntry, lines: Sequence[tuple[Account, int]], now: datetime
) -> None:
    """`balance.changed` for each party whose own accounts moved, with its lines only."""
    by_owner: dict[str, list[dict[str, object]]] = {}
    for acc, amount in lines:
        if acc.kind in PARTY_ACCOUNTS and amount:
            by_owner.setdefault(acc.owner_id, []).append(
                {"account_kind": acc.kind.value, "amount_fen": amount}
            )
    for owner, moved in by_owner.items():
        data = {
            "entry_id": entry.id,
            "entry_kind": entry.kind.value,
            "order_id": entry.order_id,
            "withdrawal_id": entry.withdrawal_id,
            "top_up_id": entry.top_up_id,
            "lines": moved,
        }
        await emit(session, "balance.changed", "journal_entry", entry.id, data, [owner], now)
