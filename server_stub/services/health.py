"""Whether the server can work: the database answers."""

from __future__ import annotations

import sqlalchemy as sa

from server_stub.storage.database import Database
from server_stub.storage.engine import ping


async def database_reachable(database: Database) -> bool:
    try:
        await database.read(ping)
    except sa.exc.SQLAlchemyError:
        return False
    return True
