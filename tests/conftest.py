"""Fixtures: a migrated database per backend (SQLite and PostgreSQL), and the API on top."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

import service.models  # noqa: F401  (every table, for the cleanup below)
from service.app import bootstrap, create_app
from service.clock import ManualClock
from service.config import Settings
from service.db import Database
from service.money.check import check_ledger
from service.ports.payments import SimulatedPayoutProvider
from tests.contract import check_response
from tests.databases import (
    IN_CI,
    PostgresUnavailable,
    migrate,
    postgres_database,
    sqlite_database,
)
from tests.factories import OPS_KEY, Api

START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        manager = sqlite_database(tmp_path_factory.mktemp("sqlite"))
    else:
        manager = postgres_database()
    try:
        with manager as url:
            migrate(url)
            yield url
    except PostgresUnavailable as error:
        if IN_CI:
            pytest.fail(f"PostgreSQL tests must run in CI: {error}")
        pytest.skip(f"PostgreSQL not reachable, its tests skip locally: {error}")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A migrated PostgreSQL database of its own, for tests that only PostgreSQL can run
    (several processes, row locks); it never skips in CI."""
    try:
        with postgres_database() as url:
            migrate(url)
            yield url
    except PostgresUnavailable as error:
        if IN_CI:
            pytest.fail(f"PostgreSQL tests must run in CI: {error}")
        pytest.skip(f"PostgreSQL not reachable, its tests skip locally: {error}")


@pytest.fixture(scope="session")
async def shared_database(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    yield database
    await database.dispose()


@pytest.fixture
async def database(shared_database: Database) -> AsyncIterator[Database]:
    """The backend's database; after each test the ledger must check clean, then it is emptied."""
    yield shared_database
    async with shared_database.session() as session:
        report = await check_ledger(session)
    assert report.clean, f"ledger discrepancies after the test: {report.discrepancies}"
    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    async with shared_database.engine.begin() as connection:
        if shared_database.is_sqlite:
            for table in tables:
                await connection.execute(text(f"DELETE FROM {table}"))
        else:
            await connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY"))


@pytest.fixture
def backend(database: Database) -> str:
    return "sqlite" if database.is_sqlite else "postgresql"


_SCHEMAS: dict[bool, dict[str, Any]] = {}  # by dev mode


@asynccontextmanager
async def _running(database: Database, *, dev_mode: bool) -> AsyncIterator[Api]:
    clock = ManualClock(START)
    payouts = SimulatedPayoutProvider()
    settings = Settings(database_url=database.url, bootstrap_ops_key=OPS_KEY, dev_mode=dev_mode)
    app = create_app(settings, database=database, clock=clock, payouts=payouts)
    await bootstrap(app)
    transport = httpx.ASGITransport(app=app)
    # Every test's app has the same routes (for its mode): its schema is built once.
    if dev_mode not in _SCHEMAS:
        _SCHEMAS[dev_mode] = app.openapi()
    schema = app.openapi_schema = _SCHEMAS[dev_mode]

    async def declared(response: httpx.Response) -> None:
        await response.aread()
        check_response(schema, response)

    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", event_hooks={"response": [declared]}
    ) as client:
        yield Api(client=client, clock=clock, payouts=payouts, app=app, database=database)


@pytest.fixture
async def api(database: Database) -> AsyncIterator[Api]:
    async with _running(database, dev_mode=False) as running:
        yield running


@pytest.fixture
async def dev_api(database: Database) -> AsyncIterator[Api]:
    """The API in dev mode: the test clock, and webhooks to loopback receivers."""
    async with _running(database, dev_mode=True) as running:
        yield running


_BY_BACKEND: dict[str, str] = {}
_OUTCOMES: dict[str, dict[str, int]] = {"sqlite": {}, "postgresql": {}}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "database_url" in callspec.params:
            _BY_BACKEND[item.nodeid] = callspec.params["database_url"]


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    backend = _BY_BACKEND.get(report.nodeid)
    if backend is None or (report.when != "call" and report.outcome == "passed"):
        return
    counts = _OUTCOMES[backend]
    counts[report.outcome] = counts.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for backend, counts in _OUTCOMES.items():
        shown = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "none"
        terminalreporter.write_line(f"database tests on {backend}: {shown}")
