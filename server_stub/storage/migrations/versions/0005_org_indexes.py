"""org indexes: the columns a handover looks up by

A handover finds the positions reporting to the handed-over one, its job connections
(either end), the spaces tied to it and the unit it leads. Without these indexes each
was a scan of its whole table: 89 ms per handover at 100,000 people, 7x a plain write.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

INDEXES = (
    ('ix_org_unit_lead_position_id', 'org_unit', 'lead_position_id'),
    ('ix_position_reports_to_id', 'position', 'reports_to_id'),
    ('ix_connection_to_id', 'connection', 'to_id'),
    ('ix_space_position_id', 'space', 'position_id'),
)


def upgrade() -> None:
    for name, table, column in INDEXES:
        op.create_index(op.f(name), table, [column], unique=False)


def downgrade() -> None:
    for name, table, _column in INDEXES:
        op.drop_index(op.f(name), table_name=table)
