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
    StageMismatch,
    UnknownTrigger,
)
from statemachine.facts import Attempt, Fact, Offer, OrderFacts, Sighting, VideoFacts
from statemachine.machine import (
    ORDER_MACHINE,
    Availability,
    OrderMachine,
    Outcome,
    fires_from,
    guards_of,
    may_act,
    suspended,
)
from statemachine.review import IN_REVIEW, CancellationPolicy, Progress, Review, Stage
from statemachine.states import FINAL_STATES, Actor, State, VideoStatus
from statemachine.table import CREATE, TRANSITIONS, Mark, Money, Transition
from statemachine.timers import Schedule, Timer, schedule

__all__ = [
    "CREATE",
    "FINAL_STATES",
    "IN_REVIEW",
    "ORDER_MACHINE",
    "TRANSITIONS",
    "Actor",
    "ActorNotAllowed",
    "Attempt",
    "Availability",
    "CancellationPolicy",
    "ChannelFacts",
    "CreatorFacts",
    "DomainError",
    "Fact",
    "GuardFailed",
    "GuardFailure",
    "IneligibilityReason",
    "InvalidTransition",
    "Mark",
    "Money",
    "Offer",
    "OrderFacts",
    "OrderMachine",
    "Outcome",
    "Platform",
    "Progress",
    "RequestRefused",
    "Review",
    "Schedule",
    "Sighting",
    "Stage",
    "StageMismatch",
    "State",
    "Timer",
    "Transition",
    "UnknownTrigger",
    "VideoFacts",
    "VideoStatus",
    "fires_from",
    "guards_of",
    "ineligibility_reasons",
    "may_act",
    "schedule",
    "suspended",
]
