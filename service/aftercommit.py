"""What to do once a transaction really commits: announce changed orders to waiting polls,
forget revoked keys, count transitions.

SQLAlchemy dispatches `after_commit` and `after_rollback` for SAVEPOINTs too, so code that
means "the real commit" cannot hang off them alone. Here what is deferred belongs to the
transaction (or savepoint) it was deferred in: a savepoint that is released hands its items
to its parent, one that rolls back forgets its own (and only its own), and the items run
when the outermost transaction commits.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction
from sqlmodel.ext.asyncio.session import AsyncSession

_PENDING = "after_commit"  # in a session's `info`: {transaction: {kind: [items]}}
_HANDLERS: dict[str, Callable[[list[Any]], None]] = {}
_COMMITTED: weakref.WeakSet[SessionTransaction] = weakref.WeakSet()


def on_commit(kind: str) -> Callable[[Callable[[list[Any]], None]], Callable[[list[Any]], None]]:
    """Register what runs, after the real commit, with the items deferred as `kind`."""

    def register(handler: Callable[[list[Any]], None]) -> Callable[[list[Any]], None]:
        _HANDLERS[kind] = handler
        return handler

    return register


def defer(session: AsyncSession | Session, kind: str, items: Iterable[Hashable]) -> None:
    """Run `kind`'s handler with `items` once the outermost transaction commits."""
    sync = session.sync_session if isinstance(session, AsyncSession) else session
    transaction = sync.get_nested_transaction() or sync.get_transaction() or sync.begin()
    pending = sync.info.setdefault(_PENDING, {})
    pending.setdefault(transaction, {}).setdefault(kind, []).extend(items)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    transaction = session.get_nested_transaction() or session.get_transaction()
    if transaction is not None:
        _COMMITTED.add(transaction)


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    pending: dict[SessionTransaction, dict[str, list[Any]]] = session.info.get(_PENDING, {})
    mine = pending.pop(transaction, None)
    if not pending:
        session.info.pop(_PENDING, None)
    if mine is None or transaction not in _COMMITTED:
        return  # rolled back: what it deferred never happened
    parent = transaction.parent
    if parent is not None:  # a released savepoint: its parent decides
        inherited = session.info.setdefault(_PENDING, {}).setdefault(parent, {})
        for kind, items in mine.items():
            inherited.setdefault(kind, []).extend(items)
        return
    for kind, items in mine.items():
        _HANDLERS[kind](items)
