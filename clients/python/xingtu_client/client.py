"""The official client: the generated operations (`xingtu_client_core.api`), called the
right way by default.

    from xingtu_client import Xingtu
    from xingtu_client_core.api.money import create_top_up
    from xingtu_client_core.models import TopUpCreate

    brand = Xingtu("http://127.0.0.1:8000", api_key="...")
    top_up = brand.call(create_top_up.sync_detailed, body=TopUpCreate(amount_fen=500_000))

`call` gives every POST an Idempotency-Key of its own (one per call, the same on each of
its retries), retries with backoff what is safe to send again (a lost connection when the
request has a key or an idempotent method; 409 `idempotency_key_in_flight`; 503), returns
the parsed body of a 2xx and raises a typed `ApiError` otherwise.
"""

from __future__ import annotations

import inspect
import json
import os
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from xingtu_client_core import AuthenticatedClient
from xingtu_client_core.api.events import list_events
from xingtu_client_core.api.orders import get_order, get_order_machine
from xingtu_client_core.models import EventPublic, MachineDescription, OrderPublic, Problem
from xingtu_client_core.types import UNSET, Response, Unset

from xingtu_client import errors

T = TypeVar("T")
# Retried whatever the request: nothing was done (the transaction rolled back, or waits).
RETRIED = (errors.IdempotencyKeyInFlight, errors.ServiceUnavailable)
# Sending these again does no more than sending them once.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Fields of a response that the service shows once and a replay shows as null.
SECRET_FIELDS = ("key", "secret")


def _safe_to_resend(error: httpx.TransportError) -> bool:
    """Whether a request that met `error` may be sent again: it never reached the server,
    or doing it twice does what doing it once does (an idempotent method, or a POST with
    an Idempotency-Key, which the server answers from its first run)."""
    if isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout)):
        return True
    try:
        request = error.request
    except RuntimeError:  # no request attached: nothing to tell
        return False
    return request.method in IDEMPOTENT_METHODS or "idempotency-key" in request.headers


@dataclass(frozen=True)
class Retries:
    """How often and how long to retry: `attempts` in all, waiting `base` × 2ⁿ seconds
    (at most `cap`, jittered, or what `Retry-After` says) between them."""

    attempts: int = 5
    base: float = 0.2
    cap: float = 5.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.cap)
        return min(self.cap, self.base * 2.0**attempt) * random.uniform(0.5, 1.0)


def _raise_problems(response: httpx.Response) -> None:
    """An httpx response hook: any status from 400 up raises its ApiError, before the
    generated code parses the body (so a code this client does not know yet still works)."""
    if response.status_code < 400:
        return
    response.read()
    try:
        problem = json.loads(response.content)
    except ValueError:
        problem = {"code": "unknown", "detail": response.text[:200]}
    if not isinstance(problem, dict):
        problem = {"code": "unknown", "detail": str(problem)[:200]}
    retry_after = response.headers.get("retry-after")
    kind = errors.error_class(response.status_code, problem)
    raise kind(
        response.status_code,
        problem,
        response.headers.get("x-request-id"),
        float(retry_after) if retry_after and retry_after.isdigit() else None,
    )


class Xingtu:
    """One API key's view of the service."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = 40.0,
        retries: Retries = Retries(),
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        options: dict[str, Any] = {"event_hooks": {"response": [_raise_problems]}}
        if transport is not None:
            options["transport"] = transport
        self.core = AuthenticatedClient(
            base_url=base_url,
            token=api_key,
            timeout=httpx.Timeout(timeout),
            raise_on_unexpected_status=True,
            httpx_args=options,
        )
        self.retries = retries
        self._final_states: frozenset[str] | None = None

    def close(self) -> None:
        self.core.get_httpx_client().close()

    def __enter__(self) -> Xingtu:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def call(
        self, operation: Callable[..., Response[T | Problem]], /, *args: Any, **kwargs: Any
    ) -> T:
        """Run a generated operation (`<module>.sync_detailed`) and return its 2xx body.
        Raises SecretNotShownAgain when a retry replayed an answer whose secret is gone."""
        response = self.send(operation, *args, **kwargs)
        parsed = response.parsed
        if parsed is None or isinstance(parsed, Problem):
            raise errors.ApiError(int(response.status_code), {"detail": "no body to parse"})
        if response.headers.get("idempotent-replayed") == "true" and any(
            getattr(parsed, field, "") is None for field in SECRET_FIELDS
        ):
            raise errors.SecretNotShownAgain(parsed)
        return parsed

    def send(
        self, operation: Callable[..., Response[T]], /, *args: Any, **kwargs: Any
    ) -> Response[T]:
        """Run a generated operation with the key and the retries; the whole response
        (status, headers, parsed body), for what `call` does not show (a 304, an ETag)."""
        takes_key = "idempotency_key" in inspect.signature(operation).parameters
        if takes_key and "idempotency_key" not in kwargs:
            kwargs["idempotency_key"] = f"xt-{uuid.uuid4()}"  # one per logical call
        for attempt in range(self.retries.attempts):
            last = attempt == self.retries.attempts - 1
            try:
                return operation(*args, client=self.core, **kwargs)
            except httpx.TransportError as error:
                # The server may have done it and its answer been lost on the way.
                if last or not _safe_to_resend(error):
                    raise
                wait = self.retries.delay(attempt, None)
            except RETRIED as error:
                if last:
                    raise
                wait = self.retries.delay(attempt, error.retry_after)
            time.sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def watch_order(self, order_id: str, *, wait: int = 25) -> Iterator[OrderPublic]:
        """The order now, then each new version as it happens (long polls: `If-None-Match`
        and `Prefer: wait`), until it reaches a final state."""
        finals = self._finals()
        etag: str | Unset = UNSET
        while True:
            response = self.send(
                get_order.sync_detailed, order_id, if_none_match=etag, prefer=f"wait={wait}"
            )
            if response.status_code == 304 or not isinstance(response.parsed, OrderPublic):
                continue
            etag = response.headers.get("etag", UNSET)
            yield response.parsed
            if str(response.parsed.state) in finals:
                return

    def events(
        self, after: int | None = None, *, checkpoint: Checkpoint | None = None, limit: int = 100
    ) -> Iterator[EventPublic]:
        """The caller's events in sequence order, from after `after` (or the checkpoint's
        last saved sequence); each event's sequence is saved to `checkpoint` once the loop
        asks for the next one, i.e. once the caller has handled it. Ends when caught up."""
        position = after if after is not None else (checkpoint.load() if checkpoint else None)
        while True:
            kwargs: dict[str, Any] = {"limit": limit}
            if position is not None:
                kwargs["after"] = position
            page = self.call(list_events.sync_detailed, **kwargs)
            for event in page.data:
                yield event
                position = event.sequence
                if checkpoint is not None:
                    checkpoint.save(position)
            if not page.has_more:
                return

    def _finals(self) -> frozenset[str]:
        if self._final_states is None:
            machine: MachineDescription = self.call(get_order_machine.sync_detailed)
            self._final_states = frozenset(str(state) for state in machine.final)
        return self._final_states


class Checkpoint:
    """Where an events loop got to: the last sequence handled."""

    def load(self) -> int | None:
        raise NotImplementedError

    def save(self, sequence: int) -> None:
        raise NotImplementedError


class FileCheckpoint(Checkpoint):
    """A checkpoint in a file, replaced atomically on each save."""

    def __init__(self, path: str) -> None:
        self.path = path

    def load(self) -> int | None:
        try:
            with open(self.path) as file:
                written = file.read().strip()
        except FileNotFoundError:
            return None
        return int(written) if written else None

    def save(self, sequence: int) -> None:
        """Written to a new file, flushed to disk, then renamed over the old one: a crash
        leaves the old checkpoint or the new one, never a torn one."""
        temporary = f"{self.path}.tmp"
        with open(temporary, "w") as file:
            file.write(str(sequence))
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, self.path)
