"""The double-entry ledger: accounts and balanced, append-only postings.

Every posting is one journal entry whose lines sum to zero. Balances are cached on the
account and moved by the same transaction, with a conditional UPDATE so that accounts that
may never go negative cannot be overdrawn, however many requests race for them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Boolean, or_
from sqlalchemy import select as sa_select
from sqlalchemy import update as sa_update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from service.direct import Direct
from service.events.emit import NewEvent, emit_event, written_many
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
from service.rowsets import RowSet, table_of

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
    await emit_balance_changes(session, entry, lines, now)
    await session.flush()
    return entry


AccountKey = tuple[AccountKind, str]


async def lock_accounts(
    session: AsyncSession, keys: Collection[AccountKey], now: datetime | None = None
) -> dict[AccountKey, Account]:
    """The accounts named by (kind, owner), row-locked in id order, with their balances as
    of now. With `now`, those missing are created first (safe under races), as `account`
    creates them on first use; without it, they are left out."""
    if not keys:
        return {}
    if now is not None:
        dialect = session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        rows = [
            {"id": new_id("acc"), "kind": kind, "owner_id": owner, "balance_fen": 0,
             "created_at": now}
            for kind, owner in sorted(keys)
        ]  # fmt: skip
        await session.exec(
            insert(Account).values(rows).on_conflict_do_nothing(index_elements=["kind", "owner_id"])
        )
    return await _locked(session, keys)


async def _locked(session: AsyncSession, keys: Collection[AccountKey]) -> dict[AccountKey, Account]:
    rows, statement = _locking(session.get_bind().dialect)
    found = await statement.execute(session, rows.params(sorted(keys)))
    return {
        (AccountKind(kind), owner): Account(
            id=id_, kind=AccountKind(kind), owner_id=owner, balance_fen=balance, created_at=at
        )
        for id_, kind, owner, balance, at in found
    }


@lru_cache(maxsize=4)
def _locking(dialect: Dialect) -> tuple[RowSet, Direct]:
    """`lock_accounts`' statement, built once: the accounts named by (kind, owner) rows,
    `FOR UPDATE` in id order, as every posting takes them, so that postings cannot
    deadlock. It returns their columns, not ORM entities (the session's copy of an account
    is not the one to trust once a posting has moved it): `_locked` builds `Account`
    values of them that the session does not track."""
    table = table_of(Account)
    rows = RowSet.of("wanted", Account, ("kind", "owner_id"), dialect)
    wanted = rows.table.c
    statement = (
        sa_select(
            table.c.id, table.c.kind, table.c.owner_id, table.c.balance_fen, table.c.created_at
        )
        .join_from(
            table, rows.table, (table.c.kind == wanted.kind) & (table.c.owner_id == wanted.owner_id)
        )
        .order_by(table.c.id)
        .with_for_update(of=table)
    )
    return rows, Direct(statement)


ENTRY_COLUMNS = ("id", "kind", "order_id", "created_at")
LINE_COLUMNS = ("entry_id", "account_id", "amount_fen")


@dataclass(frozen=True)
class Booked:
    """A journal entry `post_many` wrote (its other columns are empty)."""

    id: str
    kind: EntryKind
    order_id: str | None
    withdrawal_id: str | None = None
    top_up_id: str | None = None


@dataclass(frozen=True)
class Posting:
    """One balanced entry for `post_many`."""

    kind: EntryKind
    lines: Sequence[tuple[Account, int]]
    order_id: str | None = None


async def post_many(
    session: AsyncSession, postings: Sequence[Posting], now: datetime, *, announce: bool = False
) -> list[Booked]:
    """Write many entries at once: the entries, their lines, and one summed balance change
    per account; one statement on PostgreSQL, three on SQLite. The accounts must be locked
    (`lock_accounts`). Each account that may never go negative is guarded on its summed
    change; raises InsufficientFunds if one is not covered (run it in a savepoint: the
    entries are written by then). With `announce`, each entry's `balance_changes` events
    are written too (in the same statement on PostgreSQL); without, the caller writes them."""
    entries: list[Booked] = []
    lines: list[tuple[str, str, int]] = []
    moves: dict[str, tuple[Account, int]] = {}
    for posting in postings:
        if sum(amount for _, amount in posting.lines) != 0:
            raise ValueError(f"unbalanced {posting.kind} entry for {posting.order_id}")
        entry = Booked(new_id("je"), posting.kind, posting.order_id)
        entries.append(entry)
        for acc, amount in sorted(posting.lines, key=lambda line: line[0].id):
            if amount:
                lines.append((entry.id, acc.id, amount))
                moves[acc.id] = (acc, moves.get(acc.id, (acc, 0))[1] + amount)
    if not entries:
        return entries
    connection = await session.connection()  # Core statements: no ORM entity is written
    events = [
        new for entry, posting in zip(entries, postings, strict=True) if announce
        for new in balance_changes(entry, posting.lines)
    ]  # fmt: skip
    written, moved, change, statement = _posted(connection.dialect, bool(events))
    params = {
        **written.params([(e.id, e.kind, e.order_id, now) for e in entries]),
        **moved.params(lines),
        **change.params(
            [
                (acc.id, delta, delta < 0 and acc.kind in NEVER_NEGATIVE)
                for acc, delta in moves.values()
            ]
        ),
    }
    on_postgresql = connection.dialect.name == "postgresql"
    if on_postgresql and events:
        params.update(written_many(connection.dialect).params(events, now))
    if not on_postgresql:
        await connection.execute(written.insert_into(JournalEntry), params)
        await connection.execute(moved.insert_into(JournalLine), params)
    done = {account_id for (account_id,) in await statement.execute(session, params)}
    for acc, delta in moves.values():
        if acc.id not in done:
            raise InsufficientFunds(
                f"the {acc.kind.value.replace('_', ' ')} balance does not cover {-delta} fen",
                account_kind=acc.kind.value,
                required_fen=-delta,
            )
    if not on_postgresql:
        for new in events:
            await emit_event(session, new, now)
    return entries


@lru_cache(maxsize=8)
def _posted(dialect: Dialect, announce: bool) -> tuple[RowSet, RowSet, RowSet, Direct]:
    """`post_many`'s rows (entries, lines, balance changes) and its statement, built once:
    on PostgreSQL all three writes in one (`WITH written_entries AS (INSERT …),
    written_lines AS (INSERT …) UPDATE accounts … RETURNING id`: the lines' references to
    the entries are checked at the end of the statement); on SQLite the balance `UPDATE`,
    after the two inserts. One UPDATE for every account, refused as a whole if a covered
    one would go negative: the accounts it returns are those it moved. With `announce`, on
    PostgreSQL, the events (`events.written_many`) are written in the same statement."""
    table = table_of(Account)
    written = RowSet.of("entry", JournalEntry, ENTRY_COLUMNS, dialect)
    moved = RowSet.of("line", JournalLine, LINE_COLUMNS, dialect)
    change = RowSet(
        "change",
        [("id", table.c.id.type), ("delta", table.c.balance_fen.type), ("covered", Boolean())],
        dialect,
    )
    c = change.table.c
    statement = (
        sa_update(table)
        .where(table.c.id == c.id, or_(~c.covered, table.c.balance_fen + c.delta >= 0))
        .values(balance_fen=table.c.balance_fen + c.delta)
        .returning(table.c.id)
    )
    if dialect.name == "postgresql":
        statement = statement.add_cte(
            written.insert_into(JournalEntry).cte("written_entries"),
            moved.insert_into(JournalLine).cte("written_lines"),
            *(written_many(dialect).ctes if announce else ()),
        )
    return written, moved, change, Direct(statement)


def balance_changes(
    entry: JournalEntry | Booked, lines: Sequence[tuple[Account, int]]
) -> list[NewEvent]:
    """`balance.changed` for each party whose own accounts moved, with its lines only."""
    by_owner: dict[str, list[dict[str, object]]] = {}
    for acc, amount in lines:
        if acc.kind in PARTY_ACCOUNTS and amount:
            by_owner.setdefault(acc.owner_id, []).append(
                {"account_kind": acc.kind.value, "amount_fen": amount}
            )
    return [
        NewEvent(
            "balance.changed",
            "journal_entry",
            entry.id,
            {
                "entry_id": entry.id,
                "entry_kind": entry.kind.value,
                "order_id": entry.order_id,
                "withdrawal_id": entry.withdrawal_id,
                "top_up_id": entry.top_up_id,
                "lines": moved,
            },
            (owner,),
        )
        for owner, moved in by_owner.items()
    ]


async def emit_balance_changes(
    session: AsyncSession,
    entry: JournalEntry | Booked,
    lines: Sequence[tuple[Account, int]],
    now: datetime,
) -> None:
    """Write `balance_changes` of an entry."""
    for new in balance_changes(entry, lines):
        await emit_event(session, new, now)
