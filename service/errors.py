"""Every error the service answers as a problem, with its HTTP status and title: one table.

An error carries its stable `code` (and the fields that help); the status is the table's
business, here, for the service's errors and the order machine's alike. A class missing
from the table answers as its nearest ancestor does (a test requires a row for each).
"""

from __future__ import annotations

from service.api.conditional import PreconditionFailed
from service.api.idempotency import BadKey, KeyInFlight, KeyReused
from service.money.accounts import PaymentDeclined
from service.money.ledger import EscrowMismatch, InsufficientFunds
from service.problems import (
    Conflict,
    Forbidden,
    NotFound,
    ProblemError,
    Statuses,
    Unauthenticated,
    Unprocessable,
    VersionConflict,
)
from service.uow import InvalidParameter, UnknownParameter
from service.videos.endpoints import BadSignature
from statemachine import (
    ActorNotAllowed,
    DomainError,
    GuardFailed,
    InvalidTransition,
    RequestRefused,
    UnknownTrigger,
)

STATUSES: Statuses = {
    # The order machine's refusals.
    DomainError: (422, "Refused"),
    UnknownTrigger: (404, "Unknown trigger"),
    ActorNotAllowed: (403, "Not allowed for this role"),
    InvalidTransition: (409, "Invalid transition"),
    GuardFailed: (409, "Transition refused"),
    RequestRefused: (422, "Transition refused"),
    # The service's.
    ProblemError: (400, "Bad request"),
    BadKey: (400, "Invalid Idempotency-Key"),
    Unauthenticated: (401, "Authentication required"),
    BadSignature: (401, "The callback signature does not verify"),
    InsufficientFunds: (402, "Insufficient funds"),
    PaymentDeclined: (402, "The payment provider declined"),
    Forbidden: (403, "Not allowed for this role"),
    NotFound: (404, "Not found"),
    Conflict: (409, "Conflict"),
    VersionConflict: (409, "The object changed meanwhile"),
    EscrowMismatch: (409, "Escrow does not hold what it should"),
    KeyInFlight: (409, "A request with this key is running"),
    PreconditionFailed: (412, "The object is not at that version"),
    Unprocessable: (422, "Unprocessable request"),
    KeyReused: (422, "Idempotency key reused"),
    UnknownParameter: (422, "Unknown query parameter"),
    InvalidParameter: (422, "Invalid query parameter"),
}
