"""sign-in slow-down in the database: one count for every serve process

The failures and trusted pairs of the sign-in slow-down (services/shared_throttle.py)
were kept in each process's memory: with several serve processes on one PostgreSQL
database a guesser got the free attempts once per process, and a restart forgave.
SQLite gets the same tables and the same code.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'sign_in_failure',
        sa.Column('key', sa.Text(), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('blocked_until', sa.BigInteger(), nullable=False),
        sa.Column('expires_at', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_sign_in_failure')),
    )
    op.create_index('ix_sign_in_failure_expires_at', 'sign_in_failure', ['expires_at'],
                    unique=False)
    op.create_table(
        'sign_in_trust',
        sa.Column('pair', sa.Text(), nullable=False),
        sa.Column('signed_in_at', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('pair', name=op.f('pk_sign_in_trust')),
    )
    op.create_index('ix_sign_in_trust_signed_in_at', 'sign_in_trust', ['signed_in_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_sign_in_trust_signed_in_at', table_name='sign_in_trust')
    op.drop_table('sign_in_trust')
    op.drop_index('ix_sign_in_failure_expires_at', table_name='sign_in_failure')
    op.drop_table('sign_in_failure')
