"""The OpenAPI schema as integrators read it: problems typed as application/problem+json,
and the errors every operation can meet declared on every operation."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from service.problems import PROBLEM_JSON

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PUBLIC = {
    ("get", "/health"),
    ("get", "/v1/order-machine"),
    ("post", "/v1/integrations/video-platform/callback"),
}
AUTHENTICATED = {
    "401": "no API key, or an unknown or revoked one",
    "403": "the caller's role may never do this",
}
COMMON = {
    "400": "the body is not well-formed JSON",
    "413": "the body is over the size limit",
    "503": "the database is busy; retry after Retry-After",
}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_JSON: {"schema": PROBLEM_REF}}}


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        schema.setdefault("components", {})["securitySchemes"] = {
            "apiKey": {"type": "http", "scheme": "bearer", "description": "an API key"}
        }
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                answers = operation.setdefault("responses", {})
                if (method, path) not in PUBLIC:
                    operation["security"] = [{"apiKey": []}]
                    for status, description in AUTHENTICATED.items():
                        answers.setdefault(status, _problem(description))
                for status, answer in answers.items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content.pop("application/json")
                        content[PROBLEM_JSON] = {"schema": PROBLEM_REF}
                for status, description in COMMON.items():
                    if status in ("400", "413") and method not in ("post", "put", "patch"):
                        continue
                    answers.setdefault(status, _problem(description))
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
