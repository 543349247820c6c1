"""Which Alembic revision a database is at, and which one this program brings."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from server_stub.storage.engine import MIGRATIONS


def _scripts() -> ScriptDirectory:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg)


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None  # the package ships its revisions
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in _scripts().walk_revisions()}


def current_revision(conn: sa.Connection) -> str | None:
    """None for a database no migration has touched yet (a new one)."""
    return MigrationContext.configure(conn).get_current_revision()


def revision_of(url: str) -> str | None:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return current_revision(conn)
    finally:
        engine.dispose()


def pending(conn: sa.Connection) -> list[tuple[str | None, str, str]]:
    """The migrations an upgrade to head would run, oldest first: (from, to, what)."""
    current = current_revision(conn)
    head = head_revision()
    if current == head:
        return []
    steps = list(_scripts().iterate_revisions(head, current))
    steps.reverse()
    out: list[tuple[str | None, str, str]] = []
    for script in steps:
        down = script.down_revision
        source = down if isinstance(down, str) or down is None else ",".join(down)
        out.append((source, script.revision, (script.doc or "").strip()))
    return out
