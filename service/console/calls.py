"""The REST API called in process, as the signed-in party: no network, no second copy of
any rule, and the API's permissions, idempotency and problem answers as they are."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlette.responses import StreamingResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


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


def _scope(method: str, path: str, query: dict[str, str] | None, headers: dict[str, str]) -> Scope:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": urlencode(query or {}).encode(),
        "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 0),
        "server": ("console", 80),
    }


def _headers(started: Message) -> dict[str, str]:
    return {k.decode().lower(): v.decode() for k, v in started.get("headers", [])}


def _answer(status: int, headers: dict[str, str], raw: bytes) -> Answer:
    parsed: Any = json.loads(raw) if raw and "json" in headers.get("content-type", "") else None
    return Answer(status, parsed, headers)


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
    scope = _scope(method, path, query, sent)
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
    return _answer(int(started.get("status", 500)), _headers(started), b"".join(chunks))


@dataclass(frozen=True)
class Passed:
    """An answer passed on as it comes: its status and headers, then its body in chunks,
    written by the API in `task`."""

    status: int
    headers: dict[str, str]
    body: AsyncGenerator[bytes, None]
    task: asyncio.Task[None]

    async def answer(self) -> Answer:
        """The whole answer, read (for a refusal: a short problem document)."""
        raw = b"".join([chunk async for chunk in self.body])
        return _answer(self.status, self.headers, raw)

    async def aclose(self) -> None:
        """Stops the API's work unless the body was read to its end: the reader went away,
        perhaps before reading anything (a generator never started never runs its own
        clean-up, so this is the one that always runs)."""
        await self.body.aclose()
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)


class PassedOn(StreamingResponse):
    """A response that passes an answer on, and stops the API's work however it ends."""

    def __init__(self, passed: Passed, headers: dict[str, str]) -> None:
        super().__init__(passed.body, passed.status, headers=headers)
        self.passed = passed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            await self.passed.aclose()


async def stream(app: ASGIApp, path: str, key: str) -> Passed:
    """A GET whose body is passed on chunk by chunk while the API writes it (exports): the
    API's work runs in its own task, a few chunks ahead of the reader at most."""
    scope = _scope("GET", path, None, {"authorization": f"Bearer {key}"})
    # ASGI 2.4: the app need not listen for a disconnect while it streams.
    scope["asgi"]["spec_version"] = "2.4"
    messages: asyncio.Queue[Message | None] = asyncio.Queue(maxsize=4)
    finished = asyncio.Event()
    request_sent = False

    async def receive() -> Message:
        nonlocal request_sent
        if not request_sent:
            request_sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await finished.wait()
        return {"type": "http.disconnect"}

    async def run() -> None:
        try:
            await app(scope, receive, messages.put)
        except asyncio.CancelledError:
            raise  # stopped because nobody reads on: no end to announce
        except BaseException:
            await messages.put(None)
            raise
        await messages.put(None)

    task = asyncio.create_task(run())
    first = await messages.get()
    if first is None or first["type"] != "http.response.start":
        await task  # the app's error, if it raised before answering
        raise RuntimeError(f"{path} answered nothing")

    async def body() -> AsyncGenerator[bytes, None]:
        done = False
        try:
            while (message := await messages.get()) is not None:
                if message["type"] == "http.response.body":
                    if message.get("body"):
                        yield message["body"]
                    if not message.get("more_body", False):
                        break
            done = True
        finally:
            finished.set()
            if not done:  # the reader went away: stop the export
                task.cancel()
            await asyncio.gather(task, return_exceptions=not done)

    return Passed(int(first["status"]), _headers(first), body(), task)
