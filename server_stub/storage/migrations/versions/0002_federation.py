"""federation: peers, seen request nonces, and which feed rows may leave this site

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'peer',
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('public_key', sa.String(length=100), nullable=False),
        sa.Column('added_at', sa.BigInteger(), nullable=False),
        sa.Column('cursor', sa.String(length=200), nullable=False, server_default=''),
        sa.Column('last_success_at', sa.BigInteger(), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('last_error_at', sa.BigInteger(), nullable=True),
        sa.Column('behind', sa.BigInteger(), nullable=True),
        sa.Column('pulled', sa.BigInteger(), nullable=False, server_default='0'),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_peer')),
    )
    op.create_table(
        'federation_nonce',
        sa.Column('keyid', sa.String(length=200), nullable=False),
        sa.Column('nonce', sa.String(length=100), nullable=False),
        sa.Column('expires_at', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('keyid', 'nonce', name=op.f('pk_federation_nonce')),
    )
    with op.batch_alter_table('federation_nonce', schema=None) as batch_op:
        batch_op.create_index('ix_federation_nonce_expires_at', ['expires_at'], unique=False)
    # A plain ADD COLUMN, not a batch copy: SQLite's batch mode rebuilds the table and
    # would drop AUTOINCREMENT, letting a new change reuse a deleted row's seq.
    op.add_column('change', sa.Column('export', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.create_index('ix_change_export_seq', 'change', ['export', 'seq'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('change', schema=None) as batch_op:
        batch_op.drop_index('ix_change_export_seq')
        batch_op.drop_column('export')
    with op.batch_alter_table('federation_nonce', schema=None) as batch_op:
        batch_op.drop_index('ix_federation_nonce_expires_at')
    op.drop_table('federation_nonce')
    op.drop_table('peer')
