"""Order states and the parties that can act on an order."""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    PUBLISHED = "published"
    RETAINED = "retained"
    CLOSED = "closed"
    REFUNDED = "refunded"


FINAL_STATES: frozenset[State] = frozenset({State.CLOSED, State.REFUNDED})


class Actor(StrEnum):
    """Who fires a trigger: a party kind, or the service itself."""

    BRAND = "brand"
    CREATOR = "creator"
    MCN = "mcn"
    OPS = "ops"
    SYSTEM = "system"


class VideoStatus(StrEnum):
    LIVE = "live"
    REMOVED = "removed"
    PRIVATE = "private"
