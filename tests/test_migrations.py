"""What migrations do to data, on both databases (the round trip of every migration is
`make migrations-check`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from service.cli import alembic_config
from tests.databases import IN_CI, PostgresUnavailable, migrate, postgres_database, sqlite_database


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    try:
        manager = sqlite_database(tmp_path) if request.param == "sqlite" else postgres_database()
        with manager as url:
            yield url
    except PostgresUnavailable as error:
        (pytest.fail if IN_CI else pytest.skip)(f"PostgreSQL: {error}")


def _brand_and_creator(connection: Any) -> None:
    """A brand br_1, and a creator cr_1 with a channel ch_1."""
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
        _brand_and_creator(connection)
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


def test_0013_sums_per_project_what_the_video_days_held(fresh_url: str) -> None:
    """The project sums start from what was recorded before (in no project: no sums); going
    back rebuilds each order's days from the snapshots."""
    migrate(fresh_url, "0012")
    engine = create_engine(_sync(fresh_url))
    with engine.begin() as connection:
        _brand_and_creator(connection)
        connection.execute(
            text(
                "INSERT INTO projects (id, brand_id, name, archived, created_at)"
                " VALUES ('prj_1', 'br_1', 'P', false, CURRENT_TIMESTAMP)"
            )
        )
        for order_id, project, price in (("ord_1", "prj_1", 100000), ("ord_2", "prj_1", 200000),
                                         ("ord_3", None, 300000)):  # fmt: skip
            connection.execute(
                text(
                    "INSERT INTO orders (id, state, version, brand_id, creator_id, channel_id,"
                    " project_id, retention_days, publish_days, brief, price_fen, brand_fee_fen,"
                    " brand_total_fen, commission_fen, mcn_share_bps, mcn_share_fen,"
                    " creator_payout_fen, platform_revenue_fen, created_at, updated_at)"
                    " VALUES (:id, 'published', 1, 'br_1', 'cr_1', 'ch_1', :project, 30, 7, 'b',"
                    " :price, 0, :price, 0, 0, 0, :price, 0, CURRENT_TIMESTAMP,"
                    " CURRENT_TIMESTAMP)"
                ),
                {"id": order_id, "project": project, "price": price},
            )
        seen = [  # (order, UTC time, plays, likes, its Shanghai day, plays gained, likes gained)
            ("ord_1", "2026-03-01 10:00:00+00:00", 100, 10, "2026-03-01", 100, 10),
            ("ord_1", "2026-03-01 20:00:00+00:00", 300, 20, "2026-03-02", 200, 10),
            ("ord_2", "2026-03-01 11:00:00+00:00", 50, 5, "2026-03-01", 50, 5),
            ("ord_3", "2026-03-01 11:00:00+00:00", 999, 9, "2026-03-01", 999, 9),
        ]
        for order_id, at, plays, likes, day, gained, liked in seen:
            values = {"o": order_id, "at": at, "plays": plays, "likes": likes, "day": day,
                      "gained": gained, "liked": liked,
                      "p": None if order_id == "ord_3" else "prj_1"}  # fmt: skip
            connection.execute(
                text(
                    "INSERT INTO video_snapshots (order_id, observed_at, status, plays, likes,"
                    " comments, shares) VALUES (:o, :at, 'live', :plays, :likes, 0, 0)"
                ),
                values,
            )
            connection.execute(
                text(
                    "INSERT INTO video_days (order_id, day, project_id, observed_at, plays,"
                    " likes, comments, shares, plays_gained, engagements_gained) VALUES"
                    " (:o, :day, :p, :at, :plays, :likes, 0, 0, :gained, :liked)"
                ),
                values,
            )
        connection.execute(
            text(
                "INSERT INTO video_latest (order_id, project_id, creator_id, price_fen,"
                " observed_at, plays, likes, comments, shares) VALUES"
                " ('ord_1', 'prj_1', 'cr_1', 100000, '2026-03-01 20:00:00+00:00', 300, 20, 0, 0),"
                " ('ord_2', 'prj_1', 'cr_1', 200000, '2026-03-01 11:00:00+00:00', 50, 5, 0, 0),"
                " ('ord_3', NULL, 'cr_1', 300000, '2026-03-01 11:00:00+00:00', 999, 9, 0, 0)"
            )
        )
        connection.execute(  # seen late: recorded after, seen before, the last of its day
            text(
                "INSERT INTO video_snapshots (order_id, observed_at, status, plays, likes,"
                " comments, shares) VALUES ('ord_1', '2026-03-01 19:00:00+00:00', 'live', 250,"
                " 15, 0, 0)"
            )
        )
    days_before = _video_days(engine)
    migrate(fresh_url, "head")
    with engine.connect() as connection:
        days = connection.execute(
            text("SELECT project_id, day, plays_gained, engagements_gained FROM project_days")
        ).all()
        creators = connection.execute(
            text(
                "SELECT project_id, creator_id, videos, price_fen, plays, likes, comments,"
                " shares FROM project_creators"
            )
        ).all()
    assert sorted((p, str(d), g, e) for p, d, g, e in days) == [
        ("prj_1", "2026-03-01", 150, 15),
        ("prj_1", "2026-03-02", 200, 10),
    ]
    assert [tuple(row) for row in creators] == [("prj_1", "cr_1", 2, 300000, 350, 25, 0, 0)]
    command.downgrade(alembic_config(fresh_url), "0012")
    assert _video_days(engine) == days_before
    engine.dispose()


def _video_days(engine: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT order_id, day, project_id, plays, likes, plays_gained,"
                " engagements_gained FROM video_days ORDER BY order_id, day"
            )
        ).all()
    return [(o, str(d), *rest) for o, d, *rest in rows]
