"""Whether the server can work: the database answers."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from server_stub.storage.engine import ping


async def database_reachable(engine: AsyncEngine) -> bool:
    try:
        async with engine.connect() as conn:
            await conn.run_sync(ping)
    except sa.exc.SQLAlchemyError:
        return False
    return True
