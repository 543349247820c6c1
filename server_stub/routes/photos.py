"""Profile photos: PUT/DELETE the caller's own, GET anyone's the caller may see."""

from __future__ import annotations

import asyncio

from aiohttp import web

from server_stub import appkeys as k
from server_stub.errors import ApiError
from server_stub.routes.common import (
    checked_in_transaction,
    json_response,
    path_uuid,
    read_as_caller,
    write_as_caller,
)
from server_stub.services import photos
from server_stub.services.photo_image import PhotoRefused, normalise
from sync.protocol import paths

routes = web.RouteTableDef()

_REFUSAL_STATUS = {"photo_too_large": 413, "photo_too_many_pixels": 422, "not_an_image": 422}


async def _read_capped(request: web.Request, cap: int) -> bytes:
    """The body, read as it streams in and refused as soon as it passes cap bytes (a
    photo is larger than max_body_bytes, which aiohttp's request.read() holds to)."""
    if request.content_length is not None and request.content_length > cap:
        raise ApiError(413, "photo_too_large", f"A photo may have at most {cap // 1024} KiB.")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > cap:
            raise ApiError(413, "photo_too_large", f"A photo may have at most {cap // 1024} KiB.")
        chunks.append(chunk)
    return b"".join(chunks)


@routes.put(paths.ME_PHOTO)
async def put_my_photo(request: web.Request) -> web.Response:
    config = request.app[k.CONFIG]
    data = await _read_capped(request, config.max_photo_bytes)
    try:
        # Decoding is CPU work of up to a few hundred milliseconds: off the event loop.
        photo = await asyncio.to_thread(normalise, data, max_bytes=config.max_photo_bytes,
                                        max_pixels=config.max_photo_pixels)
    except PhotoRefused as exc:
        raise ApiError(_REFUSAL_STATUS[exc.code], exc.code, exc.message) from None
    result = await write_as_caller(request, lambda ctx: photos.put_own_photo(ctx, photo))
    return json_response(result.body, result.status)


@routes.delete(paths.ME_PHOTO)
@checked_in_transaction
async def delete_my_photo(request: web.Request) -> web.Response:
    result = await write_as_caller(request, photos.delete_own_photo)
    return json_response(result.body, result.status)


@routes.get(paths.PERSON_PHOTO)
@checked_in_transaction
async def get_photo(request: web.Request) -> web.Response:
    person_id = path_uuid(request, "id")
    size = request.query.get("size", "")
    if size not in ("", "256", "64"):
        raise ApiError(400, "invalid_parameter", "size is 256 (the default) or 64.")
    stored = await read_as_caller(request, lambda ctx: photos.person_photo(ctx, person_id))
    etag = f'"{stored.digest}-64"' if size == "64" else f'"{stored.digest}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    wanted = request.headers.get("If-None-Match", "")
    if etag in (tag.strip() for tag in wanted.split(",")):
        return web.Response(status=304, headers=headers)
    body = stored.thumb if size == "64" else stored.image
    return web.Response(body=body, content_type="image/jpeg", headers=headers)
