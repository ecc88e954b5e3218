"""Each guard of §4 at its boundary, with an injected `now`; and the timers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

import statemachine as sm

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
US = timedelta(microseconds=1)
SECOND = timedelta(seconds=1)
PLATFORM, HANDLE = sm.Platform.DOUYIN, "creator_one"
LIVE, REMOVED, PRIVATE = sm.VideoStatus.LIVE, sm.VideoStatus.REMOVED, sm.VideoStatus.PRIVATE
ON_CHANNEL = sm.VideoFacts(PLATFORM, HANDLE, LIVE)
REASON = "ops looked into it"
CHANNEL = sm.ChannelFacts(PLATFORM, 200_000, True, HANDLE)
ELIGIBLE = sm.CreatorFacts(credit_score=12, order_rights_suspended=False, under_mcn_contract=False)
MACHINE = sm.ORDER_MACHINE


def order(state: str, **facts: object) -> sm.OrderFacts:
    """The order's facts: its stored values, on a qualifying channel, an eligible creator."""
    known: dict[str, object] = {"channel": CHANNEL, "standing": ELIGIBLE, **facts}
    return sm.OrderFacts(sm.State(state), **known)  # type: ignore[arg-type]


def attempt(actor: str, now: datetime, **kw: object) -> sm.Attempt:
    return sm.Attempt(sm.Actor(actor), now, **kw)  # type: ignore[arg-type]


def refused(trigger: str, facts: sm.OrderFacts, att: sm.Attempt) -> sm.GuardFailed:
    with pytest.raises(sm.GuardFailed) as failed:
        MACHINE.fire(trigger, facts, att)
    assert failed.value.trigger == trigger
    assert isinstance(failed.value, sm.RequestRefused) == failed.value.unprocessable
    return failed.value


def passes(trigger: str, facts: sm.OrderFacts, att: sm.Attempt) -> None:
    assert MACHINE.fire(trigger, facts, att).trigger == trigger


# --- accept / expire: the accept deadline -------------------------------------------------

DEADLINE = T0 + timedelta(hours=24)


def test_accept_one_microsecond_before_the_deadline_passes() -> None:
    passes(
        "accept", order("requested", accept_deadline=DEADLINE), attempt("creator", DEADLINE - US)
    )


@pytest.mark.parametrize("late", [timedelta(0), US, timedelta(days=2)])
def test_accept_at_or_after_the_deadline_fails(late: timedelta) -> None:
    facts = order("requested", accept_deadline=DEADLINE)
    failure = refused("accept", facts, attempt("creator", DEADLINE + late))
    assert failure.code == "accept_deadline_passed"
    assert not failure.unprocessable


def test_expire_one_microsecond_before_the_deadline_fails() -> None:
    facts = order("requested", accept_deadline=DEADLINE)
    failure = refused("expire", facts, attempt("system", DEADLINE - US))
    assert failure.code == "accept_deadline_not_reached"


@pytest.mark.parametrize("actor", ["system", "ops"])
def test_expire_at_the_deadline_passes(actor: str) -> None:
    facts = order("requested", accept_deadline=DEADLINE)
    passes("expire", facts, attempt(actor, DEADLINE, reason=REASON))


def test_ops_cannot_expire_before_the_deadline_either() -> None:
    facts = order("requested", accept_deadline=DEADLINE)
    failure = refused("expire", facts, attempt("ops", DEADLINE - US, reason=REASON))
    assert failure.code == "accept_deadline_not_reached"


# --- accept: admission (§2 checked again at acceptance) -----------------------------------


def test_accept_by_an_ineligible_creator_names_every_reason() -> None:
    standing = sm.CreatorFacts(
        credit_score=0, order_rights_suspended=True, under_mcn_contract=False
    )
    channel = sm.ChannelFacts(PLATFORM, followers=10, in_good_standing=False, handle=HANDLE)
    reasons = sm.ineligibility_reasons(standing, channel)
    assert len(reasons) == 4
    facts = order("requested", accept_deadline=DEADLINE, channel=channel, standing=standing)
    failure = refused("accept", facts, attempt("creator", T0))
    assert failure.code == "creator_ineligible"
    assert failure.ineligibility == reasons
    assert failure.unprocessable


def test_creator_ineligible_outranks_a_passed_deadline() -> None:
    spent = sm.CreatorFacts(credit_score=0, order_rights_suspended=False, under_mcn_contract=False)
    facts = order("requested", accept_deadline=DEADLINE, standing=spent)
    failure = refused("accept", facts, attempt("creator", DEADLINE))
    assert [r.rule for r in failure.ineligibility] == ["credit_exhausted"]
    assert failure.code == "creator_ineligible"
    assert {f.code for f in failure.failures} == {"creator_ineligible", "accept_deadline_passed"}


# --- publish / miss_deadline: the publish deadline and the video ---------------------------

PUBLISH_BY = T0 + timedelta(days=7)


def test_publish_one_microsecond_before_the_deadline_passes() -> None:
    facts = order("accepted", publish_deadline=PUBLISH_BY, video=ON_CHANNEL)
    passes("publish", facts, attempt("creator", PUBLISH_BY - US))


def test_publish_at_the_deadline_fails() -> None:
    facts = order("accepted", publish_deadline=PUBLISH_BY, video=ON_CHANNEL)
    failure = refused("publish", facts, attempt("creator", PUBLISH_BY))
    assert failure.code == "publish_deadline_passed"


@pytest.mark.parametrize(
    "video",
    [
        sm.VideoFacts(PLATFORM, "someone_else", LIVE),
        sm.VideoFacts(sm.Platform.XIGUA, HANDLE, LIVE),
        sm.VideoFacts(PLATFORM, HANDLE, REMOVED),
        sm.VideoFacts(PLATFORM, HANDLE, PRIVATE),
        None,
    ],
    ids=["other-handle", "other-platform", "removed", "private", "no-video"],
)
def test_publish_needs_a_live_video_on_the_orders_channel(video: sm.VideoFacts | None) -> None:
    facts = order("accepted", publish_deadline=PUBLISH_BY, video=video)
    failure = refused("publish", facts, attempt("creator", T0))
    assert failure.code == "video_not_on_channel"
    assert failure.unprocessable


def test_miss_deadline_one_microsecond_early_fails_and_passes_at_the_deadline() -> None:
    facts = order("accepted", publish_deadline=PUBLISH_BY)
    failure = refused("miss_deadline", facts, attempt("system", PUBLISH_BY - US))
    assert failure.code == "publish_deadline_not_reached"
    passes("miss_deadline", facts, attempt("system", PUBLISH_BY))


# --- complete_retention: retention cannot end early, not for the system, not for ops ------

PUBLISHED_AT = T0 + timedelta(days=3)
RETENTION_END = PUBLISHED_AT + timedelta(days=30)


@pytest.mark.parametrize("actor", ["system", "ops"])
def test_complete_retention_one_second_after_publication_fails(actor: str) -> None:
    facts = order("published", retention_ends_at=RETENTION_END, video_status=LIVE)
    failure = refused(
        "complete_retention", facts, attempt(actor, PUBLISHED_AT + SECOND, reason=REASON)
    )
    assert failure.code == "retention_not_ended"


@pytest.mark.parametrize("actor", ["system", "ops"])
def test_complete_retention_one_microsecond_early_fails(actor: str) -> None:
    facts = order("published", retention_ends_at=RETENTION_END, video_status=LIVE)
    failure = refused(
        "complete_retention", facts, attempt(actor, RETENTION_END - US, reason=REASON)
    )
    assert failure.code == "retention_not_ended"


@pytest.mark.parametrize("actor", ["system", "ops"])
def test_complete_retention_at_retention_end_exactly_passes(actor: str) -> None:
    facts = order("published", retention_ends_at=RETENTION_END, video_status=LIVE)
    passes("complete_retention", facts, attempt(actor, RETENTION_END, reason=REASON))


@pytest.mark.parametrize("status", [REMOVED, PRIVATE, None])
def test_complete_retention_needs_the_video_last_seen_live(status: object) -> None:
    facts = order("published", retention_ends_at=RETENTION_END, video_status=status)
    failure = refused("complete_retention", facts, attempt("system", RETENTION_END))
    assert failure.code == "video_not_live"


# --- report_removed: only inside the retention period, only when the video is gone --------


@pytest.mark.parametrize("status", [REMOVED, PRIVATE])
@pytest.mark.parametrize("actor", ["system", "ops"])
def test_report_removed_inside_retention_passes(status: sm.VideoStatus, actor: str) -> None:
    facts = order("published", retention_ends_at=RETENTION_END, video_status=status)
    passes("report_removed", facts, attempt(actor, RETENTION_END - US, reason=REASON))


def test_report_removed_when_the_video_is_live_fails() -> None:
    facts = order("published", retention_ends_at=RETENTION_END, video_status=LIVE)
    failure = refused("report_removed", facts, attempt("system", PUBLISHED_AT + SECOND))
    assert failure.code == "video_not_gone_within_retention"


@pytest.mark.parametrize("after", [timedelta(0), SECOND])
def test_report_removed_after_retention_end_fails(after: timedelta) -> None:
    facts = order("published", retention_ends_at=RETENTION_END, video_status=REMOVED)
    failure = refused("report_removed", facts, attempt("system", RETENTION_END + after))
    assert failure.code == "video_not_gone_within_retention"


def test_report_removed_needs_the_video_seen_removed_or_private() -> None:
    """§4: the guard is "video removed or made private"; a video never seen is neither."""
    facts = order("published", retention_ends_at=RETENTION_END, video_status=None)
    failure = refused("report_removed", facts, attempt("system", PUBLISHED_AT + SECOND))
    assert failure.code == "video_not_gone_within_retention"


# --- settle: the system waits for the settle time; ops may settle any time, with a reason --

SETTLE_AT = RETENTION_END + timedelta(days=3)


def test_system_settle_before_settle_time_fails_and_passes_at_it() -> None:
    facts = order("retained", settle_at=SETTLE_AT)
    failure = refused("settle", facts, attempt("system", SETTLE_AT - US))
    assert failure.code == "settle_time_not_reached"
    passes("settle", facts, attempt("system", SETTLE_AT))


def test_ops_settle_early_with_a_reason_passes() -> None:
    facts = order("retained", settle_at=SETTLE_AT)
    passes("settle", facts, attempt("ops", RETENTION_END, reason=REASON))


# --- ops always act with a reason; fake traffic needs evidence -----------------------------


@pytest.mark.parametrize("reason", [None, "", "   "])
@pytest.mark.parametrize(
    ("trigger", "facts"),
    [
        ("refund", order("accepted")),
        ("settle", order("retained", settle_at=SETTLE_AT)),
        ("expire", order("requested", accept_deadline=DEADLINE)),
        ("flag_fake_traffic", order("published")),
    ],
    ids=["refund", "settle", "expire", "flag_fake_traffic"],
)
def test_ops_without_a_reason_is_unprocessable(
    trigger: str, facts: sm.OrderFacts, reason: str | None
) -> None:
    att = attempt("ops", SETTLE_AT + SECOND, reason=reason, evidence="report #42")
    failure = refused(trigger, facts, att)
    assert failure.code == "reason_required"
    assert [f.code for f in failure.failures] == ["reason_required"]
    assert failure.unprocessable


@pytest.mark.parametrize("evidence", [None, "", " "])
def test_flag_fake_traffic_without_evidence_is_refused(evidence: str | None) -> None:
    att = attempt("ops", T0, reason=REASON, evidence=evidence)
    failure = refused("flag_fake_traffic", order("retained"), att)
    assert failure.code == "evidence_required"
    assert failure.unprocessable
    passes("flag_fake_traffic", order("retained"), replace(att, evidence="report #42"))


# --- timers ---------------------------------------------------------------------------------


def policy_schedule(timer: sm.Timer | None, now: datetime, current: sm.Schedule) -> sm.Schedule:
    delay = timedelta(days=3)
    return sm.schedule(
        timer, now, publish_days=7, retention_days=30, settle_delay=delay, current=current
    )


def test_schedule_sets_each_due_time_from_now() -> None:
    created = policy_schedule(sm.Timer.ACCEPT_DEADLINE, T0, sm.Schedule())
    assert created == sm.Schedule(accept_deadline=T0 + timedelta(hours=24))

    accepted_at = T0 + timedelta(hours=5)
    accepted = policy_schedule(sm.Timer.PUBLISH_DEADLINE, accepted_at, created)
    assert accepted.publish_deadline == accepted_at + timedelta(days=7)
    assert accepted.accept_deadline == created.accept_deadline

    published = policy_schedule(sm.Timer.RETENTION_ENDS_AT, PUBLISHED_AT, accepted)
    assert published.retention_ends_at == PUBLISHED_AT + timedelta(days=30)
    assert published.publish_deadline == accepted.publish_deadline

    retained = policy_schedule(sm.Timer.SETTLE_AT, RETENTION_END, published)
    assert retained.settle_at == RETENTION_END + timedelta(days=3)
    assert retained.retention_ends_at == published.retention_ends_at
    assert policy_schedule(None, T0, retained) == retained


@pytest.mark.parametrize(("publish_days", "retention_days"), [(1, 1), (60, 365), (3, 15)])
def test_schedule_uses_the_order_terms(publish_days: int, retention_days: int) -> None:
    terms = {"publish_days": publish_days, "retention_days": retention_days}
    delay = timedelta(hours=72)
    pub = sm.schedule(sm.Timer.PUBLISH_DEADLINE, T0, settle_delay=delay, **terms)
    assert pub.publish_deadline == T0 + timedelta(days=publish_days)
    ret = sm.schedule(sm.Timer.RETENTION_ENDS_AT, T0, settle_delay=delay, **terms)
    assert ret.retention_ends_at == T0 + timedelta(days=retention_days)
    assert sm.schedule(sm.Timer.SETTLE_AT, T0, settle_delay=delay, **terms).settle_at == T0 + delay


DUE = sm.Schedule(
    accept_deadline=DEADLINE,
    publish_deadline=PUBLISH_BY,
    retention_ends_at=RETENTION_END,
    settle_at=SETTLE_AT,
)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("requested", ("expire", DEADLINE)),
        ("accepted", ("miss_deadline", PUBLISH_BY)),
        ("published", ("complete_retention", RETENTION_END)),
        ("retained", ("settle", SETTLE_AT)),
        ("closed", None),
        ("refunded", None),
    ],
)
def test_next_timer(state: str, expected: tuple[str, datetime] | None) -> None:
    assert MACHINE.next_timer(sm.State(state), DUE) == expected


def test_next_timer_is_none_when_nothing_is_scheduled() -> None:
    assert MACHINE.next_timer(sm.State.REQUESTED, sm.Schedule()) is None
    only_accept = sm.Schedule(accept_deadline=DEADLINE)
    assert MACHINE.next_timer(sm.State.ACCEPTED, only_accept) is None
