"""Organisation writes: responsibilities, absences, job contacts, handovers, checklists.

Every one has the shape of routes/record_writes.py; the rules live in the services.
"""

from __future__ import annotations

import datetime as dt

from aiohttp import web

from server_stub.routes.record_writes import RecordEndpoint, add_record_routes
from server_stub.services import checklist, handover, responsibilities
from server_stub.services.context import WriteContext, WriteResult
from sync import protocol as p
from sync.protocol import paths

routes = web.RouteTableDef()


def _put_handover(ctx: WriteContext, record_id: str, body: p.HandoverWrite) -> WriteResult:
    """Dated by the server's calendar: today or earlier is applied at once."""
    return handover.put_handover(ctx, record_id, body, dt.date.today())


add_record_routes(routes, (
    RecordEndpoint(paths.RESPONSIBILITY, p.ResponsibilityWrite,
                   responsibilities.put_responsibility, responsibilities.delete_responsibility,
                   put_versioned=True),
    RecordEndpoint(paths.ABSENCE, p.AbsenceWrite, responsibilities.put_absence,
                   fresh_id=False),
    RecordEndpoint(paths.JOB_CONNECTION, p.JobConnectionWrite,
                   responsibilities.put_job_connection, responsibilities.delete_job_connection),
    RecordEndpoint(paths.HANDOVER, p.HandoverWrite, _put_handover, handover.cancel_handover),
    RecordEndpoint(paths.CHECKLIST_ITEM, p.ChecklistItemWrite, checklist.put_item,
                   checklist.delete_item),
    RecordEndpoint(paths.CHECKLIST_CHECK, p.ChecklistCheckWrite, checklist.put_check,
                   checklist.delete_check),
))
