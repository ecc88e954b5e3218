"""The order machine: the transition table and the one `transitions` Machine built from it.

The Machine decides. It is hierarchical: the stages of an accepted order (drafts and review,
product.md §9) are nested states of `accepted` (`accepted.script_in_review`), so a row from
`accepted` fires from every stage and a row of the review from its stages only. Each guard
of a row is one of its conditions, run once per attempt; the Machine refuses a trigger from a
state it does not leave (`InvalidTransition`, or `StageMismatch` from the right state at
another stage) and a transition whose condition fails (`GuardFailed`, with every failed
guard: those the Machine did not reach once one had failed are run afterwards, once each,
for the explanation). Where a row has several destinations (entering `accepted` at the
first stage of the order's review, a `Branch`), a route condition picks one first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from transitions import EventData, MachineError
from transitions.extensions.nesting import HierarchicalMachine, NestedState

from statemachine import guards as g
from statemachine.errors import (
    ActorNotAllowed,
    GuardFailure,
    InvalidTransition,
    StageMismatch,
    UnknownTrigger,
    refused,
)
from statemachine.facts import Attempt, OrderFacts
from statemachine.review import IN_REVIEW, Review, Stage, first_stage
from statemachine.states import Actor, State
from statemachine.table import CREATE, TRANSITIONS, Transition
from statemachine.timers import Schedule, Timer

NEW = "new"  # the Machine's state of an order not yet created (`create` leaves it)
SEPARATOR = "."  # between a state and its nested stage (stage names hold underscores)
Verdicts = dict[g.Guard, GuardFailure | None]


class _Nested(NestedState):
    separator = SEPARATOR


class _Machine(HierarchicalMachine):  # type: ignore[misc]
    state_cls = _Nested


def machine_state(state: State | None, stage: Stage | None) -> str:
    """The state as the Machine names it: a stage is a nested state of `accepted`."""
    if state is None:
        return NEW
    return state.value if stage is None else f"{state.value}{SEPARATOR}{stage.value}"


def parse_state(name: str) -> tuple[State, Stage | None]:
    top, _, nested = name.partition(SEPARATOR)
    return State(top), Stage(nested) if nested else None


def may_act(actor: Actor, transition: Transition) -> bool:
    """Ops may stand in for the system; the time guards still hold for them."""
    if actor in transition.actors:
        return True
    return actor is Actor.OPS and Actor.SYSTEM in transition.actors


def guards_of(transition: Transition) -> tuple[g.Guard, ...]:
    """The row's guards, and a reason whenever ops act (ops always act with a reason)."""
    if g.REASON_GIVEN in transition.guards:
        return transition.guards
    return (g.OPS_GIVE_A_REASON, *transition.guards)


def fires_from(transition: Transition, state: State | None, stage: Stage | None) -> bool:
    """Whether the row fires from this state and stage (its guards aside)."""
    if state not in transition.sources:
        return False
    return not transition.stages or any(stage is start for start, _ in transition.stages)


def suspended(stage: Stage | None, escalated: bool, dispute_open: bool) -> frozenset[Timer]:
    """Timers that wait: the publish deadline while a draft is in review (the review time
    is added to it), the review time once ops have the review, settlement during a dispute."""
    waiting = set()
    if stage in IN_REVIEW:
        waiting.add(Timer.PUBLISH_DEADLINE)
    if escalated:
        waiting.add(Timer.REVIEW_DUE_AT)
    if dispute_open:
        waiting.add(Timer.SETTLE_AT)
    return frozenset(waiting)


def _condition(guard: g.Guard) -> Callable[[EventData], bool]:
    def holds(event: EventData) -> bool:
        failure = guard.failure(event.kwargs["facts"], event.kwargs["attempt"])
        event.kwargs["verdicts"][guard] = failure
        return failure is None

    holds.__name__ = guard.name
    return holds


def _route(name: str, test: Callable[[OrderFacts, Attempt], bool]) -> Callable[[EventData], bool]:
    def taken(event: EventData) -> bool:
        return test(event.kwargs["facts"], event.kwargs["attempt"])

    taken.__name__ = name
    return taken


def _review_is(review: Review) -> Callable[[OrderFacts, Attempt], bool]:
    return lambda order, attempt: order.review is review


def _edges(t: Transition) -> Iterator[dict[str, Any]]:
    """The Machine's transitions for one row: (source, dest, route) for each way it goes."""
    conditions = [_condition(guard) for guard in guards_of(t)]

    def edge(source: Any, dest: str | None, *route: Callable[[EventData], bool]) -> Any:
        return {
            "trigger": t.trigger,
            "source": source,
            "dest": dest,
            "conditions": [*route, *conditions],
        }

    sources = [s.value for s in t.sources] or [NEW]
    for branch in t.branches:
        yield edge(sources, branch.dest.value, _route(branch.description, branch.test))
    if t.stages:
        for start, end in t.stages:
            source = machine_state(State.ACCEPTED, start)
            if t.dest is None:
                yield edge(source, None)
            else:
                yield edge(source, machine_state(t.dest, end))
    elif t.dest is State.ACCEPTED:  # entering `accepted`: the first stage of the review
        for review in Review:
            route = _route(f"review_{review.value}", _review_is(review))
            yield edge(sources, machine_state(t.dest, first_stage(review)), route)
    else:
        yield edge(sources, t.dest.value if t.dest else None)


@dataclass
class _Subject:
    state: str


@dataclass(frozen=True)
class Outcome:
    """Where a trigger the Machine let through leads: the row, the state and the stage."""

    transition: Transition
    state: State
    stage: Stage | None


@dataclass(frozen=True)
class Availability:
    """Whether a caller may fire a trigger now, and if not, why."""

    trigger: str
    allowed: bool
    requires: tuple[str, ...]
    reasons: tuple[GuardFailure, ...]


class OrderMachine:
    def __init__(self, create: Transition, transitions: Sequence[Transition]) -> None:
        self.create = create
        self.transitions = tuple(transitions)
        self.by_trigger = {t.trigger: t for t in (create, *transitions)}
        self.triggers = tuple(t.trigger for t in transitions)
        states: list[Any] = [NEW]
        for state in State:
            if state is State.ACCEPTED:
                states.append({"name": state.value, "children": [s.value for s in Stage]})
            else:
                states.append(state.value)
        self.machine = _Machine(
            model=None,
            states=states,
            transitions=[edge for t in (create, *transitions) for edge in _edges(t)],
            initial=None,
            auto_transitions=False,
            send_event=True,
        )

    def extended(self, *rows: Transition) -> OrderMachine:
        """This machine with more rows (a trigger tried out in a test before it joins the
        table)."""
        return OrderMachine(self.create, (*self.transitions, *rows))

    def transition_for(self, trigger: str) -> Transition:
        try:
            return self.by_trigger[trigger]
        except KeyError:
            raise UnknownTrigger(trigger) from None

    def allowed_triggers(self, state: State, actor: Actor, stage: Stage | None = None) -> list[str]:
        return [
            t.trigger for t in self.transitions if fires_from(t, state, stage) and may_act(actor, t)
        ]

    def fire(self, trigger: str, facts: OrderFacts, attempt: Attempt) -> Outcome:
        """Fire `trigger` on the Machine for an order with these facts; returns where it
        leads, or raises what refused it: ActorNotAllowed, InvalidTransition (StageMismatch),
        GuardFailed."""
        transition = self.transition_for(trigger)
        if not may_act(attempt.actor, transition):
            raise ActorNotAllowed(trigger, attempt.actor)
        subject = _Subject(machine_state(facts.state, facts.stage))
        verdicts: Verdicts = {}
        try:
            taken = self.machine.trigger_event(
                subject, trigger, facts=facts, attempt=attempt, verdicts=verdicts
            )
        except MachineError:
            raise self._invalid(transition, facts, attempt.actor) from None
        if not taken:
            failures = [
                verdicts[guard] if guard in verdicts else guard.failure(facts, attempt)
                for guard in guards_of(transition)
            ]
            raise refused(trigger, [f for f in failures if f is not None])
        state, stage = parse_state(subject.state)
        return Outcome(transition, state, stage)

    def _invalid(
        self, transition: Transition, facts: OrderFacts, actor: Actor
    ) -> InvalidTransition:
        if facts.state is None:
            return InvalidTransition(transition.trigger, NEW, [])
        allowed = self.allowed_triggers(facts.state, actor, facts.stage)
        if facts.state in transition.sources and facts.stage is not None:
            return StageMismatch(transition.trigger, facts.state, facts.stage, allowed)
        return InvalidTransition(transition.trigger, facts.state, allowed)

    def availability(self, facts: OrderFacts, attempt: Attempt) -> list[Availability]:
        """Each trigger the caller's role may ever fire, open or closed with the reasons.

        Guards a caller satisfies by sending a field are listed in `requires`, not as
        reasons; a question, not an attempt, so the guards run outside the Machine."""
        result = []
        for transition in self.transitions:
            if not may_act(attempt.actor, transition):
                continue
            guards = [guard for guard in guards_of(transition) if guard.applies_to(attempt.actor)]
            requires = tuple(guard.input_field for guard in guards if guard.input_field)
            if not fires_from(transition, facts.state, facts.stage):
                reasons: tuple[GuardFailure, ...] = (_source_reason(transition, facts),)
            else:
                failures = (
                    guard.failure(facts, attempt) for guard in guards if not guard.input_field
                )
                reasons = tuple(f for f in failures if f is not None)
            result.append(Availability(transition.trigger, not reasons, requires, reasons))
        return result

    def next_timer(
        self,
        state: State,
        due: Schedule,
        stage: Stage | None = None,
        waiting: frozenset[Timer] = frozenset(),
    ) -> tuple[str, datetime] | None:
        """The system trigger that will fire next from `state` (at `stage`), and when;
        timers `waiting` do not count."""
        for transition in self.transitions:
            timer = transition.fires_on
            if timer and timer not in waiting and fires_from(transition, state, stage):
                moment: datetime | None = getattr(due, timer.value)
                if moment is not None:
                    return transition.trigger, moment
        return None


def _source_reason(transition: Transition, facts: OrderFacts) -> GuardFailure:
    if facts.state in transition.sources and transition.stages:
        stages = ", ".join(start.value for start, _ in transition.stages)
        return GuardFailure(
            "source_stage", "stage_mismatch", f"fires only at {stages}, not {facts.stage}"
        )
    return GuardFailure(
        "source_state",
        "invalid_transition",
        f"fires only from {', '.join(transition.sources)}, not {facts.state}",
    )


ORDER_MACHINE = OrderMachine(CREATE, TRANSITIONS)
