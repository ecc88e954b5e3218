"""A webhook receiver that answers one byte a second: the slowest a receiver can be while
still answering, which no per-read timeout ever ends."""

from __future__ import annotations

import asyncio
import contextlib

ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"


class TrickleReceiver:
    def __init__(self) -> None:
        self.requests = 0
        self.open = 0  # connections being answered now
        self.most_open = 0
        self.stalled = asyncio.Event()  # set once an answer has begun to trickle
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        answering = False
        try:
            await reader.readuntil(b"\r\n\r\n")  # the request's head; the body stays unread
            self.requests += 1
            answering = True
            self.open += 1
            self.most_open = max(self.most_open, self.open)
            for byte in ANSWER:
                writer.write(bytes([byte]))
                await writer.drain()
                self.stalled.set()
                await asyncio.sleep(1.0)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            self.open -= 1 if answering else 0
            self._writers.discard(writer)
            writer.close()

    async def __aenter__(self) -> TrickleReceiver:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._server.wait_closed(), 5)
