"""Admission (入驻), product.md §2: who may receive and accept orders."""

from __future__ import annotations

import pytest

from statemachine import ChannelFacts, CreatorFacts, Platform, ineligibility_reasons

GOOD_CREATOR = CreatorFacts(credit_score=12, order_rights_suspended=False, under_mcn_contract=False)
SIGNED_CREATOR = CreatorFacts(
    credit_score=12, order_rights_suspended=False, under_mcn_contract=True
)


def rules(creator: CreatorFacts, channel: ChannelFacts) -> list[str]:
    return [reason.rule for reason in ineligibility_reasons(creator, channel)]


def channel(platform: Platform, followers: int, good: bool = True) -> ChannelFacts:
    return ChannelFacts(platform=platform, followers=followers, in_good_standing=good)


def test_douyin_below_100k_without_mcn_is_refused_for_followers_only() -> None:
    reasons = ineligibility_reasons(GOOD_CREATOR, channel(Platform.DOUYIN, 99_999))
    assert [r.rule for r in reasons] == ["followers_below_threshold"]
    assert reasons[0].detail  # a human-readable explanation comes with it


def test_douyin_at_100k_is_eligible() -> None:
    assert ineligibility_reasons(GOOD_CREATOR, channel(Platform.DOUYIN, 100_000)) == ()


@pytest.mark.parametrize("platform", [Platform.XIGUA, Platform.HUOSHAN])
def test_xigua_and_huoshan_threshold_is_50k(platform: Platform) -> None:
    assert rules(GOOD_CREATOR, channel(platform, 49_999)) == ["followers_below_threshold"]
    assert rules(GOOD_CREATOR, channel(platform, 50_000)) == []


def test_douyin_threshold_is_not_the_50k_one() -> None:
    assert rules(GOOD_CREATOR, channel(Platform.DOUYIN, 50_000)) == ["followers_below_threshold"]


@pytest.mark.parametrize("platform", list(Platform))
@pytest.mark.parametrize("followers", [0, 10, 49_999, 99_999])
def test_mcn_contract_waives_the_follower_threshold(platform: Platform, followers: int) -> None:
    assert rules(SIGNED_CREATOR, channel(platform, followers)) == []


@pytest.mark.parametrize("creator", [GOOD_CREATOR, SIGNED_CREATOR], ids=["own", "mcn"])
def test_channel_not_in_good_standing_is_refused_even_with_mcn(creator: CreatorFacts) -> None:
    assert rules(creator, channel(Platform.DOUYIN, 1_000_000, good=False)) == [
        "channel_not_in_good_standing"
    ]


@pytest.mark.parametrize("score", [0, -3])
def test_credit_exhausted(score: int) -> None:
    creator = CreatorFacts(
        credit_score=score, order_rights_suspended=False, under_mcn_contract=True
    )
    assert rules(creator, channel(Platform.DOUYIN, 200_000)) == ["credit_exhausted"]


def test_credit_score_one_is_enough() -> None:
    creator = CreatorFacts(credit_score=1, order_rights_suspended=False, under_mcn_contract=False)
    assert rules(creator, channel(Platform.DOUYIN, 200_000)) == []


def test_suspended_order_rights_are_refused() -> None:
    creator = CreatorFacts(credit_score=12, order_rights_suspended=True, under_mcn_contract=True)
    assert rules(creator, channel(Platform.XIGUA, 60_000)) == ["order_rights_suspended"]


def test_every_failed_rule_is_listed() -> None:
    creator = CreatorFacts(credit_score=0, order_rights_suspended=True, under_mcn_contract=False)
    reasons = ineligibility_reasons(creator, channel(Platform.HUOSHAN, 1, good=False))
    assert sorted(r.rule for r in reasons) == sorted(
        [
            "followers_below_threshold",
            "channel_not_in_good_standing",
            "credit_exhausted",
            "order_rights_suspended",
        ]
    )
    assert all(r.detail for r in reasons)


def test_two_failures_at_once() -> None:
    creator = CreatorFacts(credit_score=0, order_rights_suspended=False, under_mcn_contract=False)
    assert sorted(rules(creator, channel(Platform.XIGUA, 49_999))) == [
        "credit_exhausted",
        "followers_below_threshold",
    ]
