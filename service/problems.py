"""Errors as RFC 9457 problem details, each with a stable `code`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from statemachine import DomainError

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"


def _absent_not_null(schema: dict[str, Any]) -> None:
    """Optional fields are absent, never null: no `default: null` in the schema."""
    for field in schema.get("properties", {}).values():
        if field.get("default", ...) is None:
            del field["default"]


EXAMPLE = {
    "type": "https://errors.xingtu.example/invalid_transition",
    "title": "Invalid transition",
    "status": 409,
    "detail": "'settle' cannot fire from state 'accepted'",
    "code": "invalid_transition",
    "state": "accepted",
    "allowed_triggers": ["publish", "miss_deadline", "refund"],
}


def _with_example(schema: dict[str, Any]) -> None:
    _absent_not_null(schema)
    schema["examples"] = [EXAMPLE]


class ProblemReason(BaseModel):
    """Why a transition was refused: an admission rule the creator fails (`rule`), or a
    guard of the machine that does not hold (`guard`, `code`)."""

    model_config = ConfigDict(json_schema_extra=_absent_not_null)

    detail: str
    rule: str | SkipJsonSchema[None] = None
    guard: str | SkipJsonSchema[None] = None
    code: str | SkipJsonSchema[None] = None


class ProblemFieldError(BaseModel):
    """One invalid field or parameter: where it is (`["body", "amount_fen"]`) and why."""

    loc: list[str | int]
    msg: str
    type: str


class ProblemFinding(BaseModel):
    """What the message screen found in a message."""

    model_config = ConfigDict(extra="allow")

    kind: str
    match: str


class Problem(BaseModel):
    """The body of every error response (RFC 9457). `code` is stable: act on it, not on
    `detail`, whose words may change. The other fields come with the codes they name."""

    model_config = ConfigDict(extra="allow", json_schema_extra=_with_example)

    type: str = Field(description="a URI naming the code")
    title: str
    status: int
    detail: str = Field(description="what went wrong, in words for a person")
    code: str
    reasons: list[ProblemReason] | SkipJsonSchema[None] = Field(
        None, description="every reason at once (`creator_ineligible` and other refusals)"
    )
    allowed_triggers: list[str] | SkipJsonSchema[None] = Field(
        None, description="what this caller may fire from `state` (`invalid_transition`)"
    )
    state: str | SkipJsonSchema[None] = Field(
        None, description="the object's state (`invalid_transition`): an order's, a contract's, …"
    )
    stage: str | SkipJsonSchema[None] = Field(
        None, description="the order's stage of `accepted` (`stage_mismatch`)"
    )
    current_version: int | SkipJsonSchema[None] = Field(
        None, description="the version the object is at (`version_conflict` on 412)"
    )
    errors: list[ProblemFieldError] | SkipJsonSchema[None] = Field(
        None, description="each invalid field (`validation_error`)"
    )
    found: list[ProblemFinding] | SkipJsonSchema[None] = Field(
        None, description="what the screen found (`off_platform_contact`)"
    )
    message_id: str | SkipJsonSchema[None] = Field(
        None, description="the refused message, kept for ops (`off_platform_contact`)"
    )
    account_kind: str | SkipJsonSchema[None] = Field(
        None, description="the account short of money (`insufficient_funds`)"
    )
    required_fen: int | SkipJsonSchema[None] = Field(
        None, description="what the account lacked (`insufficient_funds`)"
    )
    minimum_fen: int | SkipJsonSchema[None] = Field(
        None, description="the smallest amount allowed (`amount_below_minimum`)"
    )


class ProblemError(Exception):
    """An error the service answers as a problem; raise it anywhere in the service. Its
    HTTP status and title come from the one table of errors (`service.errors`)."""

    code = "bad_request"

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra
        self.headers = headers or {}
        if code is not None:
            self.code = code

    def fields(self) -> dict[str, Any]:
        return self.extra


class Unauthenticated(ProblemError):
    code = "unauthenticated"


class Forbidden(ProblemError):
    code = "forbidden"


class NotFound(ProblemError):
    code = "not_found"


class Conflict(ProblemError):
    code = "conflict"


class Unprocessable(ProblemError):
    code = "invalid_request"


class VersionConflict(ProblemError):
    code = "version_conflict"


def problem_response(
    status: int, code: str, title: str, detail: str, headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:  # fmt: skip
    body = {
        "type": f"https://errors.xingtu.example/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


Statuses = dict[type[Exception], tuple[int, str]]


def status_of(error: Exception, statuses: Statuses) -> tuple[int, str]:
    """The HTTP status and title of an error: its class's row of the table, or its nearest
    ancestor's."""
    for kind in type(error).__mro__:
        if kind in statuses:
            return statuses[kind]
    raise LookupError(f"{type(error).__name__} has no row in the table of errors")


def install(app: FastAPI, statuses: Statuses) -> None:
    """The problem handlers: the service's and the machine's errors through `statuses`."""

    @app.exception_handler(ProblemError)
    @app.exception_handler(DomainError)
    async def _problem(_: Request, error: ProblemError | DomainError) -> JSONResponse:
        status, title = status_of(error, statuses)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
        if isinstance(error, ProblemError):
            headers.update(error.headers)
        return problem_response(status, error.code, title, error.detail, headers, **error.fields())

    @app.exception_handler(RequestValidationError)
    @app.exception_handler(ValidationError)
    async def _validation(
        _: Request, error: RequestValidationError | ValidationError
    ) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in error.errors()
        ]
        return problem_response(
            422, "validation_error", "Invalid request", "the request is not valid", errors=errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        headers = dict(error.headers or {})
        if error.status_code == 405:  # every method the path answers, not one route's
            headers["Allow"] = ", ".join(_allowed_methods(request))
        code = {
            400: "malformed_request",
            404: "not_found",
            405: "method_not_allowed",
            413: "payload_too_large",
        }.get(error.status_code, "http_error")
        return problem_response(
            error.status_code, code, str(error.detail), str(error.detail), headers
        )

    @app.exception_handler(DataError)
    async def _data(_: Request, error: DataError) -> JSONResponse:
        log.warning("the database refused a value: %s", error.orig)
        return problem_response(
            422, "invalid_value", "Invalid value", "a value cannot be stored or compared as sent"
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)  # a connection that died with the server
    async def _busy(_: Request, error: OperationalError | InterfaceError) -> JSONResponse:
        log.warning("database busy or unavailable: %s", error.orig)
        return problem_response(
            503, "database_busy", "Database busy", "the database could not serve this now; retry",
            {"Retry-After": "1"},
        )  # fmt: skip

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, error: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=error)
        return problem_response(500, "internal_error", "Internal error", "an unexpected error")


def _allowed_methods(request: Request) -> list[str]:
    methods: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match is not Match.NONE and getattr(route, "methods", None):
            methods |= route.methods
    return sorted(methods)


PROBLEM_CODES = "x-problem-codes"


def answers(*codes: str) -> dict[str, Any]:
    """The problem codes a route answers besides those every route of its kind does (401
    when it needs a key, 422 when it takes input, …): for `openapi_extra`. The schema lists
    them by status, from the catalogue of codes (`service.errors`)."""
    return {PROBLEM_CODES: list(codes)}
