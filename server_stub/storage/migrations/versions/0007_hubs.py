"""information hubs: consent flag, roles, the published hub results

A person is named in the hub results only with their consent (person.show_as_hub,
off for everyone at first). Community managers are a role (person_role). The four
result tables hold the latest published run (docs/hubs.md).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def _record(name: str, *columns: sa.Column) -> None:  # type: ignore[type-arg]
    op.create_table(
        name,
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('origin', sa.String(length=200), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.BigInteger(), nullable=False),
        *columns,
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{name}')),
    )


def upgrade() -> None:
    with op.batch_alter_table('person') as batch:
        batch.add_column(sa.Column('show_as_hub', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        'person_role',
        sa.Column('person_id', sa.String(length=36), nullable=False),
        sa.Column('role', sa.String(length=40), nullable=False),
        sa.Column('granted_at', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('person_id', 'role', name=op.f('pk_person_role')),
    )
    _record('hub_run',
            sa.Column('run_id', sa.String(length=36), nullable=False),
            sa.Column('map_run_id', sa.String(length=36), nullable=False),
            sa.Column('computed_at', sa.BigInteger(), nullable=False),
            sa.Column('window_days', sa.Integer(), nullable=False),
            sa.Column('min_group', sa.Integer(), nullable=False))
    _record('hub',
            sa.Column('run_id', sa.String(length=36), nullable=False),
            sa.Column('person_id', sa.String(length=36), nullable=True),
            sa.Column('unit_id', sa.String(length=36), nullable=False),
            sa.Column('role', sa.String(length=20), nullable=False),
            sa.Column('reasons', sa.JSON(), nullable=False))
    _record('hub_unit',
            sa.Column('run_id', sa.String(length=36), nullable=False),
            sa.Column('unit_id', sa.String(length=36), nullable=False),
            sa.Column('links', sa.JSON(), nullable=False),
            sa.Column('cut_off_from', sa.JSON(), nullable=False),
            sa.Column('cut_off_count', sa.Integer(), nullable=False),
            sa.Column('isolated', sa.Boolean(), nullable=False))
    _record('hub_attention',
            sa.Column('run_id', sa.String(length=36), nullable=False),
            sa.Column('attention_kind', sa.String(length=40), nullable=False),
            sa.Column('target_id', sa.String(length=36), nullable=False),
            sa.Column('space_id', sa.String(length=36), nullable=False),
            sa.Column('since', sa.BigInteger(), nullable=False))
    op.create_index(op.f('ix_hub_run_id'), 'hub', ['run_id'])
    op.create_index(op.f('ix_hub_person_id'), 'hub', ['person_id'])
    op.create_index(op.f('ix_hub_unit_run_id'), 'hub_unit', ['run_id'])
    op.create_index(op.f('ix_hub_attention_run_id'), 'hub_attention', ['run_id'])


def downgrade() -> None:
    for name in ('hub_attention', 'hub_unit', 'hub', 'hub_run', 'person_role'):
        op.drop_table(name)
    with op.batch_alter_table('person') as batch:
        batch.drop_column('show_as_hub')
