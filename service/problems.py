"""Errors as RFC 9457 problem details, each with a stable `code`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from statemachine import (
    ActorNotAllowed,
    DomainError,
    GuardFailed,
    InvalidTransition,
    UnknownTrigger,
)

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"


class Problem(BaseModel):
    """The body of every error response."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    code: str


class ProblemError(Exception):
    """An error that knows its HTTP status and code; raise it anywhere in the service."""

    status = 400
    code = "bad_request"
    title = "Bad request"

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


class Unauthenticated(ProblemError):
    status, code, title = 401, "unauthenticated", "Authentication required"


class Forbidden(ProblemError):
    status, code, title = 403, "forbidden", "Not allowed for this role"


class NotFound(ProblemError):
    status, code, title = 404, "not_found", "Not found"


class Conflict(ProblemError):
    status, code, title = 409, "conflict", "Conflict"


class Unprocessable(ProblemError):
    status, code, title = 422, "invalid_request", "Unprocessable request"


class VersionConflict(ProblemError):
    status, code, title = 409, "version_conflict", "The object changed meanwhile"


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


def _domain_problem(error: DomainError) -> JSONResponse:
    if isinstance(error, UnknownTrigger):
        return problem_response(404, error.code, "Unknown trigger", error.detail)
    if isinstance(error, ActorNotAllowed):
        return problem_response(403, error.code, "Not allowed for this role", error.detail)
    if isinstance(error, InvalidTransition):
        return problem_response(
            409, error.code, "Invalid transition", error.detail,
            state=error.state, allowed_triggers=error.allowed_triggers,
        )  # fmt: skip
    if isinstance(error, GuardFailed):
        reasons: list[dict[str, str]] = [
            {"rule": r.rule, "detail": r.detail} for r in error.ineligibility
        ]
        reasons += [
            {"guard": f.guard, "code": f.code, "detail": f.detail}
            for f in error.failures
            if f.code != "creator_ineligible"
        ]
        status = 422 if error.unprocessable else 409
        return problem_response(
            status, error.code, "Transition refused", error.detail, reasons=reasons
        )
    return problem_response(422, error.code, "Refused", error.detail)


def install(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def _problem(_: Request, error: ProblemError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else {}
        headers.update(error.headers)
        return problem_response(
            error.status, error.code, error.title, error.detail, headers, **error.extra
        )

    @app.exception_handler(DomainError)
    async def _domain(_: Request, error: DomainError) -> JSONResponse:
        return _domain_problem(error)

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


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Declare a route's problem responses for the OpenAPI schema."""
    return {
        status: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": "Problem"}
        for status in statuses
    }
