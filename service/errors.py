"""Every error the service answers as a problem: its HTTP status and title by class (one
table), and every `code` a client can meet, with its status and meaning (the catalogue).

An error carries its stable `code` (and the fields that help); the status is the table's
business, here, for the service's errors and the order machine's alike. A class missing
from the table answers as its nearest ancestor does (a test requires a row for each). The
catalogue is what the schema's `ProblemCode` lists, and a test requires every code the
source raises to be in it.
"""

from __future__ import annotations

from dataclasses import dataclass

import statemachine as sm
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


@dataclass(frozen=True)
class Code:
    """What a problem code means, and the status it comes with."""

    status: int
    meaning: str


CODES: dict[str, Code] = {
    # Any request.
    "malformed_request": Code(400, "the body is not well-formed JSON"),
    "invalid_idempotency_key": Code(400, "the Idempotency-Key is not 1-255 visible characters"),
    "unauthenticated": Code(401, "no API key, or an unknown or revoked one"),
    "forbidden": Code(403, "the caller's role may never do this"),
    "not_found": Code(404, "no such object, or not one the caller may see"),
    "method_not_allowed": Code(405, "the path does not answer this method (see `Allow`)"),
    "idempotency_key_in_flight": Code(
        409, "a request with this Idempotency-Key is still running; retry after Retry-After"
    ),
    "version_conflict": Code(
        409, "the object changed meanwhile; fetch it again and retry (412 with `If-Match`)"
    ),
    "payload_too_large": Code(413, "the body is over the size limit"),
    "validation_error": Code(422, "a field or parameter is not valid; see `errors`"),
    "unknown_parameter": Code(422, "a query parameter the operation does not know"),
    "idempotency_key_reused": Code(422, "this Idempotency-Key was used with another request"),
    "invalid_value": Code(422, "a value cannot be stored or compared as sent"),
    "invalid_cursor": Code(422, "`starting_after` is not a cursor this list gave out"),
    "unknown_reference": Code(422, "the body names an object that does not exist"),
    "http_error": Code(400, "the request could not be read as HTTP"),
    "internal_error": Code(500, "an unexpected error; the request changed nothing"),
    "database_busy": Code(503, "the database could not serve this now; retry after Retry-After"),
    "database_unavailable": Code(503, "the database does not answer"),
    # Orders.
    "invalid_transition": Code(409, "the trigger cannot fire from the order's state"),
    "stage_mismatch": Code(
        409, "the order is in the trigger's state but at another stage; see `stage`"
    ),
    "creator_ineligible": Code(422, "the creator fails admission rules; see `reasons`"),
    "retention_unchanged": Code(422, "that is the retention period already agreed"),
    "retention_too_short": Code(422, "the new period would end before the time already elapsed"),
    "proposal_lapsed": Code(409, "the proposal lapsed before it was accepted"),
    "off_platform_contact": Code(
        422, "a message or script carries contact details; see `found` (or `reasons`)"
    ),
    "message_not_held": Code(409, "the message is not held: ops released or confirmed it"),
    "case_not_open": Code(409, "the private-deal case is already dismissed or confirmed"),
    # Money.
    "insufficient_funds": Code(402, "a balance does not cover the amount; see `required_fen`"),
    "payment_declined": Code(402, "the payment provider declined"),
    "escrow_mismatch": Code(409, "escrow does not hold what the order says; ops investigate"),
    "not_reversible": Code(409, "the journal entry is not of a kind ops may reverse"),
    "already_reversed": Code(409, "the journal entry is already reversed"),
    "amount_below_minimum": Code(422, "the amount is under the minimum; see `minimum_fen`"),
    "balance_negative": Code(409, "the balance is negative (a compensation is owed)"),
    # Parties, credit, contracts, videos, webhooks.
    "channel_taken": Code(409, "the platform account is already registered"),
    "not_suspended": Code(409, "the creator's order rights are not suspended"),
    "kind_not_recordable": Code(422, "ops may not record this kind of violation by hand"),
    "ends_at_in_past": Code(422, "a contract must end in the future"),
    "contract_conflict": Code(409, "the creator already has an active MCN contract"),
    "bad_signature": Code(401, "the callback signature does not verify"),
    "invalid_time": Code(422, "the time is in the future"),
    "unknown_video": Code(422, "not a video URL the platforms know"),
    "webhook_url_refused": Code(422, "the URL is not a public HTTPS address"),
    # Projects and data.
    "project_budget_exceeded": Code(
        422, "the order would take the project past its budget; see `remaining_fen`"
    ),
    "project_archived": Code(409, "the project is archived and takes no new orders"),
    "budget_below_committed": Code(
        422, "the budget is below what the project has committed; see `committed_fen`"
    ),
    "project_dates_invalid": Code(422, "`ends_on` is before `starts_on`"),
}


def catalogue(machine: sm.OrderMachine) -> dict[str, Code]:
    """Every code a client can meet: the service's, and those of the machine's guards (409
    when the moment is wrong, 422 when the request is)."""
    guards = {
        guard.code: Code(422 if guard.unprocessable else 409, f"refused unless {guard.description}")
        for transition in (machine.create, *machine.transitions)
        for guard in sm.guards_of(transition)
    }
    return {**guards, **CODES}
