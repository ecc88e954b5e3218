"""Every (state, trigger, actor) against the §4 oracle in `spec.py`, every guard holding."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

import statemachine as sm
from tests.statemachine.spec import ACTORS, SPEC, STATES, TRIGGERS, allowed_from, may_fire

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
HOUR = timedelta(hours=1)
PLATFORM, HANDLE = sm.Platform.DOUYIN, "creator_one"
MACHINE = sm.ORDER_MACHINE


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
        "channel": sm.ChannelFacts(PLATFORM, 200_000, True, HANDLE),
        "standing": sm.CreatorFacts(12, order_rights_suspended=False, under_mcn_contract=False),
        "video": sm.VideoFacts(PLATFORM, HANDLE, sm.VideoStatus.LIVE),
    }
    return sm.OrderFacts(sm.State(state), **deadlines)  # type: ignore[arg-type]


def attempt_passing(actor: str) -> sm.Attempt:
    return sm.Attempt(
        actor=sm.Actor(actor),
        now=NOW,
        reason="ops checked the order",
        evidence="traffic report #42",
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
def test_combination(state: str, trigger: str, actor: str) -> None:
    call = MACHINE.fire
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
    allowed = MACHINE.allowed_triggers(sm.State(state), sm.Actor(actor))
    assert sorted(allowed) == sorted(allowed_from(state, actor))


@pytest.mark.parametrize("state", ["closed", "refunded"])
@pytest.mark.parametrize("actor", ACTORS)
def test_final_states_allow_nothing(state: str, actor: str) -> None:
    assert MACHINE.allowed_triggers(sm.State(state), sm.Actor(actor)) == []


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_table_row_matches_the_spec(trigger: str) -> None:
    sources, dest, _ = SPEC[trigger]
    row = MACHINE.by_trigger[trigger]
    assert sorted(row.sources) == sorted(sources)
    assert row.dest == dest
    for actor in ACTORS:
        assert sm.may_act(sm.Actor(actor), row) is may_fire(actor, trigger), actor


def test_table_has_exactly_the_spec_triggers() -> None:
    assert sorted(MACHINE.triggers) == sorted(TRIGGERS)


def test_unknown_trigger_is_refused() -> None:
    with pytest.raises(sm.UnknownTrigger) as unknown:
        MACHINE.fire("teleport", facts_passing("requested", "accept"), attempt_passing("ops"))
    assert unknown.value.code == "unknown_trigger"


def test_create_is_for_brands_only() -> None:
    facts = replace(facts_passing("requested", "create"), state=None)
    assert MACHINE.fire("create", facts, attempt_passing("brand")).dest == "requested"
    for actor in ("creator", "mcn", "ops", "system"):
        with pytest.raises(sm.ActorNotAllowed):
            MACHINE.fire("create", facts, attempt_passing(actor))
    for state in STATES:  # an order is created once
        with pytest.raises(sm.InvalidTransition):
            MACHINE.fire("create", facts_passing(state, "create"), attempt_passing("brand"))
