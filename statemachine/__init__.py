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
    UnknownTrigger,
)
from statemachine.guards import Attempt, OrderFacts, VideoFacts
from statemachine.machine import (
    MACHINE,
    Availability,
    Schedule,
    allowed_triggers,
    availability,
    check,
    check_create,
    fire,
    may_act,
    next_timer,
    schedule,
    transition_for,
)
from statemachine.states import FINAL_STATES, Actor, State, VideoStatus
from statemachine.table import (
    BY_TRIGGER,
    CREATE,
    SYSTEM_TRIGGERS,
    TRANSITIONS,
    TRIGGERS,
    Money,
    Timer,
    Transition,
)

__all__ = [
    "BY_TRIGGER",
    "CREATE",
    "FINAL_STATES",
    "MACHINE",
    "SYSTEM_TRIGGERS",
    "TRANSITIONS",
    "TRIGGERS",
    "Actor",
    "ActorNotAllowed",
    "Attempt",
    "Availability",
    "ChannelFacts",
    "CreatorFacts",
    "DomainError",
    "GuardFailed",
    "GuardFailure",
    "IneligibilityReason",
    "InvalidTransition",
    "Money",
    "OrderFacts",
    "Platform",
    "Schedule",
    "State",
    "Timer",
    "Transition",
    "UnknownTrigger",
    "VideoFacts",
    "VideoStatus",
    "allowed_triggers",
    "availability",
    "check",
    "check_create",
    "fire",
    "ineligibility_reasons",
    "may_act",
    "next_timer",
    "schedule",
    "transition_for",
]
