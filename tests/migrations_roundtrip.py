"""Migration round trip on both databases: upgrade, check, downgrade to base, upgrade again.

Run as `python -m tests.migrations_roundtrip`; CI runs it before the test suite.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from service.cli import alembic_config
from tests.databases import IN_CI, PostgresUnavailable, postgres_database, sqlite_database


def roundtrip(url: str) -> None:
    config = alembic_config(url)
    command.upgrade(config, "head")
    command.check(config)
    command.downgrade(config, "base")
    command.upgrade(config, "head")


def main() -> int:
    with tempfile.TemporaryDirectory() as folder, sqlite_database(Path(folder)) as url:
        roundtrip(url)
        print("migrations round trip: sqlite ok")
    try:
        with postgres_database() as url:
            roundtrip(url)
            print("migrations round trip: postgresql ok")
    except PostgresUnavailable as error:
        print(f"migrations round trip: postgresql unavailable: {error}")
        return 1 if IN_CI else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
