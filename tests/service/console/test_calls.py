"""Answers passed on as they stream: a few chunks ahead of the reader at most, the API's
work stopped when the reader goes away, a refusal read whole."""

from __future__ import annotations

import asyncio

import pytest
from starlette.requests import ClientDisconnect
from starlette.types import Message, Receive, Scope, Send

from service.console.calls import PassedOn, stream


class Export:
    """An app that writes 100 lines, one chunk each, and notes how far it got."""

    def __init__(self, status: int = 200) -> None:
        self.status, self.sent, self.cancelled = status, 0, False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["headers"] == [(b"authorization", b"Bearer the-key")]
        headers = [(b"content-type", b"text/csv"), (b"content-disposition", b"attachment")]
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        try:
            for n in range(100):
                await send({"type": "http.response.body", "body": b"%d\n" % n, "more_body": True})
                self.sent += 1
            await send({"type": "http.response.body", "body": b""})
        except asyncio.CancelledError:
            self.cancelled = True
            raise


async def test_the_body_comes_in_chunks_a_few_ahead_of_the_reader() -> None:
    app = Export()
    passed = await stream(app, "/v1/export.csv", "the-key")
    assert passed.status == 200 and passed.headers["content-disposition"] == "attachment"
    assert await anext(passed.body) == b"0\n"
    await asyncio.sleep(0.01)
    assert app.sent < 10  # not the whole export in memory
    rest = b"".join([chunk async for chunk in passed.body])
    assert rest == b"".join(b"%d\n" % n for n in range(1, 100)) and not app.cancelled


async def test_a_reader_that_goes_away_stops_the_export() -> None:
    app = Export()
    passed = await stream(app, "/v1/export.csv", "the-key")
    await anext(passed.body)
    await passed.body.aclose()
    assert app.cancelled and app.sent < 10


async def test_a_reader_that_goes_away_before_reading_stops_the_export() -> None:
    """The browser hung up before the response began: the body was never started."""
    app = Export()
    passed = await stream(app, "/v1/export.csv", "the-key")
    await asyncio.sleep(0.01)  # the export runs ahead, then waits for a reader
    await passed.aclose()
    assert app.cancelled and app.sent < 10 and passed.task.done()


async def test_a_response_that_ends_early_stops_the_export() -> None:
    """The response passing the answer on fails to send (the client is gone)."""
    app = Export()
    response = PassedOn(await stream(app, "/v1/export.csv", "the-key"), {})

    async def receive() -> Message:
        await asyncio.Event().wait()
        raise AssertionError

    async def send(message: Message) -> None:
        if message["type"] == "http.response.body":
            raise OSError("the client went away")

    with pytest.raises(ClientDisconnect):
        await response({"type": "http", "asgi": {"spec_version": "2.4"}}, receive, send)
    assert app.cancelled and response.passed.task.done()


async def test_a_refusal_is_read_whole() -> None:
    answer = await (await stream(Export(404), "/v1/export.csv", "the-key")).answer()
    assert answer.status == 404 and not answer.ok and answer.body is None
