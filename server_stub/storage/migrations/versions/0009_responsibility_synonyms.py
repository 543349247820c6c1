"""responsibility synonyms: the other words people search a responsibility by

"Rechner" or "Notebook" should find the duty that handles laptops. Keywords name what
a duty covers and are shown in the register; synonyms are searched, never listed
(docs/organisation.md). Existing rows start with none.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('responsibility') as batch:
        batch.add_column(sa.Column('synonyms', sa.JSON(), nullable=False,
                                   server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table('responsibility') as batch:
        batch.drop_column('synonyms')
