"""The ledger's statements, built once per dialect: locking accounts, and writing postings
(entries, lines, balances, the accounts they open, and on PostgreSQL their events) in one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import BigInteger, Boolean, and_, func, insert, or_, select, union_all
from sqlalchemy import update as sa_update
from sqlalchemy.engine import Dialect
from sqlmodel.ext.asyncio.session import AsyncSession

from service.events.emit import NewEvent, emit, event_writes
from service.ids import new_id
from service.money.models import Account, AccountKind, EntryKind, JournalEntry, JournalLine
from service.sql import Direct, RowSet, at_most, merged, rows_of, table_of

if TYPE_CHECKING:
    from service.money.ledger import AccountKey, Posting

_ACCOUNTS = table_of(Account)


class Wanted(NamedTuple):
    kind: AccountKind
    owner_id: str


class Delta(NamedTuple):
    """One account's summed movement, and whether it must stay covered."""

    kind: AccountKind
    owner_id: str
    delta: int
    covered: bool


class Opened(NamedTuple):
    id: str
    kind: AccountKind
    owner_id: str
    balance_fen: int
    created_at: datetime


class EntryRow(NamedTuple):
    id: str
    kind: EntryKind
    order_id: str | None
    withdrawal_id: str | None
    top_up_id: str | None
    reverses_id: str | None
    memo: str | None
    created_at: datetime


class LineRow(NamedTuple):
    entry_id: str
    kind: AccountKind
    owner_id: str
    amount_fen: int


@dataclass(frozen=True)
class Locking:
    wanted: RowSet[Wanted]
    statement: Direct


@lru_cache(maxsize=8)
def locking(dialect: Dialect, size: int | None) -> Locking:
    """The accounts named by (kind, owner) rows (at most `size`, None: a batch), `FOR
    UPDATE` in id order; their kind, owner and balance."""
    wanted = rows_of("wanted", Wanted, Account, dialect, size)
    a, w = _ACCOUNTS, wanted.table.c
    statement = (
        select(a.c.kind, a.c.owner_id, a.c.balance_fen)
        .join_from(a, wanted.table, and_(a.c.kind == w.kind, a.c.owner_id == w.owner_id))
        .order_by(a.c.id)
        .with_for_update(of=a)
    )
    return Locking(wanted, Direct(statement))


@dataclass(frozen=True)
class Written:
    """The rows of a set of postings, and their events, ready to write."""

    deltas: dict[AccountKey, int]
    changes: list[Delta]
    opened: list[Opened]
    entries: list[EntryRow]
    lines: list[LineRow]
    events: list[NewEvent]
    now: datetime

    def __bool__(self) -> bool:
        return bool(self.entries)

    @property
    def size(self) -> int | None:
        """The size class of its row sets (`sql.at_most`)."""
        return at_most(
            len(self.changes), len(self.opened), len(self.entries), len(self.lines),
            len(self.events),
        )  # fmt: skip


def posting_rows(postings: Sequence[Posting], events: list[NewEvent], now: datetime) -> Written:
    deltas: dict[AccountKey, int] = {}
    covered: dict[AccountKey, bool] = {}
    opened: dict[AccountKey, int] = {}
    entries, lines = [], []
    for p in postings:
        entries.append(
            EntryRow(p.id, p.kind, p.order_id, p.withdrawal_id, p.top_up_id, p.reverses_id,
                     p.memo, now)
        )  # fmt: skip
        for line in p.lines:
            if not line.amount_fen:
                continue
            lines.append(LineRow(p.id, *line.account, line.amount_fen))
            if line.account in p.opens:
                opened[line.account] = opened.get(line.account, 0) + line.amount_fen
                continue
            deltas[line.account] = deltas.get(line.account, 0) + line.amount_fen
            covered[line.account] = covered.get(line.account, False) or line.guarded
    for key, balance in opened.items():
        if balance < 0:
            raise ValueError(f"an account opens with {balance} fen: {key}")
    return Written(
        deltas,
        [Delta(*key, delta, covered[key] and delta < 0) for key, delta in deltas.items()],
        [Opened(new_id("acc"), *key, balance, now) for key, balance in opened.items()],
        entries,
        lines,
        events,
        now,
    )


@dataclass(frozen=True)
class PostingWrites:
    """The row sets of postings. On PostgreSQL also the common table expressions that write
    them within another statement (`ctes`: without their events, which that statement writes
    with its own) and `touched`, a column of the accounts they moved or opened as JSON
    (`[[kind, owner, balance], …]`); `alone` writes them, events included, on their own (on
    SQLite: the balance update only)."""

    changes: RowSet[Delta]
    opened: RowSet[Opened]
    entries: RowSet[EntryRow]
    lines: RowSet[LineRow]
    ctes: tuple[Any, ...]
    touched: Any
    alone: Direct

    def params(self, written: Written) -> dict[str, Any]:
        return merged(
            self.changes.params(written.changes),
            self.opened.params(written.opened),
            self.entries.params(written.entries),
            self.lines.params(written.lines),
        )


@lru_cache(maxsize=8)
def posting_writes(dialect: Dialect, size: int | None) -> PostingWrites:
    """The row sets and statements of postings of a size class (`Written.size`)."""
    a = _ACCOUNTS
    # (named apart from the row sets of the statements that write postings with theirs)
    changes = rows_of(
        "ledger_change", Delta, Account, dialect, size, delta=BigInteger(), covered=Boolean()
    )
    opened = rows_of("ledger_opened", Opened, Account, dialect, size)
    entries = rows_of("ledger_entry", EntryRow, JournalEntry, dialect, size)
    lines = rows_of(
        "ledger_line", LineRow, JournalLine, dialect, size, kind=a.c.kind.type,
        owner_id=a.c.owner_id.type,
    )  # fmt: skip
    c = changes.table.c
    moved = (
        sa_update(a)
        .where(
            a.c.kind == c.kind,
            a.c.owner_id == c.owner_id,
            or_(~c.covered, a.c.balance_fen + c.delta >= 0),
        )
        .values(balance_fen=a.c.balance_fen + c.delta)
        .returning(a.c.id, a.c.kind, a.c.owner_id, a.c.balance_fen)
    )
    if dialect.name != "postgresql":
        return PostingWrites(changes, opened, entries, lines, (), None, Direct(moved))
    moved_cte = moved.cte("moved_accounts")
    opened_cte = (
        opened.insert_into(Account)
        .returning(a.c.id, a.c.kind, a.c.owner_id, a.c.balance_fen)
        .cte("opened_accounts")
    )
    touched = union_all(select(*moved_cte.c), select(*opened_cte.c)).cte("touched")
    row = lines.table.c
    line_rows = (
        select(row.entry_id, touched.c.id, row.amount_fen)
        .join_from(
            lines.table,
            touched,
            and_(touched.c.kind == row.kind, touched.c.owner_id == row.owner_id),
        )
        .order_by(row.entry_id, touched.c.id)  # an entry's lines in account id order
    )
    written_lines = insert(table_of(JournalLine)).from_select(
        ["entry_id", "account_id", "amount_fen"], line_rows
    )
    ctes = (
        touched,
        entries.insert_into(JournalEntry).cte("entries_written"),
        written_lines.cte("lines_written"),
    )
    as_json = func.json_build_array(touched.c.kind, touched.c.owner_id, touched.c.balance_fen)
    column = select(func.coalesce(func.json_agg(as_json), func.json_build_array()))
    events = event_writes(dialect, size)
    alone = Direct(select(column.scalar_subquery()).add_cte(*ctes, *events.ctes()))
    return PostingWrites(changes, opened, entries, lines, ctes, column.scalar_subquery(), alone)


def balances_of(touched: Any) -> dict[AccountKey, int]:
    """The balances in a `touched` column's value (JSON, as the driver decodes it)."""
    return {(AccountKind(kind), owner): int(balance) for kind, owner, balance in touched}


async def write(session: AsyncSession, written: Written) -> dict[AccountKey, int]:
    """Write the postings' rows on their own; the balances of the accounts moved or opened
    (an account missing from them was not moved: it would have gone below zero, or does not
    exist). On PostgreSQL one statement, with the events; on SQLite the caller emits them."""
    dialect = session.get_bind().dialect
    writes = posting_writes(dialect, written.size)
    params = writes.params(written)
    if dialect.name == "postgresql":
        events = event_writes(dialect, written.size).params(written.events, written.now)
        ((touched,),) = await writes.alone.execute(session, merged(params, events))
        return balances_of(touched)
    found = await writes.alone.execute(session, params)
    balances = {(AccountKind(kind), owner): balance for _, kind, owner, balance in found}
    ids = {(AccountKind(kind), owner): id_ for id_, kind, owner, _ in found}
    if written.opened:
        await session.exec(writes.opened.insert_into(Account), params=params)
        for row in written.opened:
            balances[row.kind, row.owner_id] = row.balance_fen
            ids[row.kind, row.owner_id] = row.id
    await session.exec(writes.entries.insert_into(JournalEntry), params=params)
    kept = sorted(  # an entry's lines in account id order
        (line.entry_id, ids[line.kind, line.owner_id], line.amount_fen)
        for line in written.lines
        if (line.kind, line.owner_id) in ids
    )
    if kept:
        connection = await session.connection()
        await connection.execute(
            insert(table_of(JournalLine)),
            [{"entry_id": e, "account_id": a_, "amount_fen": n} for e, a_, n in kept],
        )
    await emit(session, written.events, written.now)
    return balances
