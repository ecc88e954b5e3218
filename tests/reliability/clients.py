"""The HTTP side of the soak and crash tests: clients that send every request the way
integrators are told to, and what they were told (who calls, and what the authorization rules
demand of each answer, is `tests.reliability.parties`).

Every POST carries an Idempotency-Key. A request that meets a transport error (a process
killed under it) is sent again with the same key and body, to the next API process, until it
gets an answer or `give_up_after` seconds have passed; a 409 `idempotency_key_in_flight` is
sent again after its Retry-After. Whatever the clients were told is kept in `Outcomes`.
"""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.reliability.parties import Who


@dataclass
class Outcomes:
    """Everything the clients were told, and everything that should never have happened."""

    requests: int = 0
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    transport_errors: int = 0
    transport_kinds: Counter[str] = field(default_factory=Counter)
    retried: int = 0
    replayed: int = 0
    recovered: int = 0  # retried after a transport error and replayed: the first had committed
    given_up: list[str] = field(default_factory=list)
    top_ups: dict[str, tuple[str, int, str]] = field(default_factory=dict)  # key: brand, fen, id
    withdrawals: dict[str, str] = field(default_factory=dict)  # key: withdrawal id
    orders: dict[str, str] = field(default_factory=dict)  # key: order id
    ledger_checks: int = 0
    contested: int = 0  # the same trigger fired twice at once on one order
    seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    slowest: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))

    def timings(self, routes: int = 10) -> str:
        """Where the clients waited: total and longest seconds of the busiest routes."""
        busiest = sorted(self.seconds.items(), key=lambda item: -item[1])[:routes]
        return ", ".join(f"{r} {t:.0f} s (≤ {self.slowest[r]:.1f} s)" for r, t in busiest)

    def summary(self) -> str:
        top = ", ".join(f"{c}×{n}" for c, n in self.codes.most_common(12))
        return (
            f"{self.requests} requests, {len(self.orders)} orders, {len(self.top_ups)} top-ups, "
            f"{len(self.withdrawals)} withdrawals, {self.contested} contested triggers, "
            f"{self.ledger_checks} ledger checks; {self.transport_errors} transport errors "
            f"{dict(self.transport_kinds)}, {self.retried} retried, {self.replayed} replayed "
            f"({self.recovered} after a lost answer); "
            f"codes: {top}"
        )


def problem_code(response: httpx.Response) -> str | None:
    """The `code` of a problem answer (application/problem+json), or None."""
    if response.headers.get("content-type", "").startswith("application/problem+json"):
        try:
            return str(response.json().get("code"))
        except ValueError:
            return None
    return None


class Http:
    """Clients for every API process; each request goes to the next process in turn."""

    def __init__(self, urls: list[str], outcomes: Outcomes, give_up_after: float = 120) -> None:
        self.clients = [
            httpx.AsyncClient(
                base_url=url,
                timeout=httpx.Timeout(180, connect=5),
                # below uvicorn's 5 s keep-alive, so that no request meets a closing socket
                limits=httpx.Limits(
                    max_connections=64, max_keepalive_connections=64, keepalive_expiry=1.0
                ),
            )
            for url in urls
        ]
        self.turn = itertools.count()
        self.outcomes = outcomes
        self.give_up_after = give_up_after

    async def close(self) -> None:
        for client in self.clients:
            await client.aclose()

    async def send(
        self,
        method: str,
        path: str,
        who: Who,
        route: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        key: str | None = None,
    ) -> httpx.Response | None:
        """The answer, or None if none came within `give_up_after` seconds."""
        out = self.outcomes
        headers = dict(who.headers)
        if method == "POST":
            headers["Idempotency-Key"] = key or uuid.uuid4().hex
        started = time.monotonic()
        attempts = 0
        while True:
            attempts += 1
            if attempts > 1 and time.monotonic() - started > self.give_up_after:
                out.given_up.append(f"{method} {path} by {who.role} after {attempts - 1} attempts")
                return None
            client = self.clients[next(self.turn) % len(self.clients)]
            try:
                response = await client.request(
                    method, path, json=json, params=params, headers=headers
                )
            except httpx.TransportError as error:
                out.transport_errors += 1
                out.transport_kinds[type(error).__name__] += 1
                await asyncio.sleep(0.05 * min(attempts, 10))
                continue
            if (
                response.status_code == 409
                and problem_code(response) == "idempotency_key_in_flight"
            ):
                await asyncio.sleep(float(response.headers.get("retry-after", "1")))
                continue
            break
        took = time.monotonic() - started
        out.seconds[route] += took
        out.slowest[route] = max(out.slowest[route], took)
        out.requests += 1
        replayed = response.headers.get("idempotent-replayed") == "true"
        out.retried += attempts > 1
        out.replayed += replayed
        out.recovered += attempts > 1 and replayed
        out.statuses[(route, response.status_code)] += 1
        out.codes[f"{response.status_code} {problem_code(response) or ''}".strip()] += 1
        if response.status_code >= 500 or response.status_code < 100:
            out.server_errors.append(
                f"{method} {path} by {who.role} → {response.status_code} "
                f"(request {response.headers.get('x-request-id')}): {response.text[:300]}"
            )
        return response
