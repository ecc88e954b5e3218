"""Throw-away test databases: a SQLite file, or a fresh PostgreSQL database on the server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from alembic import command
from sqlalchemy.engine import make_url

from service.cli import alembic_config
from service.config import normalise_database_url

SERVER_URL = os.environ.get("XT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
IN_CI = os.environ.get("CI", "").lower() == "true"


class PostgresUnavailable(Exception):
    pass


def migrate(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


@contextmanager
def sqlite_database(folder: Path) -> Iterator[str]:
    yield normalise_database_url(f"sqlite:///{folder / 'test.db'}")


@contextmanager
def postgres_database() -> Iterator[str]:
    """Create a uniquely named database on the server, yield its URL, drop it afterwards."""
    server = make_url(SERVER_URL)
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"xt_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise PostgresUnavailable(f"PostgreSQL at {server.host}:{server.port}: {error}") from None
    try:
        yield normalise_database_url(
            server.set(database=name).render_as_string(hide_password=False)
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
