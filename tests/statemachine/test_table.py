"""Every (state, trigger, actor) against the §4 oracle in `spec.py`, every guard holding."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

import statemachine as sm
from tests.statemachine.spec import ACTORS, SPEC, STATES, TRIGGERS, allowed_from, may_fire

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
HOUR = timedelta(hours=1)
PLATFORM, HANDLE = sm.Platform.DOUYIN, "creator_one"
Fire = Callable[[str, sm.OrderFacts, sm.Attempt], sm.Transition]


def facts_passing(state: str, trigger: str) -> sm.OrderFacts:
    """Order facts under which every guard of `trigger` holds at NOW."""
    deadlines: dict[str, object] = {
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
    }
    return sm.OrderFacts(sm.State(state), PLATFORM, HANDLE, **deadlines)  # type: ignore[arg-type]


def attempt_passing(actor: str) -> sm.Attempt:
    return sm.Attempt(
        actor=sm.Actor(actor),
        now=NOW,
        reason="ops checked the order",
        evidence="traffic report #42",
        video=sm.VideoFacts(PLATFORM, HANDLE, sm.VideoStatus.LIVE),
        ineligibility=(),
    )


CASES = [
    pytest.param(state, trigger, actor, id=f"{state}-{trigger}-{actor}")
    for state in STATES
    for trigger in TRIGGERS
    for actor in ACTORS
]


def test_the_oracle_covers_every_combination() -> None:
    assert len(CASES) == 6 * 11 * 5
    assert {s.value for s in sm.State} == set(STATES)
    assert {a.value for a in sm.Actor} == set(ACTORS)


@pytest.mark.parametrize(("state", "trigger", "actor"), CASES)
@pytest.mark.parametrize("call", [sm.check, sm.fire], ids=["check", "fire"])
def test_combination(call: Fire, state: str, trigger: str, actor: str) -> None:
    facts, attempt = facts_passing(state, trigger), attempt_passing(actor)
    sources, dest, _ = SPEC[trigger]

    if not may_fire(actor, trigger):
        with pytest.raises(sm.ActorNotAllowed) as refused:
            call(trigger, facts, attempt)
        assert refused.value.code == "forbidden"
        assert (refused.value.trigger, refused.value.actor) == (trigger, actor)
    elif state not in sources:
        with pytest.raises(sm.InvalidTransition) as invalid:
            call(trigger, facts, attempt)
        assert invalid.value.code == "invalid_transition"
        assert (invalid.value.trigger, invalid.value.state) == (trigger, state)
        assert sorted(invalid.value.allowed_triggers) == sorted(allowed_from(state, actor))
        assert len(invalid.value.allowed_triggers) == len(set(invalid.value.allowed_triggers))
    else:
        transition = call(trigger, facts, attempt)
        assert transition.trigger == trigger
        assert transition.dest == dest


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("actor", ACTORS)
def test_allowed_triggers_match_the_spec(state: str, actor: str) -> None:
    allowed = sm.allowed_triggers(sm.State(state), sm.Actor(actor))
    assert sorted(allowed) == sorted(allowed_from(state, actor))


@pytest.mark.parametrize("state", ["closed", "refunded"])
@pytest.mark.parametrize("actor", ACTORS)
def test_final_states_allow_nothing(state: str, actor: str) -> None:
    assert sm.allowed_triggers(sm.State(state), sm.Actor(actor)) == []


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_table_row_matches_the_spec(trigger: str) -> None:
    sources, dest, _ = SPEC[trigger]
    row = sm.BY_TRIGGER[trigger]
    assert sorted(row.sources) == sorted(sources)
    assert row.dest == dest
    for actor in ACTORS:
        assert sm.may_act(sm.Actor(actor), row) is may_fire(actor, trigger), actor


def test_table_has_exactly_the_spec_triggers() -> None:
    assert sorted(sm.TRIGGERS) == sorted(TRIGGERS)


def test_unknown_trigger_is_refused() -> None:
    with pytest.raises(sm.UnknownTrigger) as unknown:
        sm.check("teleport", facts_passing("requested", "accept"), attempt_passing("ops"))
    assert unknown.value.code == "unknown_trigger"


def test_create_is_for_brands_only() -> None:
    facts = sm.OrderFacts(sm.State.REQUESTED, PLATFORM, HANDLE)
    assert sm.check_create(facts, attempt_passing("brand")).dest == "requested"
    for actor in ("creator", "mcn", "ops", "system"):
        with pytest.raises(sm.ActorNotAllowed):
            sm.check_create(facts, attempt_passing(actor))
