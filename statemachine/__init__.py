"""The order state machine: states, the transition table as data, pure guards, errors.

Pure Python: no I/O, no HTTP, nothing from `service`.
"""

from statemachine.admission import (
    ChannelFacts,
    CreatorFacts,
    IneligibilityReason,
    Platform,
    ineligibility_reasons,
)
from statemachine.errors import (
    ActorNotAllowed,
    DomainError,
    GuardFailed,
    GuardFailure,
    InvalidTransition,
    RequestRefused,
    UnknownTrigger,
)
from statemachine.facts import Attempt, Fact, OrderFacts, Sighting, VideoFacts
from statemachine.machine import ORDER_MACHINE, Availability, OrderMachine, guards_of, may_act
from statemachine.states import FINAL_STATES, Actor, State, VideoStatus
from statemachine.table import CREATE, TRANSITIONS, Money, Transition
from statemachine.timers import Schedule, Timer, schedule

__all__ = [
    "CREATE",
    "FINAL_STATES",
    "ORDER_MACHINE",
    "TRANSITIONS",
    "Actor",
    "ActorNotAllowed",
    "Attempt",
    "Availability",
    "ChannelFacts",
    "CreatorFacts",
    "DomainError",
    "Fact",
    "GuardFailed",
    "GuardFailure",
    "IneligibilityReason",
    "InvalidTransition",
    "Money",
    "OrderFacts",
    "OrderMachine",
    "Platform",
    "RequestRefused",
    "Schedule",
    "Sighting",
    "State",
    "Timer",
    "Transition",
    "UnknownTrigger",
    "VideoFacts",
    "VideoStatus",
    "guards_of",
    "ineligibility_reasons",
    "may_act",
    "schedule",
]
