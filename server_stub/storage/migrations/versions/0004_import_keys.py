"""import keys: the HR system's key of each imported directory entry and its record

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'import_key',
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('record_id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'key', name=op.f('pk_import_key')),
        sa.UniqueConstraint('record_id', name=op.f('uq_import_key_record_id')),
    )


def downgrade() -> None:
    op.drop_table('import_key')
