"""One unit of work per request: every route opens one session, and commits it once, after
the response is built and before it is sent, so that a failed commit is never a 2xx and an
Idempotency-Key's stored response commits with the effects it describes."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from service.integrator import idempotency
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


class UnitOfWorkRoute(APIRoute):
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
                claimed = None
                key = request.headers.get(idempotency.HEADER)
                if request.method == "POST" and key is not None:
                    outcome = await idempotency.claim(
                        session, request, key, state.settings, state.clock.now()
                    )
                    if isinstance(outcome, Response):
                        return outcome
                    claimed = outcome
                response = await handler(request)
                if claimed is not None and response.status_code < 500:
                    await idempotency.complete(session, claimed, response)
                if session.in_transaction() or session.new or session.dirty or session.deleted:
                    await session.commit()  # (a poll answered from memory has nothing to commit)
                return response

        return run


def Router(**options: Any) -> APIRouter:
    return APIRouter(route_class=UnitOfWorkRoute, **options)
