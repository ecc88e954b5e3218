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


def test_0009_orders_made_before_review_existed_publish_as_before(fresh_url: str) -> None:
    """Orders made before review terms existed had no review: an accepted one is ready to
    publish, the others have no stage; all were priced at 5% and 5%."""
    migrate(fresh_url, "0008")
    engine = create_engine(_sync(fresh_url))
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO parties (id, kind, name, order_rights_suspended, created_at) VALUES"
                " ('br_1', 'brand', 'B', false, CURRENT_TIMESTAMP),"
                " ('cr_1', 'creator', 'C', false, CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO channels (id, creator_id, platform, handle, followers,"
                " in_good_standing, created_at, updated_at) VALUES ('ch_1', 'cr_1', 'douyin',"
                " 'lily', 200000, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        for order_id, state in (("ord_r", "requested"), ("ord_a", "accepted"),
                                ("ord_p", "published")):  # fmt: skip
            connection.execute(
                text(
                    "INSERT INTO orders (id, state, version, brand_id, creator_id, channel_id,"
                    " retention_days, publish_days, brief, price_fen, brand_fee_fen,"
                    " brand_total_fen, commission_fen, mcn_share_bps, mcn_share_fen,"
                    " creator_payout_fen, platform_revenue_fen, created_at, updated_at)"
                    " VALUES (:id, :state, 1, 'br_1', 'cr_1', 'ch_1', 30, 7, 'b', 100000, 5000,"
                    " 105000, 5000, 0, 0, 95000, 10000, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"id": order_id, "state": state},
            )
    migrate(fresh_url, "head")
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT id, review, stage, revision_rounds, compensation_fen, review_escalated,"
                " brand_fee_bps, creator_commission_bps FROM orders ORDER BY id"
            )
        ).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [
        ("ord_a", "none", "ready_to_publish", 2, 0, False, 500, 500),
        ("ord_p", "none", None, 2, 0, False, 500, 500),
        ("ord_r", "none", None, 2, 0, False, 500, 500),
    ]
