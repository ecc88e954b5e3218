"""The REST API called in process, as the signed-in party: no network, no second copy of
any rule, and the API's permissions, idempotency and problem answers as they are."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlette.types import ASGIApp, Message


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any
    headers: dict[str, str]

    @property
    def ok(self) -> bool:
        return self.status < 400

    @property
    def problem(self) -> str:
        """What went wrong, as the API says it (the problem's detail, else its title)."""
        if isinstance(self.body, dict):
            return str(self.body.get("detail") or self.body.get("title") or self.status)
        return str(self.status)

    @property
    def code(self) -> str:
        return str(self.body.get("code", "")) if isinstance(self.body, dict) else ""


async def call(
    app: ASGIApp,
    method: str,
    path: str,
    key: str,
    *,
    query: dict[str, str] | None = None,
    body: dict[str, Any] | None = None,
    idempotency_key: str | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    payload = b"" if body is None else json.dumps(body).encode()
    sent = {"authorization": f"Bearer {key}", **(headers or {})}
    if body is not None:
        sent["content-type"] = "application/json"
        sent["content-length"] = str(len(payload))
    if idempotency_key:
        sent["idempotency-key"] = idempotency_key
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": urlencode(query or {}).encode(),
        "headers": [(k.encode(), v.encode()) for k, v in sent.items()],
        "client": ("127.0.0.1", 0),
        "server": ("console", 80),
    }
    request_sent = False
    started: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def receive() -> Message:
        nonlocal request_sent
        if not request_sent:
            request_sent = True
            return {"type": "http.request", "body": payload, "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            started.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    raw = b"".join(chunks)
    answered = {k.decode().lower(): v.decode() for k, v in started.get("headers", [])}
    parsed: Any = json.loads(raw) if raw and "json" in answered.get("content-type", "") else None
    return Answer(int(started.get("status", 500)), parsed, answered)
