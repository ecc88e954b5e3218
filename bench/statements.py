"""The statements a request sends: requests sent through the apps in this process (httpx's
ASGI transport, no server) with psycopg's sends counted, ours against the raw app's."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg
from psycopg._connection_base import BaseConnection

from tests.service.timers.bulk import psycopg_url


def _statement_text(query: Any) -> str:
    if isinstance(query, bytes):
        text = query.decode(errors="replace")
    elif isinstance(query, str):
        text = query
    else:
        try:
            text = query.as_string(None)
        except Exception:
            text = repr(query)
    return " ".join(text.split())


@contextmanager
def statements_sent() -> Iterator[list[str]]:
    """Every statement psycopg sends from this process while the block runs: what cursors
    execute (each row of an executemany, which psycopg pipelines, counts as one), and the
    commands psycopg sends on its own (BEGIN, COMMIT, ROLLBACK)."""
    sent: list[str] = []
    cursor_execute = psycopg.AsyncCursor.execute
    cursor_executemany = psycopg.AsyncCursor.executemany
    exec_command = BaseConnection._exec_command

    async def execute(self: Any, query: Any, params: Any = None, **options: Any) -> Any:
        at = len(sent)  # psycopg may send BEGIN first, inside the call
        try:
            return await cursor_execute(self, query, params, **options)
        finally:
            sent.insert(
                at + sum(1 for s in sent[at:] if s.startswith("BEGIN")), _statement_text(query)
            )

    async def executemany(self: Any, query: Any, params_seq: Any, **options: Any) -> Any:
        rows = list(params_seq)  # SQLAlchemy sends these in one pipeline: one statement each
        at = len(sent)
        try:
            return await cursor_executemany(self, query, rows, **options)
        finally:
            text = _statement_text(query)
            begun = sum(1 for s in sent[at:] if s.startswith("BEGIN"))
            sent[at + begun : at + begun] = [
                f"{text} (row {n} of {len(rows)})" for n in range(1, len(rows) + 1)
            ]

    def command(self: Any, statement: Any, *more: Any, **options: Any) -> Any:
        sent.append(_statement_text(statement))
        return (yield from exec_command(self, statement, *more, **options))

    psycopg.AsyncCursor.execute = execute  # type: ignore[method-assign]
    psycopg.AsyncCursor.executemany = executemany  # type: ignore[method-assign]
    BaseConnection._exec_command = command  # type: ignore[method-assign, assignment]
    try:
        yield sent
    finally:
        psycopg.AsyncCursor.execute = cursor_execute  # type: ignore[method-assign]
        psycopg.AsyncCursor.executemany = cursor_executemany  # type: ignore[method-assign]
        BaseConnection._exec_command = exec_command  # type: ignore[method-assign]


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None = None  # JSON


async def _count(app: Any, calls: list[Call], warm: int) -> list[list[str]]:
    transport = httpx.ASGITransport(app=app)
    found = []
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for n, call in enumerate(calls):
            headers = dict(call.headers)
            if call.body is not None:
                headers["Content-Type"] = "application/json"
            with statements_sent() as sent:
                answer = await client.request(
                    call.method, call.path, headers=headers, content=call.body
                )
            if answer.status_code >= 400:
                raise RuntimeError(f"{call.path}: {answer.status_code} {answer.text}")
            if n >= warm:
                found.append(sent)
    return found


def count_statements(url: str, ours: list[Call], raw: list[Call], warm: int = 3) -> Counts:
    """Send `ours` to our app and `raw` to the raw app, in this process (httpx's ASGI
    transport, no server), and list the statements each request sent, after `warm` requests
    of each (statement caches, prepared statements)."""
    from bench import raw_app
    from service.app import create_app
    from service.config import Settings

    async def both() -> Counts:
        logging.disable(logging.INFO)  # the access log of these requests is not the bench's
        settings = Settings(database_url=url, worker_in_process=False)
        app = create_app(settings)
        try:
            async with app.router.lifespan_context(app):  # as served: caches live
                for _ in range(200):
                    if app.state.order_versions.live:
                        break
                    await asyncio.sleep(0.05)
                mine = await _count(app, ours, warm) if ours else []
        finally:
            await app.state.db.dispose()
        bare: list[list[str]] = []
        if raw:
            await raw_app.open_pool(psycopg_url(url))
            try:
                bare = await _count(raw_app.app, raw, warm)
            finally:
                await raw_app.pool.close()
        return Counts(mine, bare)

    try:
        return asyncio.run(both())
    finally:
        logging.disable(logging.NOTSET)


@dataclass
class Counts:
    ours: list[list[str]]
    raw: list[list[str]]

    @staticmethod
    def _mean(found: list[list[str]]) -> float:
        return sum(len(s) for s in found) / len(found) if found else 0.0

    @property
    def mean_ours(self) -> float:
        return self._mean(self.ours)

    @property
    def mean_raw(self) -> float:
        return self._mean(self.raw)

    def listing(self, name: str, raw: bool = False) -> str:
        found = self.raw if raw else self.ours
        if not found:
            return ""
        lines = [f"Statements one {name} sends ({len(found[-1])}):"]
        lines += [f"  {n:2d}. {s[:110]}" for n, s in enumerate(found[-1], 1)]
        return "\n".join(lines)
