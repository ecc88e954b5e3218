"""Each guard of §4 at its boundary, with an injected `now`; and the timers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

import statemachine as sm
from statemachine import guards

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
REVIEW_TIME = timedelta(hours=72)  # §9 policy review_hours


def order(state: str, **facts: object) -> sm.OrderFacts:
    """The order's facts: its stored values, on a qualifying channel, an eligible creator;
    an accepted order is ready to publish unless a stage is given."""
    stage = sm.Stage.READY_TO_PUBLISH if state == "accepted" else None
    known: dict[str, object] = {"channel": CHANNEL, "standing": ELIGIBLE, "stage": stage}
    known |= facts
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
    assert MACHINE.fire(trigger, facts, att).transition.trigger == trigger


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
        timer,
        now,
        publish_days=7,
        retention_days=30,
        settle_delay=delay,
        review_time=REVIEW_TIME,
        current=current,
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
    def at(timer: sm.Timer) -> sm.Schedule:
        return sm.schedule(
            timer,
            T0,
            publish_days=publish_days,
            retention_days=retention_days,
            settle_delay=timedelta(hours=72),
            review_time=timedelta(hours=48),
        )

    assert at(sm.Timer.PUBLISH_DEADLINE).publish_deadline == T0 + timedelta(days=publish_days)
    assert at(sm.Timer.RETENTION_ENDS_AT).retention_ends_at == T0 + timedelta(days=retention_days)
    assert at(sm.Timer.SETTLE_AT).settle_at == T0 + timedelta(hours=72)
    assert at(sm.Timer.REVIEW_DUE_AT).review_due_at == T0 + timedelta(hours=48)


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


# --- §9 drafts: what the creator sends ------------------------------------------------------

AWAITING_SCRIPT, SCRIPT_IN_REVIEW = sm.Stage.AWAITING_SCRIPT, sm.Stage.SCRIPT_IN_REVIEW
AWAITING_VIDEO, VIDEO_IN_REVIEW = sm.Stage.AWAITING_VIDEO, sm.Stage.VIDEO_IN_REVIEW
READY = sm.Stage.READY_TO_PUBLISH


@pytest.mark.parametrize("content", [None, "", "  \n "])
def test_submit_script_needs_content(content: str | None) -> None:
    facts = order("accepted", stage=AWAITING_SCRIPT, screened=())
    failure = refused("submit_script", facts, attempt("creator", T0, content=content))
    assert [f.code for f in failure.failures] == ["content_required"]
    assert failure.unprocessable


def test_submit_script_is_screened_like_messages() -> None:
    facts = order("accepted", stage=AWAITING_SCRIPT, screened=("wechat id",))
    failure = refused("submit_script", facts, attempt("creator", T0, content="add me: wx123"))
    assert failure.code == "off_platform_contact"
    assert "wechat id" in failure.detail
    clean = replace(facts, screened=())
    passes("submit_script", clean, attempt("creator", T0, content="https://docs.example/s"))


@pytest.mark.parametrize("draft_url", [None, "", " "])
def test_submit_video_needs_a_draft_link(draft_url: str | None) -> None:
    facts = order("accepted", stage=AWAITING_VIDEO)
    failure = refused("submit_video", facts, attempt("creator", T0, draft_url=draft_url))
    assert failure.code == "draft_url_required"
    assert failure.unprocessable


# --- §9 review: rounds ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trigger", "stage", "used"),
    [
        ("request_script_changes", SCRIPT_IN_REVIEW, "script_rounds_used"),
        ("request_video_changes", VIDEO_IN_REVIEW, "video_rounds_used"),
    ],
)
@pytest.mark.parametrize("rounds", [0, 1, 2, 5])
def test_changes_only_while_rounds_remain(
    trigger: str, stage: sm.Stage, used: str, rounds: int
) -> None:
    att = attempt("brand", T0, feedback="brighter, please")
    for spent in range(rounds):
        passes(
            trigger, order("accepted", stage=stage, revision_rounds=rounds, **{used: spent}), att
        )
    spent_all = order("accepted", stage=stage, revision_rounds=rounds, **{used: rounds})
    failure = refused(trigger, spent_all, att)
    assert failure.code == "no_revision_rounds_left"
    assert not failure.unprocessable


def test_rounds_are_counted_per_draft() -> None:
    """The script's rounds used up leave the video's untouched, and the other way round."""
    att = attempt("brand", T0, feedback="again")
    script_spent = {"revision_rounds": 1, "script_rounds_used": 1}
    passes("request_video_changes", order("accepted", stage=VIDEO_IN_REVIEW, **script_spent), att)
    video_spent = {"revision_rounds": 1, "video_rounds_used": 1}
    passes("request_script_changes", order("accepted", stage=SCRIPT_IN_REVIEW, **video_spent), att)


@pytest.mark.parametrize("feedback", [None, "", "   "])
@pytest.mark.parametrize(
    ("trigger", "stage"),
    [("request_script_changes", SCRIPT_IN_REVIEW), ("request_video_changes", VIDEO_IN_REVIEW)],
)
def test_changes_need_feedback(trigger: str, stage: sm.Stage, feedback: str | None) -> None:
    failure = refused(
        trigger, order("accepted", stage=stage), attempt("brand", T0, feedback=feedback)
    )
    assert failure.code == "feedback_required"
    assert failure.unprocessable


# --- §9 review: escalation to ops ---------------------------------------------------------


@pytest.mark.parametrize(
    ("trigger", "stage"), [("approve_script", SCRIPT_IN_REVIEW), ("approve_video", VIDEO_IN_REVIEW)]
)
def test_ops_approve_only_a_review_handed_to_them(trigger: str, stage: sm.Stage) -> None:
    att = attempt("ops", T0, reason="both sides heard")
    failure = refused(trigger, order("accepted", stage=stage), att)
    assert failure.code == "review_not_escalated"
    passes(trigger, order("accepted", stage=stage, review_escalated=True), att)
    # the brand approves whether or not ops have the review
    passes(trigger, order("accepted", stage=stage), attempt("brand", T0))
    passes(trigger, order("accepted", stage=stage, review_escalated=True), attempt("brand", T0))


def used_up(stage: sm.Stage, rounds: int = 2) -> dict[str, int]:
    """The brand's rounds for the draft in review, all used."""
    draft = "script" if stage is SCRIPT_IN_REVIEW else "video"
    return {"revision_rounds": rounds, f"{draft}_rounds_used": rounds}


@pytest.mark.parametrize("actor", ["brand", "creator"])
@pytest.mark.parametrize("stage", [SCRIPT_IN_REVIEW, VIDEO_IN_REVIEW])
def test_a_review_is_escalated_once(actor: str, stage: sm.Stage) -> None:
    att = attempt(actor, T0, reason="the brand keeps asking for the same change")
    passes("escalate_review", order("accepted", stage=stage, **used_up(stage)), att)
    facts = order("accepted", stage=stage, review_escalated=True, **used_up(stage))
    assert refused("escalate_review", facts, att).code == "review_escalated"


@pytest.mark.parametrize("actor", ["brand", "creator"])
@pytest.mark.parametrize("stage", [SCRIPT_IN_REVIEW, VIDEO_IN_REVIEW])
@pytest.mark.parametrize("rounds", [0, 1, 2, 5])
def test_escalation_once_the_rounds_are_used_up(actor: str, stage: sm.Stage, rounds: int) -> None:
    """§9: "rounds used up": either side may hand the review to ops, at once."""
    att = attempt(actor, T0, reason="we cannot agree")
    passes("escalate_review", order("accepted", stage=stage, **used_up(stage, rounds)), att)
    if rounds:
        left = {**used_up(stage, rounds), "revision_rounds": rounds + 1}
        failure = refused("escalate_review", order("accepted", stage=stage, **left), att)
        assert failure.code == "no_grounds_to_escalate"
    other = "video" if stage is SCRIPT_IN_REVIEW else "script"  # the other draft's rounds
    spent = {"revision_rounds": 1, f"{other}_rounds_used": 1}
    failure = refused("escalate_review", order("accepted", stage=stage, **spent), att)
    assert failure.code == "no_grounds_to_escalate"


@pytest.mark.parametrize("stage", [SCRIPT_IN_REVIEW, VIDEO_IN_REVIEW])
def test_the_creator_escalates_a_stuck_review(stage: sm.Stage) -> None:
    """§9: "the other side is stuck": in review the brand is the side that acts; the creator
    may escalate once the draft has waited `stuck_after` (a policy setting, 24 h)."""
    facts = order("accepted", stage=stage, review_started_at=T0)
    stuck = T0 + facts.stuck_after
    creator = attempt("creator", stuck, reason="no answer for a day")
    passes("escalate_review", facts, creator)
    early = attempt("creator", stuck - timedelta(microseconds=1), reason="no answer")
    assert refused("escalate_review", facts, early).code == "no_grounds_to_escalate"
    brand = attempt("brand", stuck + timedelta(days=1), reason="the creator is slow")
    assert refused("escalate_review", facts, brand).code == "no_grounds_to_escalate"
    shorter = replace(facts, stuck_after=timedelta(hours=1))
    passes("escalate_review", shorter, attempt("creator", T0 + timedelta(hours=1), reason="x"))


def test_auto_approve_waits_while_ops_have_the_review() -> None:
    due = T0 + REVIEW_TIME
    facts = order("accepted", stage=VIDEO_IN_REVIEW, review_due_at=due, review_escalated=True)
    failure = refused("auto_approve", facts, attempt("system", due + timedelta(days=30)))
    assert failure.code == "review_escalated"


# --- §9 review: the review time --------------------------------------------------------------


@pytest.mark.parametrize("stage", [SCRIPT_IN_REVIEW, VIDEO_IN_REVIEW])
def test_auto_approve_at_the_end_of_the_review_time(stage: sm.Stage) -> None:
    sent_at = T0 + timedelta(hours=5)
    due = policy_schedule(sm.Timer.REVIEW_DUE_AT, sent_at, sm.Schedule()).review_due_at
    assert due == sent_at + timedelta(hours=72)
    facts = order("accepted", stage=stage, review_due_at=due, review_started_at=sent_at)
    failure = refused("auto_approve", facts, attempt("system", due - US))
    assert failure.code == "review_time_not_reached"
    outcome = MACHINE.fire("auto_approve", facts, attempt("system", due))
    assert outcome.stage == (AWAITING_VIDEO if stage is SCRIPT_IN_REVIEW else READY)


AGREED = T0 + timedelta(days=7)  # the publish deadline as agreed at acceptance


@pytest.mark.parametrize("stage", [SCRIPT_IN_REVIEW, VIDEO_IN_REVIEW])
@pytest.mark.parametrize("late", [timedelta(0), US, timedelta(days=90)])
def test_the_publish_deadline_does_not_pass_while_a_draft_is_in_review(
    stage: sm.Stage, late: timedelta
) -> None:
    facts = order(
        "accepted", stage=stage, publish_deadline=AGREED, review_started_at=AGREED - SECOND
    )
    failure = refused("miss_deadline", facts, attempt("system", AGREED + late))
    assert failure.code == "publish_deadline_not_reached"


def test_the_review_time_is_added_to_the_publish_deadline() -> None:
    started = AGREED - timedelta(hours=30)
    facts = order(
        "accepted", stage=VIDEO_IN_REVIEW, publish_deadline=AGREED, review_started_at=started
    )
    assert guards.publish_deadline(facts, started) == AGREED
    assert guards.publish_deadline(facts, AGREED) == AGREED + timedelta(hours=30)
    assert guards.publish_deadline(facts, AGREED + SECOND) == AGREED + timedelta(hours=30) + SECOND
    # no review running: the deadline as stored
    assert guards.publish_deadline(replace(facts, review_started_at=None), AGREED) == AGREED


def test_a_review_that_ends_exactly_at_the_publish_deadline() -> None:
    """Sent 10 h before the deadline, approved at the deadline: 10 h more to publish."""
    sent_at = AGREED - timedelta(hours=10)
    in_review = order(
        "accepted", stage=VIDEO_IN_REVIEW, publish_deadline=AGREED, review_started_at=sent_at
    )
    approved = MACHINE.fire("approve_video", in_review, attempt("brand", AGREED))
    assert approved.stage is READY
    extended = guards.publish_deadline(in_review, AGREED)
    assert extended == AGREED + timedelta(hours=10)
    ready = order("accepted", stage=READY, publish_deadline=extended, video=ON_CHANNEL)
    passes("publish", ready, attempt("creator", extended - US))
    assert refused("publish", ready, attempt("creator", extended)).code == "publish_deadline_passed"
    early = refused("miss_deadline", ready, attempt("system", extended - US))
    assert early.code == "publish_deadline_not_reached"
    passes("miss_deadline", ready, attempt("system", extended))


def test_a_review_that_never_started_adds_nothing() -> None:
    ready = order("accepted", stage=READY, publish_deadline=AGREED, video=ON_CHANNEL)
    assert refused("publish", ready, attempt("creator", AGREED)).code == "publish_deadline_passed"
    passes("miss_deadline", ready, attempt("system", AGREED))


# --- §10 cancellation by consent --------------------------------------------------------------


@pytest.mark.parametrize(("by", "answers"), [("creator", "brand"), ("brand", "creator")])
def test_a_proposal_is_accepted_by_the_other_side(by: str, answers: str) -> None:
    offer = sm.Offer(sm.Actor(by), 0)
    facts = order("accepted", stage=AWAITING_VIDEO, offer=offer)
    outcome = MACHINE.fire("accept_cancellation", facts, attempt(answers, T0))
    assert (outcome.state, outcome.stage) == ("refunded", None)
    own = refused("accept_cancellation", facts, attempt(by, T0))
    assert own.code == "no_cancellation_offer"


@pytest.mark.parametrize("actor", ["brand", "creator"])
def test_no_proposal_nothing_to_accept(actor: str) -> None:
    failure = refused("accept_cancellation", order("accepted", offer=None), attempt(actor, T0))
    assert failure.code == "no_cancellation_offer"


# --- §10 disputes -------------------------------------------------------------------------------

DISPUTE = {"reason": "the video shows a rival's product", "evidence": "screenshot #7"}


@pytest.mark.parametrize("state", ["published", "retained"])
def test_a_dispute_opens_once(state: str) -> None:
    passes("open_dispute", order(state), attempt("brand", T0, **DISPUTE))
    again = refused(
        "open_dispute", order(state, dispute_open=True), attempt("brand", T0, **DISPUTE)
    )
    assert again.code == "dispute_open"


@pytest.mark.parametrize("missing", ["reason", "evidence"])
def test_a_dispute_needs_a_reason_and_evidence(missing: str) -> None:
    sent = {**DISPUTE, missing: None}
    failure = refused("open_dispute", order("published"), attempt("brand", T0, **sent))
    assert failure.code == f"{missing}_required"
    assert failure.unprocessable


@pytest.mark.parametrize("trigger", ["withdraw_dispute", "resolve_dispute"])
def test_withdraw_and_resolve_need_an_open_dispute(trigger: str) -> None:
    actor = "brand" if trigger == "withdraw_dispute" else "ops"
    att = attempt(actor, T0, reason="resolved", refund_bps=5_000)
    failure = refused(trigger, order("retained", dispute_open=False), att)
    assert failure.code == "no_open_dispute"
    passes(trigger, order("retained", dispute_open=True), att)


def test_resolve_dispute_needs_refund_bps() -> None:
    att = attempt("ops", T0, reason="both sides heard", refund_bps=None)
    failure = refused("resolve_dispute", order("retained", dispute_open=True), att)
    assert failure.code == "refund_bps_required"
    assert failure.unprocessable


@pytest.mark.parametrize("refund_bps", [-1, 10_001])
def test_resolve_dispute_refuses_refund_bps_out_of_range(refund_bps: int) -> None:
    att = attempt("ops", T0, reason="both sides heard", refund_bps=refund_bps)
    failure = refused("resolve_dispute", order("retained", dispute_open=True), att)
    assert (failure.code, failure.unprocessable) == ("refund_bps_out_of_range", True)
    for edge in (0, 10_000):
        at_edge = attempt("ops", T0, reason="both sides heard", refund_bps=edge)
        passes("resolve_dispute", order("retained", dispute_open=True), at_edge)


@pytest.mark.parametrize("actor", ["system", "ops"])
def test_settlement_waits_for_an_open_dispute(actor: str) -> None:
    facts = order("retained", settle_at=SETTLE_AT, dispute_open=True)
    failure = refused(
        "settle", facts, attempt(actor, SETTLE_AT + timedelta(days=30), reason=REASON)
    )
    assert failure.code == "dispute_open"
    passes("settle", replace(facts, dispute_open=False), attempt(actor, SETTLE_AT, reason=REASON))


# --- timers that wait ----------------------------------------------------------------------------


@pytest.mark.parametrize("stage", [None, *sm.Stage])
@pytest.mark.parametrize("escalated", [False, True])
@pytest.mark.parametrize("dispute_open", [False, True])
def test_suspended_timers(stage: sm.Stage | None, escalated: bool, dispute_open: bool) -> None:
    waiting = sm.suspended(stage, escalated, dispute_open)
    in_review = stage in (SCRIPT_IN_REVIEW, VIDEO_IN_REVIEW)
    assert (sm.Timer.PUBLISH_DEADLINE in waiting) is in_review
    assert (sm.Timer.REVIEW_DUE_AT in waiting) is escalated
    assert (sm.Timer.SETTLE_AT in waiting) is dispute_open
    assert sm.Timer.ACCEPT_DEADLINE not in waiting
    assert sm.Timer.RETENTION_ENDS_AT not in waiting


REVIEW_DUE = T0 + timedelta(days=2)
DUE_WITH_REVIEW = replace(DUE, review_due_at=REVIEW_DUE)


@pytest.mark.parametrize(
    ("stage", "escalated", "expected"),
    [
        (AWAITING_SCRIPT, False, ("miss_deadline", PUBLISH_BY)),
        (SCRIPT_IN_REVIEW, False, ("auto_approve", REVIEW_DUE)),
        (SCRIPT_IN_REVIEW, True, None),
        (AWAITING_VIDEO, False, ("miss_deadline", PUBLISH_BY)),
        (VIDEO_IN_REVIEW, False, ("auto_approve", REVIEW_DUE)),
        (VIDEO_IN_REVIEW, True, None),
        (READY, False, ("miss_deadline", PUBLISH_BY)),
    ],
)
def test_next_timer_of_an_accepted_order(
    stage: sm.Stage, escalated: bool, expected: tuple[str, datetime] | None
) -> None:
    waiting = sm.suspended(stage, escalated, False)
    assert MACHINE.next_timer(sm.State.ACCEPTED, DUE_WITH_REVIEW, stage, waiting) == expected


@pytest.mark.parametrize("state", ["published", "retained"])
def test_next_timer_during_a_dispute(state: str) -> None:
    waiting = sm.suspended(None, False, True)
    got = MACHINE.next_timer(sm.State(state), DUE, None, waiting)
    assert got == (("complete_retention", RETENTION_END) if state == "published" else None)
