"""community figures: the weekly use of the network by company, unit and site

For community managers only, published with the hub results of each run
(docs/hubs.md: the Community screen).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'hub_adoption',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('origin', sa.String(length=200), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.BigInteger(), nullable=False),
        sa.Column('run_id', sa.String(length=36), nullable=False),
        sa.Column('group_kind', sa.String(length=20), nullable=False),
        sa.Column('unit_id', sa.String(length=36), nullable=True),
        sa.Column('weeks', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_hub_adoption')),
    )
    op.create_index(op.f('ix_hub_adoption_run_id'), 'hub_adoption', ['run_id'])


def downgrade() -> None:
    op.drop_table('hub_adoption')
