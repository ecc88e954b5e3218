"""The schema as a contract on every response the tests see: a problem's code must be one
its operation declares for that status (`x-problem-codes`), and a header the response
declares `required` must be there, so what the schema does not say fails the test that
met it."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import httpx

from service.problems import PROBLEM_CODES, PROBLEM_JSON


@cache
def _templates(paths: tuple[str, ...]) -> list[tuple[re.Pattern[str], str]]:
    """Path templates as patterns, literal ones first (`/v1/orders/{id}` after `/v1/orders`)."""
    ordered = sorted(paths, key=lambda path: (path.count("{"), path))
    return [(re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), path) for path in ordered]


def declared(schema: dict[str, Any], method: str, path: str, status: int) -> dict[str, Any] | None:
    """The response the operation serving `method path` declares for `status` ({} if none);
    None when no operation serves it (an unknown path, a method the path does not answer)."""
    for pattern, template in _templates(tuple(schema["paths"])):
        if pattern.match(path):
            operation = schema["paths"][template].get(method.lower())
            if operation is None:
                return None
            answer: dict[str, Any] = operation["responses"].get(str(status), {})
            return answer
    return None


def _required_headers(schema: dict[str, Any], answer: dict[str, Any]) -> list[str]:
    headers = schema["components"]["headers"]
    return [
        name
        for name, header in answer.get("headers", {}).items()
        if headers[header["$ref"].rsplit("/", 1)[1]].get("required")
    ]


def check_response(schema: dict[str, Any], response: httpx.Response) -> None:
    """Fail when `response` is a problem whose code its operation does not declare, or
    lacks a header it declares required."""
    request = response.request
    answer = declared(schema, request.method, request.url.path, response.status_code)
    if answer is None:
        return
    where = f"{request.method} {request.url.path} {response.status_code}"
    for name in _required_headers(schema, answer):
        assert name in response.headers, f"{where} has no {name}, which it declares required"
    if not response.headers.get("content-type", "").startswith(PROBLEM_JSON):
        return
    codes = answer.get(PROBLEM_CODES, [])
    code = response.json().get("code")
    assert code in codes, (
        f"{where} `{code}`: its operation does not declare the code (it declares {codes})"
    )
