"""The order machine: the transition table and the one `transitions` Machine built from it.

The Machine decides. Each guard of a row is one of its conditions, run once per attempt;
the Machine refuses a trigger from a state it does not leave (`InvalidTransition`) and a
transition whose condition fails (`GuardFailed`, with every failed guard: those the Machine
did not reach once one had failed are run afterwards, once each, for the explanation).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from transitions import EventData, Machine, MachineError

from statemachine import guards as g
from statemachine.errors import (
    ActorNotAllowed,
    GuardFailure,
    InvalidTransition,
    UnknownTrigger,
    refused,
)
from statemachine.facts import Attempt, OrderFacts
from statemachine.states import Actor, State
from statemachine.table import CREATE, TRANSITIONS, Transition
from statemachine.timers import Schedule

NEW = "new"  # the Machine's state of an order not yet created (`create` leaves it)
Verdicts = dict[g.Guard, GuardFailure | None]


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


def _condition(guard: g.Guard) -> Callable[[EventData], bool]:
    def holds(event: EventData) -> bool:
        failure = guard.failure(event.kwargs["facts"], event.kwargs["attempt"])
        event.kwargs["verdicts"][guard] = failure
        return failure is None

    holds.__name__ = guard.name
    return holds


@dataclass
class _Subject:
    state: str


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
        self.machine = Machine(
            model=None,
            states=[NEW, *(state.value for state in State)],
            transitions=[
                {
                    "trigger": t.trigger,
                    "source": [s.value for s in t.sources] or [NEW],
                    "dest": t.dest.value,
                    "conditions": [_condition(guard) for guard in guards_of(t)],
                }
                for t in (create, *transitions)
            ],
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

    def allowed_triggers(self, state: State, actor: Actor) -> list[str]:
        return [t.trigger for t in self.transitions if state in t.sources and may_act(actor, t)]

    def fire(self, trigger: str, facts: OrderFacts, attempt: Attempt) -> Transition:
        """Fire `trigger` on the Machine for an order with these facts; returns the row
        taken, or raises what refused it: ActorNotAllowed, InvalidTransition, GuardFailed."""
        transition = self.transition_for(trigger)
        if not may_act(attempt.actor, transition):
            raise ActorNotAllowed(trigger, attempt.actor)
        subject = _Subject(facts.state.value if facts.state else NEW)
        verdicts: Verdicts = {}
        try:
            taken = self.machine.events[trigger].trigger(
                subject, facts=facts, attempt=attempt, verdicts=verdicts
            )
        except MachineError:
            state = facts.state or NEW
            allowed = self.allowed_triggers(facts.state, attempt.actor) if facts.state else []
            raise InvalidTransition(trigger, state, allowed) from None
        if not taken:
            failures = [
                verdicts[guard] if guard in verdicts else guard.failure(facts, attempt)
                for guard in guards_of(transition)
            ]
            raise refused(trigger, [f for f in failures if f is not None])
        return transition

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
            if facts.state not in transition.sources:
                reasons: tuple[GuardFailure, ...] = (
                    GuardFailure(
                        "source_state",
                        "invalid_transition",
                        f"fires only from {', '.join(transition.sources)}, not {facts.state}",
                    ),
                )
            else:
                failures = (
                    guard.failure(facts, attempt) for guard in guards if not guard.input_field
                )
                reasons = tuple(f for f in failures if f is not None)
            result.append(Availability(transition.trigger, not reasons, requires, reasons))
        return result

    def next_timer(self, state: State, due: Schedule) -> tuple[str, datetime] | None:
        """The system trigger that will fire next from `state`, and when."""
        for transition in self.transitions:
            if transition.fires_on and state in transition.sources:
                moment: datetime | None = getattr(due, transition.fires_on.value)
                if moment is not None:
                    return transition.trigger, moment
        return None


ORDER_MACHINE = OrderMachine(CREATE, TRANSITIONS)
