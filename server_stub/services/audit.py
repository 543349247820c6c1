"""The audit trail of organisation writes: who did what to which record, never free text.

Notes, titles and descriptions stay out of the detail: the trail is read by admins and
must not copy what people wrote about each other.
"""

from __future__ import annotations

from typing import Any

from server_stub.services.context import WriteContext
from server_stub.storage import accounts

SYSTEM_ACTOR = "kontor-server"  # the actor of what the server does by itself (due handovers)


def record(ctx: WriteContext, action: str, kind: str, record_id: str,
           **detail: Any) -> None:
    """One audit_event row in the write's own transaction: it commits with the change."""
    accounts.audit(ctx.conn, ctx.now, ctx.caller.username or SYSTEM_ACTOR, action, kind,
                   record_id, {k: v for k, v in detail.items() if v is not None})
