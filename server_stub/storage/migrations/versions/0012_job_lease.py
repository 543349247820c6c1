"""job leases: which serve process runs each background job

Several serve processes on one PostgreSQL database run the federation pulls, scheduled
handovers, hubs, directory sync and retention pass in one of them only
(services/leader.py). SQLite gets the table too; its one process never needs it.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'job_lease',
        sa.Column('job', sa.String(length=40), nullable=False),
        sa.Column('holder', sa.String(length=200), nullable=False),
        sa.Column('expires_at', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('job', name=op.f('pk_job_lease')),
    )


def downgrade() -> None:
    op.drop_table('job_lease')
