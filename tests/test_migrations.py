"""What migrations do to data, on both databases (the round trip of every migration is
`make migrations-check`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.databases import IN_CI, PostgresUnavailable, migrate, postgres_database, sqlite_database


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    try:
        manager = sqlite_database(tmp_path) if request.param == "sqlite" else postgres_database()
        with manager as url:
            yield url
    except PostgresUnavailable as error:
        (pytest.fail if IN_CI else pytest.skip)(f"PostgreSQL: {error}")


def _sync(url: str) -> str:
    """The URL for a synchronous engine (psycopg serves both)."""
    return url.replace("sqlite+aiosqlite", "sqlite")


def test_0008_drops_the_stored_responses_that_kept_secrets(fresh_url: str) -> None:
    migrate(fresh_url, "0007")
    engine = create_engine(_sync(fresh_url))
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO idempotency_keys (owner, key, fingerprint, status_code, headers,"
                " body, created_at, expires_at) VALUES ('o', 'k', 'f', 201, '{}', :body,"
                " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ),
            {"body": b'{"key": "xt_a-secret-shown-once"}'},
        )
    migrate(fresh_url, "head")
    with engine.connect() as connection:
        left = connection.execute(text("SELECT count(*) FROM idempotency_keys")).scalar_one()
    engine.dispose()
    assert left == 0
