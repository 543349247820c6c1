"""federation: peers, seen request nonces, and which feed rows may leave this site

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'peer',
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('public_key', sa.String(length=100), nullable=False),
        sa.Column('added_at', sa.BigInteger(), nullable=False),
        sa.Column('cursor', sa.String(length=200), nullable=False, server_default=''),
        sa.Column('last_success_at', sa.BigInteger(), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('last_error_at', sa.BigInteger(), nullable=True),
        sa.Column('behind', sa.BigInteger(), nullable=True),
        sa.Column('pulled', sa.BigInteger(), nullable=False, server_default='0'),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_peer')),
    )
    op.create_table(
        'federation_nonce',
        sa.Column('keyid', sa.String(length=200), nullable=False),
        sa.Column('nonce', sa.String(length=100), nullable=False),
        sa.Column('expires_at', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('keyid', 'nonce', name=op.f('pk_federation_nonce')),
    )
    with op.batch_alter_table('federation_nonce', schema=None) as batch_op:
        batch_op.create_index('ix_federation_nonce_expires_at', ['expires_at'], unique=False)
    # A plain ADD COLUMN, not a batch copy: SQLite's batch mode rebuilds the table and
    # would drop AUTOINCREMENT, letting a new change reuse a deleted row's seq.
    op.add_column('change', sa.Column('export', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.create_index('ix_change_export_seq', 'change', ['export', 'seq'], unique=False)
    _mark_existing_exports()


def _mark_existing_exports() -> None:
    """Rows written before federation: the same rule as at write time (docs/federation.md).

    Every record here was born here then. Company-visible puts are exported, except a
    site-only space and what lies in it; old tombstones are not (no peer ever had them).
    """
    change = sa.table('change', sa.column('kind', sa.String), sa.column('record_id', sa.String),
                      sa.column('op', sa.String), sa.column('scope', sa.String),
                      sa.column('export', sa.Boolean))
    space = sa.table('space', sa.column('id', sa.String), sa.column('visibility', sa.String))
    site_spaces = sa.select(space.c.id).where(space.c.visibility == 'site')
    in_site_space = [sa.and_(change.c.kind == 'space', change.c.record_id.in_(site_spaces))]
    for kind in ('membership', 'post', 'comment', 'reaction'):
        table = sa.table(kind, sa.column('id', sa.String), sa.column('space_id', sa.String))
        inside = sa.select(table.c.id).where(table.c.space_id.in_(site_spaces))
        in_site_space.append(sa.and_(change.c.kind == kind, change.c.record_id.in_(inside)))
    op.execute(
        sa.update(change)
        .where(change.c.scope == 'all', change.c.op == 'put', sa.not_(sa.or_(*in_site_space)))
        .values(export=True)
    )


def downgrade() -> None:
    op.drop_index('ix_change_export_seq', table_name='change')
    op.drop_column('change', 'export')  # plain DROP COLUMN (SQLite 3.35+), see upgrade()
    with op.batch_alter_table('federation_nonce', schema=None) as batch_op:
        batch_op.drop_index('ix_federation_nonce_expires_at')
    op.drop_table('federation_nonce')
    op.drop_table('peer')
