"""The headers the API sends, as the schema declares them (`components.headers`);
`required`: on every response that declares it.

A route names the ones only it sends with `sends(...)` in its `responses`; those every
response of a kind carries (X-Request-Id, Idempotent-Replayed, Retry-After,
WWW-Authenticate) the schema adds by rule (`service.openapi.headers`).
"""

from __future__ import annotations

from typing import Any

HEADERS: dict[str, dict[str, Any]] = {
    "X-Request-Id": {
        "required": True,
        "description": (
            "the request's id, in logs and traces; the one sent, when it is 1-128 characters "
            "of `A-Za-z0-9._-`"
        ),
        "schema": {"type": "string", "example": "req_5f0c8a4b9e2d7c1a3b6e8f00"},
    },
    "ETag": {
        "required": True,
        "description": 'the order\'s version as an entity tag (`"v3"`), for `If-Match` and '
        "`If-None-Match`",
        "schema": {"type": "string", "example": '"v3"'},
    },
    "Idempotent-Replayed": {
        "description": "`true` when this is the stored response of an earlier request with "
        "the same Idempotency-Key",
        "schema": {"type": "string", "enum": ["true"]},
    },
    "X-Dry-Run": {
        "description": "`true` when the order is shown as it would be; nothing changed",
        "schema": {"type": "string", "enum": ["true"]},
    },
    "Preference-Applied": {
        "description": "`wait=N` when the request waited for a change (`Prefer: wait=N`)",
        "schema": {"type": "string", "example": "wait=25"},
    },
    "Retry-After": {
        "description": "seconds to wait before retrying",
        "schema": {"type": "integer", "minimum": 0, "example": 1},
    },
    "WWW-Authenticate": {
        "required": True,
        "description": "how to authenticate: `Bearer` with an API key",
        "schema": {"type": "string", "example": "Bearer"},
    },
}


def sends(*names: str, description: str | None = None) -> dict[str, Any]:
    """A response's entry in a route's `responses`, declaring headers it sends."""
    unknown = set(names) - set(HEADERS)
    if unknown:
        raise ValueError(f"headers not declared in HEADERS: {sorted(unknown)}")
    declared: dict[str, Any] = {
        "headers": {name: {"$ref": f"#/components/headers/{name}"} for name in names}
    }
    if description:
        declared["description"] = description
    return declared
