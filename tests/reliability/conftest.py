"""Fixtures of the reliability tests."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from tests.databases import migrate, postgres_database
from tests.reliability.budget import Budget, budget


@pytest.fixture
def fresh_postgres_url(postgres_url: str) -> Iterator[str]:
    """A migrated PostgreSQL database of the test's own, dropped afterwards: processes that the
    test kills leave nothing behind for the next test. `postgres_url` decides whether
    PostgreSQL tests may skip (never in CI)."""
    with postgres_database() as url:
        migrate(url)
        yield url


@pytest.fixture
def limits() -> Budget:
    return budget()


@pytest.fixture(autouse=True)
def quiet_http_client(caplog: pytest.LogCaptureFixture) -> None:
    """Thousands of requests: keep httpx's line per request out of a failure's report."""
    caplog.set_level(logging.WARNING, logger="httpx")
