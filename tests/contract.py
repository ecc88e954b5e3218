"""The schema as a contract on every response the tests see: its status must be one the
operation declares, its JSON body must match the declared schema, a problem's code must be
one the operation declares for that status (`x-problem-codes`), and a header declared
`required` must be there. What the schema does not say fails the test that met it."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import httpx
import jsonschema_rs

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


_VALIDATORS: dict[tuple[int, str], jsonschema_rs.Validator] = {}


def _validator(schema: dict[str, Any], body: dict[str, Any]) -> jsonschema_rs.Validator:
    """A validator of `body` (a response's schema), its `$ref`s resolved in `schema`."""
    key = (id(schema), repr(body))
    if key not in _VALIDATORS:
        document = {**body, "components": schema["components"]}
        _VALIDATORS[key] = jsonschema_rs.Draft202012Validator(document)
    return _VALIDATORS[key]


def _check_body(schema: dict[str, Any], answer: dict[str, Any], response: httpx.Response) -> None:
    media = response.headers.get("content-type", "").split(";")[0]
    content = answer.get("content", {})
    if not media.endswith("json") or not response.content:
        return
    where = f"{response.request.method} {response.request.url.path} {response.status_code}"
    assert media in content, f"{where}: {media} is not a declared content type ({list(content)})"
    errors = list(_validator(schema, content[media]["schema"]).iter_errors(response.json()))
    assert not errors, f"{where}: the body does not match the schema: {errors[0]}"


def check_response(schema: dict[str, Any], response: httpx.Response) -> None:
    """Fail when `response` has a status its operation does not declare, a body that does
    not match the declared schema, a problem code the operation does not declare, or lacks
    a header it declares required."""
    request = response.request
    answer = declared(schema, request.method, request.url.path, response.status_code)
    if answer is None:
        return
    where = f"{request.method} {request.url.path} {response.status_code}"
    assert answer, f"{where}: the operation does not declare this status"
    _check_body(schema, answer, response)
    for name in _required_headers(schema, answer):
        assert name in response.headers, f"{where} has no {name}, which it declares required"
    if not response.headers.get("content-type", "").startswith(PROBLEM_JSON):
        return
    codes = answer.get(PROBLEM_CODES, [])
    code = response.json().get("code")
    assert code in codes, (
        f"{where} `{code}`: its operation does not declare the code (it declares {codes})"
    )
