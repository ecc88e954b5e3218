"""api key fingerprints instead of characters of the secret; stored responses dropped

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A key record showed the first 10 characters of the secret; it now shows the first 12
    # hex digits of the key's SHA-256, which the stored digest already holds.
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
    op.execute("UPDATE api_keys SET fingerprint = substr(key_hash, 1, 12)")
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.alter_column('fingerprint', existing_type=sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False)
        batch_op.drop_column('prefix')
    # Stored responses kept secrets until now (a key shown once, a webhook secret), and
    # their owners are no longer scoped as the service looks them up: none can be replayed
    # after this revision, and none may stay on disk.
    op.execute("DELETE FROM idempotency_keys")


def downgrade() -> None:
    # The secret's characters are gone for good: the old column gets the digest's instead.
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prefix', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
    op.execute("UPDATE api_keys SET prefix = substr(key_hash, 1, 10)")
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.alter_column('prefix', existing_type=sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False)
        batch_op.drop_column('fingerprint')
