"""The double-entry ledger: accounts and balanced, append-only postings, through one engine.

Every posting is one journal entry whose lines sum to zero; `post` writes one or many. Lines
name accounts by (kind, owner); balances are cached on the account and moved in the same
statement as the entry, with a condition that keeps the accounts that may never go negative
covered, however many requests race for them. Accounts are locked in one global order (id)
before a posting that moves more than one of them (`lock`), so postings cannot deadlock.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from service.db import upsert_into
from service.events.emit import NewEvent
from service.ids import new_id
from service.money import statements
from service.money.models import Account, AccountKind, EntryKind
from service.problems import ProblemError
from service.sql import at_most

AccountKey = tuple[AccountKind, str]
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
    code = "insufficient_funds"


class EscrowMismatch(ProblemError):
    code = "escrow_mismatch"


@dataclass(frozen=True)
class Line:
    """One movement of one account. `covered`: the account may not go below zero (by
    default, the kinds in NEVER_NEGATIVE)."""

    account: AccountKey
    amount_fen: int
    covered: bool | None = None

    @property
    def guarded(self) -> bool:
        covered = self.account[0] in NEVER_NEGATIVE if self.covered is None else self.covered
        return covered and self.amount_fen < 0


@dataclass(frozen=True)
class Posting:
    """One balanced journal entry to write. `opens`: accounts that come into being with this
    entry (an order's escrow), created with their first line."""

    kind: EntryKind
    lines: Sequence[Line]
    order_id: str | None = None
    withdrawal_id: str | None = None
    top_up_id: str | None = None
    reverses_id: str | None = None
    memo: str | None = None
    opens: frozenset[AccountKey] = frozenset()
    id: str = field(default_factory=lambda: new_id("je"))

    def __post_init__(self) -> None:
        if sum(line.amount_fen for line in self.lines) != 0:
            raise ValueError(f"unbalanced {self.kind} entry: {self.lines}")


@dataclass(frozen=True)
class Posted:
    """What `post` wrote: the entries, and the balances of every account it moved."""

    postings: Sequence[Posting]
    balances: Mapping[AccountKey, int]


async def lock(
    session: AsyncSession, keys: Collection[AccountKey], now: datetime
) -> dict[AccountKey, int]:
    """Lock the accounts, in id order (as every posting takes them), creating those that do
    not exist yet (safe under races); returns their balances as of now."""
    if not keys:
        return {}
    locking = statements.locking(session.get_bind().dialect, at_most(len(keys)))
    wanted = locking.wanted.params([statements.Wanted(*key) for key in sorted(keys)])
    found = await locking.statement.execute(session, wanted)
    if len(found) < len(set(keys)):  # a first movement of money: the account is created
        insert = upsert_into(session)
        rows = [
            {"id": new_id("acc"), "kind": kind, "owner_id": owner, "balance_fen": 0,
             "created_at": now}
            for kind, owner in sorted(keys)
        ]  # fmt: skip
        await session.exec(
            insert(Account).values(rows).on_conflict_do_nothing(index_elements=["kind", "owner_id"])
        )
        found = await locking.statement.execute(session, wanted)
    return {(AccountKind(kind), owner): balance for kind, owner, balance in found}


def _needs_lock(postings: Sequence[Posting]) -> bool:
    """Whether the accounts must be locked (and created) first: not when the postings move
    one account besides those they open, and debit it with a guard, since one row lock
    cannot deadlock and a missing account then simply has no funds."""
    moved = {line.account for p in postings for line in p.lines} - {
        key for p in postings for key in p.opens
    }
    if len(moved) != 1:
        return True
    lines = [line for p in postings for line in p.lines if line.account in moved]
    return not all(line.guarded for line in lines)


async def prepare(
    session: AsyncSession, postings: Sequence[Posting], now: datetime, *, locked: bool = False
) -> statements.Written:
    """The postings' rows, ready to write (`write`, or within an order's write), the accounts
    locked first unless the caller has `locked` them or they need no lock (`_needs_lock`)."""
    if postings and not locked and _needs_lock(postings):
        await lock(session, {line.account for p in postings for line in p.lines
                             if line.account not in p.opens}, now)  # fmt: skip
    events = [new for p in postings for new in balance_changes(p)]
    return statements.posting_rows(postings, events, now)


def covered(written: statements.Written, balances: Mapping[AccountKey, int]) -> None:
    """Raise InsufficientFunds unless every account moved: one missing from `balances`
    would have gone below zero (or does not exist). The transaction must then roll back."""
    for key, delta in written.deltas.items():
        if key not in balances:
            raise InsufficientFunds(
                f"the {key[0].value.replace('_', ' ')} balance does not cover {-delta} fen",
                account_kind=key[0].value,
                required_fen=-delta,
            )


async def post(
    session: AsyncSession, postings: Sequence[Posting], now: datetime, *, locked: bool = False
) -> Posted:
    """Write the entries, their lines, the balances and the `balance.changed` events; one
    statement on PostgreSQL after the lock (none when the caller has `locked` the accounts).
    Raises InsufficientFunds, having written part of it, if a covered account would go
    negative: the caller's transaction (or savepoint) must roll back."""
    written = await prepare(session, postings, now, locked=locked)
    if not written:
        return Posted(postings, {})
    balances = await statements.write(session, written)
    covered(written, balances)
    return Posted(postings, balances)


def balance_changes(posting: Posting) -> list[NewEvent]:
    """`balance.changed` for each party whose own accounts moved, with its lines only."""
    by_owner: dict[str, list[dict[str, object]]] = {}
    for line in posting.lines:
        kind, owner = line.account
        if kind in PARTY_ACCOUNTS and line.amount_fen:
            by_owner.setdefault(owner, []).append(
                {"account_kind": kind.value, "amount_fen": line.amount_fen}
            )
    return [
        NewEvent(
            "balance.changed",
            "journal_entry",
            posting.id,
            {
                "entry_id": posting.id,
                "entry_kind": posting.kind.value,
                "order_id": posting.order_id,
                "withdrawal_id": posting.withdrawal_id,
                "top_up_id": posting.top_up_id,
                "lines": moved,
            },
            (owner,),
        )
        for owner, moved in by_owner.items()
    ]


def keys(lines: Iterable[Line]) -> set[AccountKey]:
    return {line.account for line in lines}
