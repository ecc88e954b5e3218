"""Small lifecycles beside the order machine (withdrawals, MCN contracts, violations): each a
table of rows as data and one shared `transitions` Machine built from it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from transitions import Machine

from statemachine.errors import ActorNotAllowed, InvalidTransition
from statemachine.states import Actor

S = TypeVar("S", bound=StrEnum)


@dataclass(frozen=True)
class Row(Generic[S]):
    trigger: str
    sources: tuple[S, ...]
    dest: S
    actors: frozenset[Actor]


@dataclass
class _Subject:
    state: str


class Lifecycle(Generic[S]):
    def __init__(self, states: type[S], rows: Sequence[Row[S]]) -> None:
        self.states = states
        self.rows = {row.trigger: row for row in rows}
        self.machine = Machine(
            model=None,
            states=[s.value for s in states],
            transitions=[
                {"trigger": r.trigger, "source": [s.value for s in r.sources], "dest": r.dest.value}
                for r in rows
            ],
            initial=None,
            auto_transitions=False,
        )

    def allowed(self, state: S, actor: Actor) -> list[str]:
        return [t for t, r in self.rows.items() if state in r.sources and actor in r.actors]

    def advance(self, state: S, trigger: str, actor: Actor) -> S:
        """The state after `actor` fires `trigger` from `state`, or the domain error."""
        row = self.rows.get(trigger)
        if row is None or actor not in row.actors:
            raise ActorNotAllowed(trigger, actor)
        if state not in row.sources:
            raise InvalidTransition(trigger, state, self.allowed(state, actor))
        subject = _Subject(state.value)
        self.machine.events[trigger].trigger(subject)
        return self.states(subject.state)
