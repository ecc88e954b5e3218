"""Every (state[, stage], trigger, actor) against the oracle in `spec.py`, every guard holding."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

import statemachine as sm
from tests.statemachine.spec import (
    ACTORS,
    FULL_REFUND_BPS,
    IN_REVIEW,
    PLACES,
    REVIEW_PATHS,
    REVIEWS,
    SPEC,
    STAGE_MOVES,
    STAGES,
    STATES,
    TRIGGERS,
    Order,
    Sent,
    allowed_from,
    fires_at,
    guards_hold,
    leads_to,
    may_fire,
)

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
HOUR = timedelta(hours=1)
PLATFORM, HANDLE = sm.Platform.DOUYIN, "creator_one"
MACHINE = sm.ORDER_MACHINE
REFUND_BPS = 5_000  # a partial refund: resolve_dispute ends `closed`


def facts_passing(
    state: str, trigger: str, actor: str = "brand", stage: str | None = None
) -> sm.OrderFacts:
    """Order facts under which every guard of `trigger` holds at NOW for `actor`."""
    other_side = sm.Actor.CREATOR if actor == "brand" else sm.Actor.BRAND
    facts: dict[str, object] = {
        "stage": sm.Stage(stage) if stage else None,
        # accept needs a future accept deadline, expire a past one
        "accept_deadline": NOW + HOUR if trigger == "accept" else NOW - HOUR,
        # publish needs a future publish deadline, miss_deadline a past one
        "publish_deadline": NOW + HOUR if trigger == "publish" else NOW - HOUR,
        # report_removed needs the retention period running, complete_retention ended
        "retention_ends_at": NOW + HOUR if trigger == "report_removed" else NOW - HOUR,
        "settle_at": NOW - HOUR,
        "video_status": (
            sm.VideoStatus.REMOVED if trigger == "report_removed" else sm.VideoStatus.LIVE
        ),
        "channel": sm.ChannelFacts(PLATFORM, 200_000, True, HANDLE),
        "standing": sm.CreatorFacts(12, order_rights_suspended=False, under_mcn_contract=False),
        "video": sm.VideoFacts(PLATFORM, HANDLE, sm.VideoStatus.LIVE),
        "price_fen": 100_000,
        "review_due_at": NOW - HOUR,  # auto_approve: the review time is over
        # escalation: the rounds of the draft in review are used up (none were agreed)
        "revision_rounds": 0 if trigger == "escalate_review" else 2,
        # ops decide a review handed to them; a review is handed over once
        "review_escalated": trigger in ("approve_script", "approve_video"),
        # a dispute is open for withdraw and resolve, not for opening one or settling
        "dispute_open": trigger in ("withdraw_dispute", "resolve_dispute"),
        "screened": (),
        "offer": sm.Offer(other_side, 1_000),
    }
    return sm.OrderFacts(sm.State(state), **facts)  # type: ignore[arg-type]


def oracle_view(state: str, trigger: str, actor: str, stage: str | None) -> Order:
    """`facts_passing` as the oracle sees it."""
    facts = facts_passing(state, trigger, actor, stage)
    assert facts.offer is not None and facts.video_status is not None
    return Order(
        stage=stage,
        accept_deadline=facts.accept_deadline,
        publish_deadline=facts.publish_deadline,
        retention_ends_at=facts.retention_ends_at,
        settle_at=facts.settle_at,
        video_status=facts.video_status.value,
        review_due_at=facts.review_due_at,
        escalated=facts.review_escalated,
        revision_rounds=facts.revision_rounds,
        dispute_open=facts.dispute_open,
        offer_by=facts.offer.proposer.value,
    )


def attempt_passing(actor: str, refund_bps: int = REFUND_BPS) -> sm.Attempt:
    return sm.Attempt(
        actor=sm.Actor(actor),
        now=NOW,
        reason="ops checked the order",
        evidence="traffic report #42",
        content="a script: open on the product, then…",
        draft_url="https://drafts.example/v/1",
        feedback="shorter, please",
        refund_bps=refund_bps,
    )


CASES = [
    pytest.param(state, stage, trigger, actor, id=f"{state}-{stage}-{trigger}-{actor}")
    for state, stage in PLACES
    for trigger in TRIGGERS
    for actor in ACTORS
]


def test_the_oracle_covers_every_combination() -> None:
    assert len(PLACES) == 5 + 5  # five states, and `accepted` at each of its five stages
    assert len(CASES) == 10 * 23 * 5
    assert {s.value for s in sm.State} == set(STATES)
    assert {a.value for a in sm.Actor} == set(ACTORS)
    assert [s.value for s in sm.Stage] == list(STAGES)


@pytest.mark.parametrize(("state", "stage", "trigger", "actor"), CASES)
def test_combination(state: str, stage: str | None, trigger: str, actor: str) -> None:
    facts, attempt = facts_passing(state, trigger, actor, stage), attempt_passing(actor)
    sources = SPEC[trigger][0]

    if not may_fire(actor, trigger):
        with pytest.raises(sm.ActorNotAllowed) as refused:
            MACHINE.fire(trigger, facts, attempt)
        assert refused.value.code == "forbidden"
        assert (refused.value.trigger, refused.value.actor) == (trigger, actor)
    elif state not in sources:
        with pytest.raises(sm.InvalidTransition) as invalid:
            MACHINE.fire(trigger, facts, attempt)
        assert type(invalid.value) is sm.InvalidTransition
        assert invalid.value.code == "invalid_transition"
        assert (invalid.value.trigger, invalid.value.state) == (trigger, state)
        assert sorted(invalid.value.allowed_triggers) == sorted(allowed_from(state, actor, stage))
        assert len(invalid.value.allowed_triggers) == len(set(invalid.value.allowed_triggers))
    elif not fires_at(trigger, state, stage):
        with pytest.raises(sm.StageMismatch) as mismatch:
            MACHINE.fire(trigger, facts, attempt)
        assert isinstance(mismatch.value, sm.InvalidTransition)
        assert mismatch.value.code == "stage_mismatch"
        assert (mismatch.value.trigger, mismatch.value.state) == (trigger, state)
        assert mismatch.value.stage == stage
        assert sorted(mismatch.value.allowed_triggers) == sorted(allowed_from(state, actor, stage))
        fields = mismatch.value.fields()
        assert (fields["state"], fields["stage"]) == (state, stage)
    elif not guards_hold(trigger, actor, NOW, oracle_view(state, trigger, actor, stage), Sent()):
        # only miss_deadline while a draft is in review: the publish deadline does not pass
        assert (trigger, stage in IN_REVIEW) == ("miss_deadline", True)
        with pytest.raises(sm.GuardFailed) as failed:
            MACHINE.fire(trigger, facts, attempt)
        assert failed.value.code == "publish_deadline_not_reached"
    else:
        outcome = MACHINE.fire(trigger, facts, attempt)
        assert outcome.transition.trigger == trigger
        expected = leads_to(trigger, state, stage, "script_and_video", REFUND_BPS)
        assert (outcome.state, outcome.stage) == expected


@pytest.mark.parametrize(("state", "stage"), PLACES)
@pytest.mark.parametrize("actor", ACTORS)
def test_allowed_triggers_match_the_spec(state: str, stage: str | None, actor: str) -> None:
    allowed = MACHINE.allowed_triggers(
        sm.State(state), sm.Actor(actor), sm.Stage(stage) if stage else None
    )
    assert sorted(allowed) == sorted(allowed_from(state, actor, stage))


@pytest.mark.parametrize("state", ["closed", "refunded"])
@pytest.mark.parametrize("actor", ACTORS)
def test_final_states_allow_nothing(state: str, actor: str) -> None:
    assert MACHINE.allowed_triggers(sm.State(state), sm.Actor(actor)) == []


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_table_row_matches_the_spec(trigger: str) -> None:
    sources, dest, _ = SPEC[trigger]
    row = MACHINE.by_trigger[trigger]
    assert sorted(row.sources) == sorted(sources)
    assert row.dest == dest  # None: the row stays where it is
    moves = [(start.value, end.value if end else None) for start, end in row.stages]
    assert sorted(moves, key=str) == sorted(STAGE_MOVES.get(trigger, []), key=str)
    for actor in ACTORS:
        assert sm.may_act(sm.Actor(actor), row) is may_fire(actor, trigger), actor


def test_table_has_exactly_the_spec_triggers() -> None:
    assert sorted(MACHINE.triggers) == sorted(TRIGGERS)


# --- accept leads into each review path ----------------------------------------------------


@pytest.mark.parametrize("review", REVIEWS)
def test_accept_leads_to_the_first_stage_of_the_review(review: str) -> None:
    facts = replace(facts_passing("requested", "accept"), review=sm.Review(review))
    outcome = MACHINE.fire("accept", facts, attempt_passing("creator"))
    assert (outcome.state, outcome.stage) == ("accepted", REVIEW_PATHS[review][0])


def test_accept_without_review_is_ready_to_publish_at_once() -> None:
    facts = replace(facts_passing("requested", "accept"), review=sm.Review.NONE)
    outcome = MACHINE.fire("accept", facts, attempt_passing("creator"))
    assert outcome.stage == "ready_to_publish"
    published = MACHINE.fire(
        "publish",
        replace(facts_passing("accepted", "publish"), stage=outcome.stage),
        attempt_passing("creator"),
    )
    assert (published.state, published.stage) == ("published", None)


@pytest.mark.parametrize("review", REVIEWS)
def test_each_review_path_can_be_walked_by_its_triggers(review: str) -> None:
    """Following the stage moves of the oracle from the first stage reaches publication
    through exactly the stages of the path."""
    path = REVIEW_PATHS[review]
    forward = {"awaiting_script": "submit_script", "script_in_review": "approve_script"}
    forward |= {"awaiting_video": "submit_video", "video_in_review": "approve_video"}
    forward |= {"ready_to_publish": "publish"}
    stage: str | None = path[0]
    seen = []
    while stage is not None:
        seen.append(stage)
        trigger = forward[stage]
        actor = "creator" if trigger.startswith(("submit", "publish")) else "brand"
        facts = replace(facts_passing("accepted", trigger, actor, stage), review=sm.Review(review))
        outcome = MACHINE.fire(trigger, facts, attempt_passing(actor))
        stage = outcome.stage
    assert tuple(seen) == path


# --- resolve_dispute: closed, or refunded at 10,000 ----------------------------------------


@pytest.mark.parametrize("state", ["published", "retained"])
@pytest.mark.parametrize(
    ("refund_bps", "dest"),
    [(0, "closed"), (1, "closed"), (5_000, "closed"), (9_999, "closed"), (10_000, "refunded")],
)
def test_resolve_dispute_branches_at_a_full_refund(state: str, refund_bps: int, dest: str) -> None:
    facts = facts_passing(state, "resolve_dispute", "ops")
    outcome = MACHINE.fire("resolve_dispute", facts, attempt_passing("ops", refund_bps))
    assert (outcome.state, outcome.stage) == (dest, None)
    assert leads_to("resolve_dispute", state, None, "none", refund_bps)[0] == dest
    assert (refund_bps == FULL_REFUND_BPS) is (dest == "refunded")


def test_a_full_refund_without_a_reason_is_still_refused() -> None:
    """The branch picks the destination; the guards still hold for it."""
    facts = facts_passing("retained", "resolve_dispute", "ops")
    attempt = replace(attempt_passing("ops", FULL_REFUND_BPS), reason=None)
    with pytest.raises(sm.GuardFailed) as failed:
        MACHINE.fire("resolve_dispute", facts, attempt)
    assert failed.value.code == "reason_required"


# --- rows that stay where they are ----------------------------------------------------------


@pytest.mark.parametrize("state", ["published", "retained"])
@pytest.mark.parametrize("trigger", ["open_dispute", "withdraw_dispute"])
def test_dispute_rows_stay_in_their_state(state: str, trigger: str) -> None:
    outcome = MACHINE.fire(trigger, facts_passing(state, trigger), attempt_passing("brand"))
    assert (outcome.state, outcome.stage) == (state, None)


@pytest.mark.parametrize("stage", ["script_in_review", "video_in_review"])
@pytest.mark.parametrize("actor", ["brand", "creator"])
def test_escalate_review_stays_at_its_stage(stage: str, actor: str) -> None:
    facts = facts_passing("accepted", "escalate_review", actor, stage)
    outcome = MACHINE.fire("escalate_review", facts, attempt_passing(actor))
    assert (outcome.state, outcome.stage) == ("accepted", stage)


# --- stage mismatch, in detail -------------------------------------------------------------


def test_stage_mismatch_names_the_stage_and_what_may_fire_there() -> None:
    facts = facts_passing("accepted", "publish", "creator", "awaiting_video")
    with pytest.raises(sm.StageMismatch) as mismatch:
        MACHINE.fire("publish", facts, attempt_passing("creator"))
    assert mismatch.value.stage == "awaiting_video"
    assert "awaiting_video" in mismatch.value.detail
    assert sorted(mismatch.value.allowed_triggers) == ["accept_cancellation", "submit_video"]


def test_availability_explains_a_stage_mismatch() -> None:
    facts = facts_passing("accepted", "approve_script", "brand", "awaiting_script")
    rows = {a.trigger: a for a in MACHINE.availability(facts, attempt_passing("brand"))}
    (reason,) = rows["approve_script"].reasons
    assert not rows["approve_script"].allowed
    assert reason.code == "stage_mismatch"
    assert rows["cancel"].allowed  # the brand may cancel at any stage
    (reason,) = rows["open_dispute"].reasons
    assert reason.code == "invalid_transition"


# --- the rest -------------------------------------------------------------------------------


def test_unknown_trigger_is_refused() -> None:
    with pytest.raises(sm.UnknownTrigger) as unknown:
        MACHINE.fire("teleport", facts_passing("requested", "accept"), attempt_passing("ops"))
    assert unknown.value.code == "unknown_trigger"


def test_create_is_for_brands_only() -> None:
    facts = replace(facts_passing("requested", "create"), state=None)
    outcome = MACHINE.fire("create", facts, attempt_passing("brand"))
    assert (outcome.state, outcome.stage) == ("requested", None)
    for actor in ("creator", "mcn", "ops", "system"):
        with pytest.raises(sm.ActorNotAllowed):
            MACHINE.fire("create", facts, attempt_passing(actor))
    for state in STATES:  # an order is created once
        with pytest.raises(sm.InvalidTransition):
            MACHINE.fire("create", facts_passing(state, "create"), attempt_passing("brand"))
