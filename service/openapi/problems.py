"""Problem responses: the codes each operation can answer, grouped by status.

An operation answers the codes its route declares (`service.problems.answers`) and those
every route of its kind answers, by rule: a key-holding route 401 and 403, a body 400, 413
and 422, a path parameter 404, and so on. Each response lists its codes (`x-problem-codes`,
and in words); `ProblemCode` enumerates the catalogue (`service.errors`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from service.errors import Code
from service.openapi.operations import Operation
from service.problems import PROBLEM_CODES, PROBLEM_JSON, Problem

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
CODE_REF = {"$ref": "#/components/schemas/ProblemCode"}
TITLES = {
    400: "Bad request", 401: "Authentication required", 402: "Payment required",
    403: "Forbidden", 404: "Not found", 409: "Conflict", 412: "Precondition failed",
    413: "Payload too large", 422: "Unprocessable", 503: "Service unavailable",
}  # fmt: skip


def _by_rule(operation: Operation) -> Iterator[tuple[int | None, str]]:
    """(status, code) pairs every operation of its kind answers; None: the code's status."""
    if operation.authenticated:
        yield from ((None, "unauthenticated"), (None, "forbidden"))
    if operation.takes_body:
        yield from ((None, "malformed_request"), (None, "payload_too_large"))
        yield from ((None, "validation_error"), (None, "invalid_value"))
    if operation.spec.get("parameters"):
        yield None, "validation_error"
    if operation.parameters("path"):
        yield None, "not_found"
    if "If-Match" in operation.parameters("header"):
        yield 412, "version_conflict"  # the one code with two statuses: 409 without If-Match
    if operation.idempotent:
        yield None, "invalid_idempotency_key"
        yield from ((None, "idempotency_key_in_flight"), (None, "idempotency_key_reused"))
    if operation.unit_of_work:
        yield from ((None, "unknown_parameter"), (None, "database_busy"))


def answered(operation: Operation, codes: dict[str, Code]) -> dict[int, list[str]]:
    """The codes `operation` answers, by status, each once."""
    declared = operation.spec.pop(PROBLEM_CODES, [])
    pairs = [*_by_rule(operation), *((None, code) for code in declared)]
    by_status: dict[int, list[str]] = {}
    for status, code in pairs:
        if code not in codes:
            raise LookupError(f"{operation.spec['operationId']}: '{code}' is not catalogued")
        answers = by_status.setdefault(status or codes[code].status, [])
        if code not in answers:
            answers.append(code)
    return dict(sorted(by_status.items()))


def _response(status: int, names: Iterable[str], codes: dict[str, Code]) -> dict[str, Any]:
    listed = "\n".join(f"- `{code}`: {codes[code].meaning}" for code in names)
    return {
        "description": f"{TITLES.get(status, 'Problem')}:\n{listed}",
        PROBLEM_CODES: list(names),
        "content": {PROBLEM_JSON: {"schema": PROBLEM_REF}},
    }


def apply(
    operations: Iterable[Operation], components: dict[str, Any], codes: dict[str, Code]
) -> None:
    for operation in operations:
        responses = operation.spec.setdefault("responses", {})
        for status in [s for s in responses if int(s) >= 400]:
            del responses[status]  # FastAPI's own 422, replaced by the codes'
        for status, names in answered(operation, codes).items():
            responses[str(status)] = _response(status, names, codes)
    schemas = components["schemas"]
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    added = {**problem.pop("$defs"), "Problem": problem}
    clashes = sorted(name for name in added if schemas.get(name, added[name]) != added[name])
    if clashes:
        raise ValueError(f"two schemas named {clashes}")
    schemas.update(added)
    schemas["ProblemCode"] = {
        "title": "ProblemCode",
        "type": "string",
        "enum": sorted(codes),
        "description": "Every code a problem can carry, with its status:\n"
        + "\n".join(f"- `{c}` ({codes[c].status}): {codes[c].meaning}" for c in sorted(codes)),
    }
    schemas["Problem"]["properties"]["code"] = CODE_REF
