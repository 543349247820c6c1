"""import holder key: the holder each position had in the last imported HR file

A nightly import applied the file's holder every time, so a handover made in Kontor
was undone until HR caught up. Remembering what the file said last time lets the
import apply a holder only when the file changed it. Rows from earlier imports stay
NULL (not known): the next import applies the file's holders once, as before, and
records them.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('import_key') as batch:
        batch.add_column(sa.Column('holder_key', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('import_key') as batch:
        batch.drop_column('holder_key')
