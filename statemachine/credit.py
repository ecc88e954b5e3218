"""Credit score (信用分) and violations, product.md §6. Pure: takes values, returns values."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from statemachine.lifecycle import Lifecycle, Row
from statemachine.states import Actor

POINTS_PER_YEAR = 12
CREDIT_TIMEZONE = ZoneInfo("Asia/Shanghai")


class ViolationKind(StrEnum):
    MISSED_DEADLINE = "missed_deadline"
    OFF_PLATFORM_CONTACT = "off_platform_contact"
    PLATFORM_ACCOUNT_VIOLATION = "platform_account_violation"
    EARLY_REMOVAL = "early_removal"
    PRIVATE_DEAL = "private_deal"
    FAKE_TRAFFIC = "fake_traffic"


OPS_RECORDED = frozenset({ViolationKind.PRIVATE_DEAL, ViolationKind.PLATFORM_ACCOUNT_VIOLATION})


class ViolationStatus(StrEnum):
    ACTIVE = "active"
    APPEALED = "appealed"
    UPHELD = "upheld"
    REVOKED = "revoked"


V = ViolationStatus
OPS = frozenset({Actor.OPS})

VIOLATIONS = Lifecycle(
    ViolationStatus,
    [
        Row("appeal", (V.ACTIVE,), V.APPEALED, frozenset({Actor.CREATOR})),
        Row("uphold", (V.APPEALED,), V.UPHELD, OPS),
        Row("revoke", (V.ACTIVE, V.APPEALED, V.UPHELD), V.REVOKED, OPS),
    ],
)

DEDUCTING = frozenset({V.ACTIVE, V.APPEALED, V.UPHELD})


def credit_year(moment: datetime) -> int:
    """Points reset on 1 January, Shanghai time."""
    return moment.astimezone(CREDIT_TIMEZONE).year


def score(deductions: Iterable[int]) -> int:
    """This year's score from the points of this year's deducting violations."""
    return max(0, POINTS_PER_YEAR - sum(deductions))
