"""Problems (RFC 9457) as exceptions: one class per family of codes, carrying the fields
its codes come with. `raise_for` picks the class by `code`, and by status for a code this
client does not know yet (a newer service), so an upgrade of the service never breaks it."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A problem the service answered: `status`, the stable `code`, `detail` in words, the
    whole body as `problem`, the `request_id` to quote to support, and `retry_after`."""

    def __init__(
        self,
        status: int,
        problem: dict[str, Any],
        request_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.status = status
        self.retry_after = retry_after  # seconds, when the service said when to retry
        self.code: str = str(problem.get("code", "unknown"))
        self.detail: str = str(problem.get("detail", ""))
        self.problem = problem
        self.request_id = request_id
        super().__init__(f"{status} {self.code}: {self.detail}")


class BadRequest(ApiError):
    """400: the request could not be read (malformed JSON, a bad Idempotency-Key)."""


class Unauthenticated(ApiError):
    """401: no API key, or an unknown or revoked one."""


class PaymentRequired(ApiError):
    """402: the money is not there (`insufficient_funds`, `payment_declined`)."""


class InsufficientFunds(PaymentRequired):
    @property
    def account_kind(self) -> str | None:
        return self.problem.get("account_kind")

    @property
    def required_fen(self) -> int | None:
        return self.problem.get("required_fen")


class Forbidden(ApiError):
    """403: the caller's role may never do this."""


class NotFound(ApiError):
    """404: no such object, or not one the caller may see."""


class MethodNotAllowed(ApiError):
    """405: the path does not answer this method."""


class PayloadTooLarge(ApiError):
    """413: the body is over the service's size limit."""


class Conflict(ApiError):
    """409: the object's state does not allow it now."""


class VersionConflict(Conflict):
    """409, or 412 with If-Match: the object changed meanwhile; fetch it again."""

    @property
    def current_version(self) -> int | None:
        return self.problem.get("current_version")


class InvalidTransition(Conflict):
    """The trigger cannot fire from the order's state; `allowed_triggers` can."""

    @property
    def state(self) -> str | None:
        return self.problem.get("state")

    @property
    def allowed_triggers(self) -> list[str]:
        return list(self.problem.get("allowed_triggers", []))


class TransitionRefused(ApiError):
    """A guard of the order machine does not hold (409: not now; 422: not with this
    request, e.g. `creator_ineligible`). `reasons` names every one at once."""

    @property
    def reasons(self) -> list[dict[str, Any]]:
        return list(self.problem.get("reasons", []))


class IdempotencyKeyInFlight(Conflict):
    """A request with this key is still running (the client retries it by itself)."""


class Unprocessable(ApiError):
    """422: the request is well-formed but cannot be done."""


class ValidationFailed(Unprocessable):
    """Fields or parameters are not valid: `errors` says which and why."""

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list(self.problem.get("errors", []))


class IdempotencyKeyReused(Unprocessable):
    """The key was used with another request: a bug in the caller, never retried."""


class AmountBelowMinimum(Unprocessable):
    @property
    def minimum_fen(self) -> int | None:
        return self.problem.get("minimum_fen")


class OffPlatformContact(Unprocessable):
    """The message carried contact details; what the screen `found`."""

    @property
    def found(self) -> list[dict[str, Any]]:
        return list(self.problem.get("found", []))

    @property
    def message_id(self) -> str | None:
        return self.problem.get("message_id")


class ServiceUnavailable(ApiError):
    """503: the service could not serve this now (the client retries it by itself)."""


BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequest, 401: Unauthenticated, 402: PaymentRequired, 403: Forbidden,
    404: NotFound, 405: MethodNotAllowed, 409: Conflict, 412: VersionConflict,
    413: PayloadTooLarge, 422: Unprocessable,
    503: ServiceUnavailable,
}  # fmt: skip
BY_CODE: dict[str, type[ApiError]] = {
    "insufficient_funds": InsufficientFunds,
    "version_conflict": VersionConflict,
    "invalid_transition": InvalidTransition,
    "idempotency_key_in_flight": IdempotencyKeyInFlight,
    "validation_error": ValidationFailed,
    "unknown_parameter": ValidationFailed,
    "idempotency_key_reused": IdempotencyKeyReused,
    "amount_below_minimum": AmountBelowMinimum,
    "off_platform_contact": OffPlatformContact,
    "creator_ineligible": TransitionRefused,
}


def error_class(status: int, problem: dict[str, Any]) -> type[ApiError]:
    """The class for a problem: by its code; a refusal with `reasons` (the machine's guards)
    is a TransitionRefused; otherwise by status."""
    code = problem.get("code")
    if code in BY_CODE:
        return BY_CODE[code]
    if status in (409, 422) and "reasons" in problem:
        return TransitionRefused
    return BY_STATUS.get(status, ApiError)
