"""MCN contracts (签约管理), product.md §3: invited → active → terminated | expired."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from statemachine.lifecycle import Lifecycle, Row
from statemachine.states import Actor

SHARE_BPS_MAX = 10_000


class ContractState(StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    DECLINED = "declined"
    TERMINATED = "terminated"
    EXPIRED = "expired"


C = ContractState

CONTRACTS = Lifecycle(
    ContractState,
    [
        Row("accept", (C.INVITED,), C.ACTIVE, frozenset({Actor.CREATOR})),
        Row("decline", (C.INVITED,), C.DECLINED, frozenset({Actor.CREATOR})),
        Row(
            "terminate", (C.INVITED, C.ACTIVE), C.TERMINATED, frozenset({Actor.MCN, Actor.CREATOR})
        ),
        Row("expire", (C.INVITED, C.ACTIVE), C.EXPIRED, frozenset({Actor.SYSTEM})),
    ],
)


def effective_state(state: ContractState, ends_at: datetime, now: datetime) -> ContractState:
    """A contract past its end date is expired, whether or not anyone has written that down."""
    if state in (C.INVITED, C.ACTIVE) and now >= ends_at:
        return C.EXPIRED
    return state


def in_force(state: ContractState, ends_at: datetime, now: datetime) -> bool:
    return effective_state(state, ends_at, now) is C.ACTIVE
