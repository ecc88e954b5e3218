"""held messages, private deal cases, commercial videos

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 17:35:41
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('private_deal_cases',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('creator_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('video_url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('violation_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['channel_id'], ['channels.id'], name=op.f('fk_private_deal_cases_channel_id_channels')),
    sa.ForeignKeyConstraint(['creator_id'], ['parties.id'], name=op.f('fk_private_deal_cases_creator_id_parties')),
    sa.ForeignKeyConstraint(['violation_id'], ['violations.id'], name=op.f('fk_private_deal_cases_violation_id_violations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_private_deal_cases')),
    sa.UniqueConstraint('video_url', name='uq_private_deal_cases_video_url')
    )
    with op.batch_alter_table('private_deal_cases', schema=None) as batch_op:
        batch_op.create_index('ix_private_deal_cases_status_id', ['status', 'id'], unique=False)

    # Messages so far were delivered or refused; each gets its status and a first version.
    with op.batch_alter_table('order_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('decision_reason', sa.Text(), nullable=True))
    op.execute(
        "UPDATE order_messages SET version = 1, "
        "status = CASE WHEN delivered THEN 'delivered' ELSE 'refused' END"
    )
    with op.batch_alter_table('order_messages', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=sa.String(length=16), nullable=False)
        batch_op.alter_column('version', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index('ix_order_messages_status_id', ['status', 'id'], unique=False)

    # Videos the simulated platform knows so far carry no commercial label.
    with op.batch_alter_table('simulated_videos', schema=None) as batch_op:
        batch_op.add_column(sa.Column('commercial', sa.Boolean(), nullable=True))
    op.execute("UPDATE simulated_videos SET commercial = false")
    with op.batch_alter_table('simulated_videos', schema=None) as batch_op:
        batch_op.alter_column('commercial', existing_type=sa.Boolean(), nullable=False)



def downgrade() -> None:
    with op.batch_alter_table('simulated_videos', schema=None) as batch_op:
        batch_op.drop_column('commercial')

    with op.batch_alter_table('order_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_order_messages_status_id')
        batch_op.drop_column('decision_reason')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('decided_by')
        batch_op.drop_column('version')
        batch_op.drop_column('status')

    with op.batch_alter_table('private_deal_cases', schema=None) as batch_op:
        batch_op.drop_index('ix_private_deal_cases_status_id')

    op.drop_table('private_deal_cases')
