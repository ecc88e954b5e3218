"""The order's due times (product.md §7): each is scheduled by one transition and fires
another; the worker finds them by the next one, stored with the order."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from statemachine.terms import ACCEPT_WINDOW


class Timer(StrEnum):
    """The order's due times, named as the order's fields."""

    ACCEPT_DEADLINE = "accept_deadline"
    PUBLISH_DEADLINE = "publish_deadline"
    RETENTION_ENDS_AT = "retention_ends_at"
    SETTLE_AT = "settle_at"
    REVIEW_DUE_AT = "review_due_at"


@dataclass(frozen=True)
class Schedule:
    accept_deadline: datetime | None = None
    publish_deadline: datetime | None = None
    retention_ends_at: datetime | None = None
    settle_at: datetime | None = None
    review_due_at: datetime | None = None


def schedule(
    timer: Timer | None,
    now: datetime,
    *,
    publish_days: int,
    retention_days: int,
    settle_delay: timedelta,
    review_time: timedelta,
    current: Schedule = Schedule(),
) -> Schedule:
    """The order's due times after a transition that schedules `timer` at `now`."""
    if timer is Timer.ACCEPT_DEADLINE:
        return replace(current, accept_deadline=now + ACCEPT_WINDOW)
    if timer is Timer.PUBLISH_DEADLINE:
        return replace(current, publish_deadline=now + timedelta(days=publish_days))
    if timer is Timer.RETENTION_ENDS_AT:
        return replace(current, retention_ends_at=now + timedelta(days=retention_days))
    if timer is Timer.SETTLE_AT:
        return replace(current, settle_at=now + settle_delay)
    if timer is Timer.REVIEW_DUE_AT:
        return replace(current, review_due_at=now + review_time)
    return current
