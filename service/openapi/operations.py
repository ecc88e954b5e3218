"""The operations of a schema, each with the route that serves it: what the rules of the
other modules read (whether it authenticates, takes a body, takes which parameters)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from service.deps import needs_caller
from service.uow import UnitOfWorkRoute


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    spec: dict[str, Any]
    route: APIRoute

    @property
    def authenticated(self) -> bool:
        return needs_caller(self.route.dependant)

    @property
    def unit_of_work(self) -> bool:
        """Served in one database transaction, unknown query parameters refused."""
        return isinstance(self.route, UnitOfWorkRoute)

    @property
    def idempotent(self) -> bool:
        """Takes an Idempotency-Key: an authenticated POST (`service.api.idempotency`)."""
        return self.method == "post" and self.unit_of_work and self.authenticated

    @property
    def takes_body(self) -> bool:
        return "requestBody" in self.spec

    def parameters(self, where: str) -> list[str]:
        return [p["name"] for p in self.spec.get("parameters", ()) if p.get("in") == where]


def operations(schema: dict[str, Any], app: FastAPI) -> Iterator[Operation]:
    """Every operation of `schema`, in order, with the route that serves it."""
    routes = {
        (context.path, method.lower()): context.original_route
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute)
        for method in context.original_route.methods or ()
    }
    for path, methods in schema["paths"].items():
        for method, spec in methods.items():
            yield Operation(path, method, spec, routes[path, method])
