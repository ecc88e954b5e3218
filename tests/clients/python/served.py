"""The service as integrators meet it: uvicorn on a loopback port, on the test's database,
with the worker in the process (timers, webhooks), in dev mode (loopback webhook URLs); a
webhook receiver that keeps what it got; a proxy that can cut a connection after the
server answered, as a network does."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from tests.factories import OPS_KEY
from tests.reliability.processes import ApiServer, service_env


@contextmanager
def served(database_url: str, logs: Path) -> Iterator[str]:
    env = service_env(
        database_url,
        XT_BOOTSTRAP_OPS_KEY=OPS_KEY,
        XT_DEV_MODE="true",
        XT_WORKER_IN_PROCESS="true",
        XT_WORKER_POLL_SECONDS="0.2",
    )
    server = ApiServer("api", env, logs)
    server.start()
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.alive, f"the API exited:\n{server.output()[-3000:]}"
            try:
                if httpx.get(f"{server.url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"the API did not start:\n{server.output()}"
            time.sleep(0.1)
        yield server.url
    finally:
        server.kill()


class Received:
    """Webhooks as they arrived: headers and the raw body."""

    def __init__(self) -> None:
        self.deliveries: list[tuple[dict[str, str], bytes]] = []
        self.lock = threading.Lock()

    def wait_for(self, predicate: object, within: float = 30) -> tuple[dict[str, str], bytes]:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            with self.lock:
                for delivery in self.deliveries:
                    if callable(predicate) and predicate(delivery):
                        return delivery
            time.sleep(0.1)
        raise AssertionError(f"no such webhook within {within}s; got {len(self.deliveries)}")


@contextmanager
def webhook_receiver() -> Iterator[tuple[str, Received]]:
    received = Received()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"]))
            with received.lock:
                received.deliveries.append((dict(self.headers.items()), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hooks", received
    finally:
        server.shutdown()
        server.server_close()


class CuttingProxy:
    """Forwards loopback TCP to the API; `cut_after_answer(b"POST /v1/top-ups")` makes it
    drop the server's answer to the next such request and close the client's connection,
    as a network that fails after the server committed does."""

    def __init__(self, target: str) -> None:
        host, port = target.removeprefix("http://").split(":")
        self.target = (host, int(port))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.armed: bytes | None = None
        self.cuts = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def cut_after_answer(self, request_start: bytes) -> None:
        with self.lock:
            self.armed = request_start

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            link = {"cut": False}
            threading.Thread(target=self._up, args=(client, upstream, link), daemon=True).start()
            threading.Thread(target=self._down, args=(upstream, client, link), daemon=True).start()

    def _up(self, client: socket.socket, upstream: socket.socket, link: dict[str, bool]) -> None:
        try:
            while data := client.recv(65536):
                with self.lock:
                    if self.armed is not None and data.startswith(self.armed):
                        link["cut"], self.armed = True, None
                upstream.sendall(data)
        except OSError:
            pass

    def _down(self, upstream: socket.socket, client: socket.socket, link: dict[str, bool]) -> None:
        try:
            while data := upstream.recv(65536):
                if link["cut"]:  # the server answered (it committed): the client never hears
                    with self.lock:
                        self.cuts += 1
                    break
                client.sendall(data)
        except OSError:
            pass
        for end in (client, upstream):  # shutdown first: it wakes the other pump's recv
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def close(self) -> None:
        self.listener.close()
