"""projects: budget, dates, archived; orders by project; video days; simulated postings

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('budget_fen', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('starts_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('ends_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('archived', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index('ix_orders_project_id_state', ['project_id', 'state'], unique=False)
    op.create_table('video_days',
    sa.Column('order_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('project_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('observed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('plays', sa.BigInteger(), nullable=False),
    sa.Column('likes', sa.BigInteger(), nullable=False),
    sa.Column('comments', sa.BigInteger(), nullable=False),
    sa.Column('shares', sa.BigInteger(), nullable=False),
    sa.Column('plays_gained', sa.BigInteger(), nullable=False),
    sa.Column('engagements_gained', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_video_days_order_id_orders')),
    sa.PrimaryKeyConstraint('order_id', 'day', name=op.f('pk_video_days'))
    )
    with op.batch_alter_table('video_days', schema=None) as batch_op:
        batch_op.create_index('ix_video_days_project_id_day', ['project_id', 'day'], unique=False, postgresql_include=['plays_gained', 'engagements_gained'])
    op.create_table('video_latest',
    sa.Column('order_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('project_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('creator_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('price_fen', sa.BigInteger(), nullable=False),
    sa.Column('observed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('plays', sa.BigInteger(), nullable=False),
    sa.Column('likes', sa.BigInteger(), nullable=False),
    sa.Column('comments', sa.BigInteger(), nullable=False),
    sa.Column('shares', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_video_latest_order_id_orders')),
    sa.PrimaryKeyConstraint('order_id', name=op.f('pk_video_latest'))
    )
    with op.batch_alter_table('video_latest', schema=None) as batch_op:
        batch_op.create_index('ix_video_latest_project_id_plays', ['project_id', 'plays', 'order_id'], unique=False)
    # Snapshots taken before this revision: the last of each order and day, what each day
    # added over the day before, and each order's last.
    op.execute(
        "INSERT INTO video_days (order_id, day, project_id, observed_at, plays, likes,"
        " comments, shares, plays_gained, engagements_gained)"
        " SELECT s.order_id, d.day, o.project_id, s.observed_at, s.plays, s.likes, s.comments,"
        " s.shares, 0, 0"
        " FROM video_snapshots s JOIN (SELECT order_id, max(id) AS id, day FROM"
        " (SELECT id, order_id, " + _shanghai_day() + " AS day FROM video_snapshots) t"
        " GROUP BY order_id, day) d ON d.id = s.id JOIN orders o ON o.id = s.order_id"
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
    op.execute(
        "INSERT INTO video_latest (order_id, project_id, creator_id, price_fen, observed_at,"
        " plays, likes, comments, shares)"
        " SELECT d.order_id, d.project_id, o.creator_id, o.price_fen, d.observed_at, d.plays, d.likes,"
        " d.comments, d.shares FROM video_days d JOIN orders o ON o.id = d.order_id"
        " WHERE d.day = (SELECT max(day) FROM video_days m WHERE m.order_id = d.order_id)"
    )
    op.create_table('simulated_posts',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('video_id', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('short_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('handle', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('posted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reach', sa.BigInteger(), nullable=False),
    sa.Column('rise_minutes', sa.Integer(), nullable=False),
    sa.Column('like_ppm', sa.Integer(), nullable=False),
    sa.Column('comment_ppm', sa.Integer(), nullable=False),
    sa.Column('share_ppm', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_simulated_posts')),
    sa.UniqueConstraint('short_code', name=op.f('uq_simulated_posts_short_code'))
    )


def _shanghai_day() -> str:
    if op.get_context().dialect.name == 'postgresql':
        return "(observed_at AT TIME ZONE 'Asia/Shanghai')::date"
    return "date(observed_at, '+8 hours')"


def downgrade() -> None:
    op.drop_table('simulated_posts')
    with op.batch_alter_table('video_latest', schema=None) as batch_op:
        batch_op.drop_index('ix_video_latest_project_id_plays')
    op.drop_table('video_latest')
    with op.batch_alter_table('video_days', schema=None) as batch_op:
        batch_op.drop_index('ix_video_days_project_id_day')
    op.drop_table('video_days')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_project_id_state')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_column('archived')
        batch_op.drop_column('ends_on')
        batch_op.drop_column('starts_on')
        batch_op.drop_column('budget_fen')
