"""Admission (入驻): who may receive orders, product.md §2. Pure: takes values, returns reasons."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Platform(StrEnum):
    DOUYIN = "douyin"
    XIGUA = "xigua"
    HUOSHAN = "huoshan"


FOLLOWER_THRESHOLDS: dict[Platform, int] = {
    Platform.DOUYIN: 100_000,
    Platform.XIGUA: 50_000,
    Platform.HUOSHAN: 50_000,
}


@dataclass(frozen=True)
class ChannelFacts:
    platform: Platform
    followers: int
    in_good_standing: bool
    handle: str = ""


@dataclass(frozen=True)
class CreatorFacts:
    credit_score: int
    order_rights_suspended: bool
    under_mcn_contract: bool


@dataclass(frozen=True)
class IneligibilityReason:
    rule: str
    detail: str


def ineligibility_reasons(
    creator: CreatorFacts, channel: ChannelFacts
) -> tuple[IneligibilityReason, ...]:
    """Every admission rule the creator fails on this channel; empty when eligible."""
    reasons: list[IneligibilityReason] = []
    threshold = FOLLOWER_THRESHOLDS[channel.platform]
    if channel.followers < threshold and not creator.under_mcn_contract:
        reasons.append(
            IneligibilityReason(
                "followers_below_threshold",
                f"{channel.platform} channels need at least {threshold:,} followers "
                f"(this one has {channel.followers:,}) unless the creator is signed by an MCN",
            )
        )
    if not channel.in_good_standing:
        reasons.append(
            IneligibilityReason(
                "channel_not_in_good_standing",
                "the platform reports a violation on this channel",
            )
        )
    if creator.credit_score <= 0:
        reasons.append(
            IneligibilityReason("credit_exhausted", "the creator's credit score has reached 0")
        )
    if creator.order_rights_suspended:
        reasons.append(
            IneligibilityReason(
                "order_rights_suspended", "the creator's order rights are suspended"
            )
        )
    return tuple(reasons)
