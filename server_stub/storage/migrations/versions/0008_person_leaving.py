"""person leaving: when a person was first seen as left, and when they were anonymised

A site may anonymise the people who left after a period agreed with its works council
(docs/privacy.md). The period starts when the server first sees a person marked as
left; people marked before this revision start it at the first retention run.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'person_leaving',
        sa.Column('person_id', sa.String(length=36), nullable=False),
        sa.Column('left_at', sa.BigInteger(), nullable=False),
        sa.Column('anonymised_at', sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint('person_id', name=op.f('pk_person_leaving')),
    )


def downgrade() -> None:
    op.drop_table('person_leaving')
