"""Changing the retention period by mutual consent (双方协商), product.md §4."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from statemachine.lifecycle import Lifecycle, Row
from statemachine.states import Actor, State

PROPOSAL_LIFETIME = timedelta(hours=48)
CHANGEABLE_IN = frozenset({State.REQUESTED, State.ACCEPTED, State.PUBLISHED})


class ProposalState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    SUPERSEDED = "superseded"
    LAPSED = "lapsed"


P = ProposalState
PARTIES = frozenset({Actor.BRAND, Actor.CREATOR})

PROPOSALS = Lifecycle(
    ProposalState,
    [
        Row("accept", (P.PENDING,), P.ACCEPTED, PARTIES),
        Row("supersede", (P.PENDING,), P.SUPERSEDED, PARTIES),
    ],
)


def effective_state(state: ProposalState, expires_at: datetime, now: datetime) -> ProposalState:
    if state is P.PENDING and now >= expires_at:
        return P.LAPSED
    return state


def too_short(published_at: datetime | None, retention_days: int, now: datetime) -> bool:
    """A shorter period may not end before the time already elapsed."""
    return published_at is not None and published_at + timedelta(days=retention_days) <= now
