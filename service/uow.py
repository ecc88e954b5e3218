"""One unit of work per request: every route opens one session, and commits it once, after
the response is built and before it is sent, so that a failed commit is never a 2xx and an
Idempotency-Key's stored response commits with the effects it describes."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from service.api import idempotency
from service.audit import record as audit
from service.problems import ProblemError


class UnknownParameter(ProblemError):
    code = "unknown_parameter"


def _query_names(dependant: Dependant) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


class InvalidParameter(ProblemError):
    code = "validation_error"


_CLAIM = "idempotency_claim_"


def claiming_last(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """The endpoint with the Idempotency-Key claim as its last dependency, so that the
    dependencies declared before it (the caller, the role check) run first."""
    signature = inspect.signature(endpoint)
    if not inspect.iscoroutinefunction(endpoint) or _CLAIM in signature.parameters:
        return endpoint
    claim = inspect.Parameter(
        _CLAIM, inspect.Parameter.KEYWORD_ONLY,
        default=Depends(idempotency.claim_for_caller), annotation=None,
    )  # fmt: skip

    @functools.wraps(endpoint)
    async def endpoint_after_claim(*args: Any, **kwargs: Any) -> Any:
        kwargs.pop(_CLAIM, None)
        return await endpoint(*args, **kwargs)

    parameters = [*signature.parameters.values(), claim]
    endpoint_after_claim.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    return endpoint_after_claim


class UnitOfWorkRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        methods = {m.upper() for m in options.get("methods") or ()}
        super().__init__(
            path, claiming_last(endpoint) if "POST" in methods else endpoint, **options
        )

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        known = _query_names(self.dependant)

        async def run(request: Request) -> Response:
            unknown = sorted(set(request.query_params) - known)
            if unknown:  # a misspelt filter must not silently list everything
                raise UnknownParameter(f"unknown query parameters: {', '.join(unknown)[:200]}")
            if any("\x00" in value for value in request.query_params.values()):
                raise InvalidParameter("query parameters may not contain NUL characters")
            state = request.app.state
            async with state.db.sessions() as session:
                request.state.db_session = session
                prior = await audit.before(session, request)
                try:  # the handler's dependencies claim the Idempotency-Key, after auth
                    response = await handler(request)
                except idempotency.Replayed as replay:
                    return replay.response
                await audit.record(session, request, response, prior)  # in the same commit
                claimed = getattr(request.state, "idempotency_claim", None)
                if claimed is not None and response.status_code < 500:
                    secrets = getattr(request.state, "secret_fields", ())
                    await idempotency.complete(session, claimed, response, secrets)
                if session.in_transaction() or session.new or session.dirty or session.deleted:
                    await session.commit()  # (a poll answered from memory has nothing to commit)
                return response

        return run


def Router(**options: Any) -> APIRouter:
    return APIRouter(route_class=UnitOfWorkRoute, **options)
