"""video sums per project, by day and by creator, kept as checks are recorded; video_days goes

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTS = ("plays", "likes", "comments", "shares")


def _key(name: str) -> sa.Column:
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False)


def _count(name: str) -> sa.Column:
    return sa.Column(name, sa.BigInteger(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "project_days",
        _key("project_id"),
        sa.Column("day", sa.Date(), nullable=False),
        _count("plays_gained"),
        _count("engagements_gained"),
        sa.PrimaryKeyConstraint("project_id", "day", name=op.f("pk_project_days")),
    )
    op.create_table(
        "project_creators",
        _key("project_id"),
        _key("creator_id"),
        _count("videos"),
        _count("price_fen"),
        *(_count(name) for name in COUNTS),
        sa.PrimaryKeyConstraint("project_id", "creator_id", name=op.f("pk_project_creators")),
    )
    # The sums of what was recorded before this revision.
    op.execute(
        "INSERT INTO project_days (project_id, day, plays_gained, engagements_gained)"
        " SELECT project_id, day, sum(plays_gained), sum(engagements_gained) FROM video_days"
        " WHERE project_id IS NOT NULL GROUP BY project_id, day"
    )
    counts = ", ".join(COUNTS)
    summed = ", ".join(f"sum({name})" for name in COUNTS)
    op.execute(
        f"INSERT INTO project_creators (project_id, creator_id, videos, price_fen, {counts})"
        f" SELECT project_id, creator_id, count(*), sum(price_fen), {summed} FROM video_latest"
        " WHERE project_id IS NOT NULL GROUP BY project_id, creator_id"
    )
    with op.batch_alter_table("video_days", schema=None) as batch_op:
        batch_op.drop_index("ix_video_days_project_id_day")
    op.drop_table("video_days")


def downgrade() -> None:
    op.create_table(
        "video_days",
        sa.Column("order_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("project_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        *(_count(name) for name in COUNTS),
        _count("plays_gained"),
        _count("engagements_gained"),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_video_days_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("order_id", "day", name=op.f("pk_video_days")),
    )
    with op.batch_alter_table("video_days", schema=None) as batch_op:
        batch_op.create_index(
            "ix_video_days_project_id_day",
            ["project_id", "day"],
            unique=False,
            postgresql_include=["plays_gained", "engagements_gained"],
        )
    # Each order's last snapshot of each day (by when it was seen, then as recorded: a
    # late one is not the last), and what the day added over the day before.
    op.execute(
        "INSERT INTO video_days (order_id, day, project_id, observed_at, plays, likes,"
        " comments, shares, plays_gained, engagements_gained)"
        f" SELECT s.order_id, {_shanghai_day('s')}, o.project_id, s.observed_at, s.plays,"
        " s.likes, s.comments, s.shares, 0, 0"
        " FROM video_snapshots s JOIN orders o ON o.id = s.order_id"
        " WHERE NOT EXISTS (SELECT 1 FROM video_snapshots x WHERE x.order_id = s.order_id"
        f" AND {_shanghai_day('x')} = {_shanghai_day('s')} AND (x.observed_at > s.observed_at"
        " OR (x.observed_at = s.observed_at AND x.id > s.id)))"
    )
    before = (
        "(SELECT {column} FROM video_days p WHERE p.order_id = video_days.order_id"
        " AND p.day < video_days.day ORDER BY p.day DESC LIMIT 1)"
    )
    engaged = "likes + comments + shares"
    op.execute(
        f"UPDATE video_days SET plays_gained = plays - COALESCE({before.format(column='plays')}, 0),"
        f" engagements_gained = {engaged} - COALESCE({before.format(column=engaged)}, 0)"
    )
    op.drop_table("project_creators")
    op.drop_table("project_days")


def _shanghai_day(table: str) -> str:
    if op.get_context().dialect.name == "postgresql":
        return f"({table}.observed_at AT TIME ZONE 'Asia/Shanghai')::date"
    return f"date({table}.observed_at, '+8 hours')"
