"""Migrations run with a synchronous driver; the URL comes from the service's settings."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import service.models  # noqa: F401  (registers every table)
from service.config import get_settings
from service.db import EnumText, UTCDateTime

config = context.config


def sync_url() -> str:
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    return url.replace("sqlite+aiosqlite://", "sqlite://")


def render_item(kind: str, obj: Any, context: Any) -> str | Literal[False]:
    """Migrations spell our column types in plain SQLAlchemy, so they never import the app."""
    if kind == "type" and isinstance(obj, EnumText):
        return f"sa.String(length={obj.impl.length})"
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run() -> None:
    engine = create_engine(sync_url())
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=SQLModel.metadata,
            render_as_batch=True,
            render_item=render_item,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run against a database")
run()
