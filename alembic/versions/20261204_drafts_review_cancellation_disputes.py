"""drafts and review, cancellation proposals, disputes

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 17:14:43
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('cancellation_proposals',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('order_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('proposed_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('proposer_kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('compensation_fen', sa.BigInteger(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_cancellation_proposals_order_id_orders')),
    sa.ForeignKeyConstraint(['proposed_by'], ['parties.id'], name=op.f('fk_cancellation_proposals_proposed_by_parties')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cancellation_proposals'))
    )
    with op.batch_alter_table('cancellation_proposals', schema=None) as batch_op:
        batch_op.create_index('ix_cancellation_proposals_order_id_id', ['order_id', 'id'], unique=False)

    op.create_table('order_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('draft', sa.String(length=16), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=True),
    sa.Column('draft_url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('feedback', sa.Text(), nullable=True),
    sa.Column('author_kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('author_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_order_drafts_order_id_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_drafts'))
    )
    with op.batch_alter_table('order_drafts', schema=None) as batch_op:
        batch_op.create_index('ix_order_drafts_order_id_id', ['order_id', 'id'], unique=False)

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage', sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column('review', sa.String(length=24), server_default='script_and_video', nullable=False))
        batch_op.add_column(sa.Column('revision_rounds', sa.Integer(), server_default='2', nullable=False))
        batch_op.add_column(sa.Column('script_rounds_used', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('video_rounds_used', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('script_submitted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('video_submitted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('review_started_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('review_due_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('review_escalated', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('compensation_fen', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('dispute_opened_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('refund_bps', sa.Integer(), nullable=True))
    # Orders made before review terms existed were made without review: an accepted one is
    # ready to publish.
    op.execute("UPDATE orders SET review = 'none'")
    op.execute("UPDATE orders SET stage = 'ready_to_publish' WHERE state = 'accepted'")



def downgrade() -> None:
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_column('refund_bps')
        batch_op.drop_column('dispute_opened_at')
        batch_op.drop_column('compensation_fen')
        batch_op.drop_column('review_escalated')
        batch_op.drop_column('review_due_at')
        batch_op.drop_column('review_started_at')
        batch_op.drop_column('video_submitted_at')
        batch_op.drop_column('script_submitted_at')
        batch_op.drop_column('video_rounds_used')
        batch_op.drop_column('script_rounds_used')
        batch_op.drop_column('revision_rounds')
        batch_op.drop_column('review')
        batch_op.drop_column('stage')

    with op.batch_alter_table('order_drafts', schema=None) as batch_op:
        batch_op.drop_index('ix_order_drafts_order_id_id')

    op.drop_table('order_drafts')
    with op.batch_alter_table('cancellation_proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_cancellation_proposals_order_id_id')

    op.drop_table('cancellation_proposals')
