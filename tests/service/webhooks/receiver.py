"""A real HTTP server on loopback that receives webhooks and checks them as a brand would."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks.webhooks import Webhook


class Receiver:
    """Verifies each delivery with the Standard Webhooks reference library; answers 500 to
    the first `fail_first` deliveries, then 200."""

    def __init__(
        self, secret: str = "", fail_first: int = 0, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.secret = secret
        self.fail_first = fail_first
        self.calls = 0
        self.hosts: list[str] = []  # the Host header of each delivery
        self.received: list[dict[str, Any]] = []
        self.bad_signatures = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                with receiver.lock:
                    receiver.calls += 1
                    receiver.hosts.append(self.headers.get("host", ""))
                    failing = receiver.calls <= receiver.fail_first
                    if receiver.verified(body, self.headers):
                        receiver.received.append(
                            {"id": self.headers["webhook-id"], "event": json.loads(body)}
                        )
                    else:
                        receiver.bad_signatures += 1
                self.send_response(500 if failing else 200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.port = self.server.server_port
        self.url = f"http://{host}:{self.port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def verified(self, body: bytes, headers: Any) -> bool:
        """The signature as the reference implementation computes it (the timestamp check is
        left out: the service runs on a test clock)."""
        stamp = datetime.fromtimestamp(int(headers["webhook-timestamp"]), UTC)
        expected = Webhook(self.secret).sign(headers["webhook-id"], stamp, body.decode())
        return expected in headers["webhook-signature"].split(" ")

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
