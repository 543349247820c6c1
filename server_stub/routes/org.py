"""Organisation writes: responsibilities, absences, job contacts, handovers, checklists.

Handlers only read the request and answer; the rules live in the services.
"""

from __future__ import annotations

import datetime as dt

from aiohttp import web

from server_stub.routes.common import (
    if_match,
    json_response,
    new_record_id,
    path_uuid,
    read_body,
    run_write,
)
from server_stub.services import checklist, handover, responsibilities
from sync import protocol as p
from sync.protocol import paths

routes = web.RouteTableDef()


@routes.put(paths.RESPONSIBILITY)
async def put_responsibility(request: web.Request) -> web.Response:
    record_id = new_record_id(request)
    body = await read_body(request, p.ResponsibilityWrite)
    version = if_match(request)
    result = await run_write(request, lambda ctx: responsibilities.put_responsibility(
        ctx, record_id, body, version))
    return json_response(result.body, result.status)


@routes.delete(paths.RESPONSIBILITY)
async def delete_responsibility(request: web.Request) -> web.Response:
    record_id = path_uuid(request, "id")
    await run_write(request, lambda ctx: responsibilities.delete_responsibility(ctx, record_id))
    return web.Response(status=204)


@routes.put(paths.ABSENCE)
async def put_absence(request: web.Request) -> web.Response:
    position_id = path_uuid(request, "id")
    body = await read_body(request, p.AbsenceWrite)
    result = await run_write(request, lambda ctx: responsibilities.put_absence(
        ctx, position_id, body))
    return json_response(result.body, result.status)


@routes.put(paths.JOB_CONNECTION)
async def put_job_connection(request: web.Request) -> web.Response:
    record_id = new_record_id(request)
    body = await read_body(request, p.JobConnectionWrite)
    result = await run_write(request, lambda ctx: responsibilities.put_job_connection(
        ctx, record_id, body))
    return json_response(result.body, result.status)


@routes.delete(paths.JOB_CONNECTION)
async def delete_job_connection(request: web.Request) -> web.Response:
    record_id = path_uuid(request, "id")
    await run_write(request, lambda ctx: responsibilities.delete_job_connection(ctx, record_id))
    return web.Response(status=204)


@routes.put(paths.HANDOVER)
async def put_handover(request: web.Request) -> web.Response:
    record_id = new_record_id(request)
    body = await read_body(request, p.HandoverWrite)
    today = dt.date.today()
    result = await run_write(request, lambda ctx: handover.put_handover(
        ctx, record_id, body, today))
    return json_response(result.body, result.status)


@routes.delete(paths.HANDOVER)
async def cancel_handover(request: web.Request) -> web.Response:
    record_id = path_uuid(request, "id")
    await run_write(request, lambda ctx: handover.cancel_handover(ctx, record_id))
    return web.Response(status=204)


@routes.put(paths.CHECKLIST_ITEM)
async def put_checklist_item(request: web.Request) -> web.Response:
    record_id = new_record_id(request)
    body = await read_body(request, p.ChecklistItemWrite)
    result = await run_write(request, lambda ctx: checklist.put_item(ctx, record_id, body))
    return json_response(result.body, result.status)


@routes.delete(paths.CHECKLIST_ITEM)
async def delete_checklist_item(request: web.Request) -> web.Response:
    record_id = path_uuid(request, "id")
    await run_write(request, lambda ctx: checklist.delete_item(ctx, record_id))
    return web.Response(status=204)


@routes.put(paths.CHECKLIST_CHECK)
async def put_checklist_check(request: web.Request) -> web.Response:
    record_id = new_record_id(request)
    body = await read_body(request, p.ChecklistCheckWrite)
    result = await run_write(request, lambda ctx: checklist.put_check(ctx, record_id, body))
    return json_response(result.body, result.status)


@routes.delete(paths.CHECKLIST_CHECK)
async def delete_checklist_check(request: web.Request) -> web.Response:
    record_id = path_uuid(request, "id")
    await run_write(request, lambda ctx: checklist.delete_check(ctx, record_id))
    return web.Response(status=204)
