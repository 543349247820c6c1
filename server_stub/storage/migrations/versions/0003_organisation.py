"""organisation: onboarding checklists, and groups of feed rows a page never splits

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'checklist_item',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('origin', sa.String(length=200), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.BigInteger(), nullable=False),
        sa.Column('org_unit_id', sa.String(length=36), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('rank', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_item')),
    )
    op.create_index('ix_checklist_item_org_unit_id', 'checklist_item', ['org_unit_id'],
                    unique=False)
    op.create_table(
        'checklist_check',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('origin', sa.String(length=200), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.BigInteger(), nullable=False),
        sa.Column('item_id', sa.String(length=36), nullable=False),
        sa.Column('person_id', sa.String(length=36), nullable=False),
        sa.Column('done_at', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_check')),
    )
    op.create_index('ix_checklist_check_person_id', 'checklist_check', ['person_id'],
                    unique=False)
    op.create_index('ux_checklist_check_item_person', 'checklist_check',
                    ['item_id', 'person_id'], unique=True)
    # A plain ADD COLUMN, not a batch copy: SQLite's batch mode rebuilds the table and
    # would drop AUTOINCREMENT (see 0002).
    op.add_column('change', sa.Column('grp', sa.String(length=36), nullable=True))
    op.create_index('ix_change_grp_seq', 'change', ['grp', 'seq'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_change_grp_seq', table_name='change')
    op.drop_column('change', 'grp')  # plain DROP COLUMN (SQLite 3.35+), see upgrade()
    op.drop_index('ux_checklist_check_item_person', table_name='checklist_check')
    op.drop_index('ix_checklist_check_person_id', table_name='checklist_check')
    op.drop_table('checklist_check')
    op.drop_index('ix_checklist_item_org_unit_id', table_name='checklist_item')
    op.drop_table('checklist_item')
