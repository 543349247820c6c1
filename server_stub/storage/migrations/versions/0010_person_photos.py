"""profile photos: the server's re-encoded image and thumbnail per person

person.photo (a column since 0001, never written before) now holds the photo's
digest, the version clients fetch GET /api/v1/people/{id}/photo by.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'person_photo',
        sa.Column('person_id', sa.String(length=36), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('image', sa.LargeBinary(), nullable=False),
        sa.Column('thumb', sa.LargeBinary(), nullable=False),
        sa.Column('updated_at', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('person_id', name=op.f('pk_person_photo')),
    )


def downgrade() -> None:
    op.drop_table('person_photo')
