"""Problems (RFC 9457) as exceptions: a class per problem code, under a class per status,
carrying the fields its code comes with. `error_class` picks the class by `code`; a code
this client does not know yet (a newer service) gets the class of its status, so an
upgrade of the service never breaks a client."""

from __future__ import annotations

from typing import Any, ClassVar

from xingtu_client_core.models import ProblemFieldError, ProblemFinding, ProblemReason


class ApiError(Exception):
    """A problem the service answered: `status`, the stable `code`, `detail` in words, the
    whole body as `problem`, the `request_id` to quote to support, and `retry_after`."""

    code_of_class: ClassVar[str | None] = None

    def __init__(
        self,
        status: int,
        problem: dict[str, Any],
        request_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.status = status
        self.code: str = str(problem.get("code", "unknown"))
        self.detail: str = str(problem.get("detail", ""))
        self.problem = problem
        self.request_id = request_id
        self.retry_after = retry_after  # seconds, when the service said when to retry
        super().__init__(f"{status} {self.code}: {self.detail}")


# One class per status.
class BadRequest(ApiError):
    """400: the request could not be read."""


class Unauthenticated(ApiError):
    """401: no API key, or an unknown or revoked one."""

    code_of_class = "unauthenticated"


class PaymentRequired(ApiError):
    """402: the money is not there."""


class Forbidden(ApiError):
    """403: the caller's role may never do this."""

    code_of_class = "forbidden"


class NotFound(ApiError):
    """404: no such object, or not one the caller may see."""

    code_of_class = "not_found"


class MethodNotAllowed(ApiError):
    code_of_class = "method_not_allowed"


class Conflict(ApiError):
    """409: the state of things does not allow it now."""


class PayloadTooLarge(ApiError):
    code_of_class = "payload_too_large"


class Unprocessable(ApiError):
    """422: the request is well-formed but cannot be done as sent."""


class InternalError(ApiError):
    """500: an unexpected error; the request changed nothing."""

    code_of_class = "internal_error"


class ServiceUnavailable(ApiError):
    """503: the service could not serve this now (the client retries it by itself)."""


# The machine's guards: one class for the moment being wrong, one for the request.
class Refusal(ApiError):
    """A transition refused by the order machine's guards or admission rules: `reasons`
    names every one that failed (the `code` is the first)."""

    @property
    def reasons(self) -> list[ProblemReason]:
        return [ProblemReason.from_dict(r) for r in self.problem.get("reasons", [])]


class TransitionRefused(Refusal, Conflict):
    """409: not now (a deadline, the video's state), e.g. `retention_not_ended`."""


class RequestRefused(Refusal, Unprocessable):
    """422: not with this request (a field missing), e.g. `reason_required`."""


# One class per code of the service (the machine's guard codes are the two above).
class MalformedRequest(BadRequest):
    code_of_class = "malformed_request"


class InvalidIdempotencyKey(BadRequest):
    code_of_class = "invalid_idempotency_key"


class HttpError(BadRequest):
    code_of_class = "http_error"


class BadSignature(Unauthenticated):
    code_of_class = "bad_signature"


class InsufficientFunds(PaymentRequired):
    code_of_class = "insufficient_funds"

    @property
    def account_kind(self) -> str | None:
        return self.problem.get("account_kind")

    @property
    def required_fen(self) -> int | None:
        return self.problem.get("required_fen")


class PaymentDeclined(PaymentRequired):
    code_of_class = "payment_declined"


class IdempotencyKeyInFlight(Conflict):
    """A request with this key is still running (the client retries it by itself)."""

    code_of_class = "idempotency_key_in_flight"


class VersionConflict(Conflict):
    """409, or 412 with If-Match: the object changed meanwhile; fetch it again."""

    code_of_class = "version_conflict"

    @property
    def current_version(self) -> int | None:
        return self.problem.get("current_version")


class InvalidTransition(Conflict):
    """The trigger cannot fire from the object's `state`; `allowed_triggers` can."""

    code_of_class = "invalid_transition"

    @property
    def state(self) -> str | None:
        return self.problem.get("state")

    @property
    def allowed_triggers(self) -> list[str]:
        return list(self.problem.get("allowed_triggers", []))


class StageMismatch(InvalidTransition):
    """The order is in the trigger's state, but at another `stage` of it."""

    code_of_class = "stage_mismatch"

    @property
    def stage(self) -> str | None:
        return self.problem.get("stage")


class ProposalLapsed(Conflict):
    code_of_class = "proposal_lapsed"


class EscrowMismatch(Conflict):
    code_of_class = "escrow_mismatch"


class NotReversible(Conflict):
    code_of_class = "not_reversible"


class AlreadyReversed(Conflict):
    code_of_class = "already_reversed"


class BalanceNegative(Conflict):
    code_of_class = "balance_negative"


class ChannelTaken(Conflict):
    code_of_class = "channel_taken"


class NotSuspended(Conflict):
    code_of_class = "not_suspended"


class MessageNotHeld(Conflict):
    code_of_class = "message_not_held"


class CaseNotOpen(Conflict):
    code_of_class = "case_not_open"


class ContractConflict(Conflict):
    code_of_class = "contract_conflict"


class ValidationFailed(Unprocessable):
    """Fields or parameters are not valid: `errors` says which and why."""

    code_of_class = "validation_error"

    @property
    def errors(self) -> list[ProblemFieldError]:
        return [ProblemFieldError.from_dict(e) for e in self.problem.get("errors", [])]


class UnknownParameter(Unprocessable):
    code_of_class = "unknown_parameter"


class IdempotencyKeyReused(Unprocessable):
    """The key was used with another request: a bug in the caller, never retried."""

    code_of_class = "idempotency_key_reused"


class InvalidValue(Unprocessable):
    code_of_class = "invalid_value"


class InvalidCursor(Unprocessable):
    code_of_class = "invalid_cursor"


class UnknownReference(Unprocessable):
    code_of_class = "unknown_reference"


class CreatorIneligible(RequestRefused):
    """The creator fails admission rules: `reasons` names each (`rule`, `detail`)."""

    code_of_class = "creator_ineligible"


class RetentionUnchanged(Unprocessable):
    code_of_class = "retention_unchanged"


class RetentionTooShort(Unprocessable):
    code_of_class = "retention_too_short"


class OffPlatformContact(RequestRefused):
    """A message carried contact details (what the screen `found`), or what a trigger of the
    review sent did (its `reasons`)."""

    code_of_class = "off_platform_contact"

    @property
    def found(self) -> list[ProblemFinding]:
        return [ProblemFinding.from_dict(f) for f in self.problem.get("found", [])]

    @property
    def message_id(self) -> str | None:
        return self.problem.get("message_id")


class AmountBelowMinimum(Unprocessable):
    code_of_class = "amount_below_minimum"

    @property
    def minimum_fen(self) -> int | None:
        return self.problem.get("minimum_fen")


class KindNotRecordable(Unprocessable):
    code_of_class = "kind_not_recordable"


class EndsAtInPast(Unprocessable):
    code_of_class = "ends_at_in_past"


class InvalidTime(Unprocessable):
    code_of_class = "invalid_time"


class UnknownVideo(Unprocessable):
    code_of_class = "unknown_video"


class WebhookUrlRefused(Unprocessable):
    code_of_class = "webhook_url_refused"


class ProjectBudgetExceeded(Unprocessable):
    code_of_class = "project_budget_exceeded"

    @property
    def remaining_fen(self) -> int | None:
        return self.problem.get("remaining_fen")


class ProjectArchived(Conflict):
    code_of_class = "project_archived"


class BudgetBelowCommitted(Unprocessable):
    code_of_class = "budget_below_committed"

    @property
    def committed_fen(self) -> int | None:
        return self.problem.get("committed_fen")


class ProjectDatesInvalid(Unprocessable):
    code_of_class = "project_dates_invalid"


class DatabaseBusy(ServiceUnavailable):
    code_of_class = "database_busy"


class DatabaseUnavailable(ServiceUnavailable):
    code_of_class = "database_unavailable"


class SecretNotShownAgain(Exception):
    """A retried call got the stored answer of a first attempt whose answer was lost, and
    that answer's secret (an API key, a webhook signing secret) is shown only once: it is
    gone. Revoke what was made and make another."""

    def __init__(self, made: object) -> None:
        self.made = made
        super().__init__("the secret was shown only to the lost first answer: revoke, reissue")


def _classes(root: type[ApiError]) -> list[type[ApiError]]:
    return [root, *(c for sub in root.__subclasses__() for c in _classes(sub))]


BY_CODE: dict[str, type[ApiError]] = {
    kind.code_of_class: kind for kind in _classes(ApiError) if "code_of_class" in vars(kind)
    if kind.code_of_class is not None
}  # fmt: skip
BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequest, 401: Unauthenticated, 402: PaymentRequired, 403: Forbidden,
    404: NotFound, 405: MethodNotAllowed, 409: Conflict, 412: VersionConflict,
    413: PayloadTooLarge, 422: Unprocessable, 500: InternalError, 503: ServiceUnavailable,
}  # fmt: skip


def error_class(status: int, problem: dict[str, Any]) -> type[ApiError]:
    """The class for a problem: its code's; a refusal by the machine's guards (a code
    with `reasons`) by status; otherwise its status's."""
    code = problem.get("code")
    if isinstance(code, str) and code in BY_CODE:
        return BY_CODE[code]
    if "reasons" in problem and status in (409, 422):
        return TransitionRefused if status == 409 else RequestRefused
    return BY_STATUS.get(status, ApiError)
