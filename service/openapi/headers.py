"""Headers by rule: what every response of a kind sends, and the Idempotency-Key every
authenticated POST takes. Routes declare the headers only they send (`sends`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from service.api.headers import HEADERS
from service.openapi.operations import Operation
from service.problems import PROBLEM_CODES

IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "one per logical request, reused on its retries: the same key and body replay the "
        "first response (`Idempotent-Replayed: true`), for 24 hours at least; another body "
        "gets 422 `idempotency_key_reused`"
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    "example": "topup-2026-12-04-0001",
}
RETRY_LATER = {"idempotency_key_in_flight", "database_busy", "database_unavailable"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/headers/{name}"}


def _sent(operation: Operation, status: int, response: dict[str, Any]) -> list[str]:
    names = ["X-Request-Id"]
    if operation.idempotent and 200 <= status < 300:
        names.append("Idempotent-Replayed")
    if status == 401:
        names.append("WWW-Authenticate")
    if RETRY_LATER & set(response.get(PROBLEM_CODES, ())):
        names.append("Retry-After")
    return names


def apply(operations: Iterable[Operation], components: dict[str, Any]) -> None:
    components["headers"] = HEADERS
    components.setdefault("parameters", {})["Idempotency-Key"] = IDEMPOTENCY_KEY
    for operation in operations:
        if operation.idempotent:
            parameters = operation.spec.setdefault("parameters", [])
            parameters.append({"$ref": "#/components/parameters/Idempotency-Key"})
        for status, response in operation.spec["responses"].items():
            headers = response.setdefault("headers", {})
            for name in _sent(operation, int(status), response):
                headers.setdefault(name, _ref(name))
