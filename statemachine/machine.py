"""The one shared `transitions` Machine, built from the table, and the pure firing rules."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from transitions import EventData, Machine

from statemachine import guards as g
from statemachine.errors import (
    ActorNotAllowed,
    GuardFailed,
    GuardFailure,
    InvalidTransition,
    UnknownTrigger,
)
from statemachine.guards import Attempt, OrderFacts
from statemachine.states import Actor, State
from statemachine.table import BY_TRIGGER, CREATE, TRANSITIONS, Timer, Transition
from statemachine.terms import ACCEPT_WINDOW


def may_act(actor: Actor, transition: Transition) -> bool:
    """Ops may stand in for the system; the time guards still hold for them."""
    if actor in transition.actors:
        return True
    return actor is Actor.OPS and Actor.SYSTEM in transition.actors


def guards_for(transition: Transition, actor: Actor) -> tuple[g.Guard, ...]:
    """The table's guards, plus a reason whenever ops act (ops always act with a reason)."""
    if actor is Actor.OPS and g.REASON_GIVEN not in transition.guards:
        return (g.REASON_GIVEN, *transition.guards)
    return transition.guards


def guard_failures(
    transition: Transition, order: OrderFacts, attempt: Attempt, *, with_inputs: bool = True
) -> list[GuardFailure]:
    failures = []
    for guard in guards_for(transition, attempt.actor):
        if guard.input_field and not with_inputs:
            continue
        failure = guard.failure(order, attempt)
        if failure is not None:
            failures.append(failure)
    return failures


def _guards_hold(event: EventData) -> bool:
    transition: Transition = event.kwargs["transition"]
    return not guard_failures(transition, event.kwargs["order"], event.kwargs["attempt"])


MACHINE = Machine(
    model=None,
    states=[state.value for state in State],
    transitions=[
        {
            "trigger": t.trigger,
            "source": [s.value for s in t.sources],
            "dest": t.dest.value,
            "conditions": [_guards_hold],
        }
        for t in TRANSITIONS
    ],
    initial=None,
    auto_transitions=False,
    send_event=True,
)


@dataclass
class _Subject:
    state: str


def transition_for(trigger: str) -> Transition:
    try:
        return BY_TRIGGER[trigger]
    except KeyError:
        raise UnknownTrigger(trigger) from None


def allowed_triggers(state: State, actor: Actor) -> list[str]:
    return [t.trigger for t in TRANSITIONS if state in t.sources and may_act(actor, t)]


def check(trigger: str, order: OrderFacts, attempt: Attempt) -> Transition:
    """Every rule for firing `trigger` now; raises the first kind of problem found."""
    transition = transition_for(trigger)
    if not may_act(attempt.actor, transition):
        raise ActorNotAllowed(trigger, attempt.actor)
    if order.state not in transition.sources:
        raise InvalidTransition(trigger, order.state, allowed_triggers(order.state, attempt.actor))
    failures = guard_failures(transition, order, attempt)
    if failures:
        raise GuardFailed(trigger, failures, attempt.ineligibility)
    return transition


def fire(trigger: str, order: OrderFacts, attempt: Attempt) -> Transition:
    """Fire `trigger` on the shared machine; returns the transition taken."""
    transition = check(trigger, order, attempt)
    subject = _Subject(order.state.value)
    taken = MACHINE.events[trigger].trigger(
        subject, transition=transition, order=order, attempt=attempt
    )
    if not taken or subject.state != transition.dest.value:  # pragma: no cover - table bug
        raise InvalidTransition(trigger, order.state, allowed_triggers(order.state, attempt.actor))
    return transition


@dataclass(frozen=True)
class Schedule:
    accept_deadline: datetime | None = None
    publish_deadline: datetime | None = None
    retention_ends_at: datetime | None = None
    settle_at: datetime | None = None


def schedule(
    timer: Timer | None,
    now: datetime,
    *,
    publish_days: int,
    retention_days: int,
    settle_delay: timedelta,
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
    return current


def check_create(order: OrderFacts, attempt: Attempt) -> Transition:
    """The rules of the `create` row, which has no source state."""
    if not may_act(attempt.actor, CREATE):
        raise ActorNotAllowed(CREATE.trigger, attempt.actor)
    failures = guard_failures(CREATE, order, attempt)
    if failures:
        raise GuardFailed(CREATE.trigger, failures, attempt.ineligibility)
    return CREATE


@dataclass(frozen=True)
class Availability:
    """Whether a caller may fire a trigger now, and if not, why."""

    trigger: str
    allowed: bool
    requires: tuple[str, ...]
    reasons: tuple[GuardFailure, ...]


def availability(order: OrderFacts, attempt: Attempt) -> list[Availability]:
    """Each trigger the caller's role may ever fire, open or closed with the reasons.

    Guards a caller satisfies by sending a field are listed in `requires`, not as reasons.
    """
    result = []
    for transition in TRANSITIONS:
        if not may_act(attempt.actor, transition):
            continue
        requires = tuple(
            guard.input_field
            for guard in guards_for(transition, attempt.actor)
            if guard.input_field
        )
        if order.state not in transition.sources:
            reasons: tuple[GuardFailure, ...] = (
                GuardFailure(
                    "source_state",
                    "invalid_transition",
                    f"fires only from {', '.join(transition.sources)}, not {order.state}",
                ),
            )
        else:
            reasons = tuple(guard_failures(transition, order, attempt, with_inputs=False))
        result.append(Availability(transition.trigger, not reasons, requires, reasons))
    return result


def next_timer(state: State, due: Schedule) -> tuple[str, datetime] | None:
    """The system trigger that will fire next from `state`, and when."""
    for transition in TRANSITIONS:
        if transition.fires_on and state in transition.sources:
            moment: datetime | None = getattr(due, transition.fires_on.value)
            if moment is not None:
                return transition.trigger, moment
    return None
