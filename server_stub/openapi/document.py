"""The OpenAPI 3.1 document of the server's API, built from the wire types.

Component schemas come from the msgspec Structs in sync.protocol, so the document
cannot drift from what the server encodes and decodes. The paths are one table
(routes.py): each operation names its request body, its success answer and, per
error status, the stable error codes it can give. tests/integration/test_openapi.py
checks both directions against the running server.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from typing import Any

import msgspec

from server_stub.openapi.routes import AUTH_CODES, ROUTES, Route, merge_errors
from sync import protocol as p

REF = "#/components/schemas/{name}"

_STATUS_TEXT = {
    200: "OK",
    204: "Done; no body.",
    400: "The request is malformed (see the error code).",
    401: "No valid device token (missing, unknown, signed out, revoked, or account disabled).",
    403: "Signed in, but not allowed to do this.",
    404: "The record, space or person does not exist or is not visible to the caller.",
    409: "Conflict with the stored record (`current` holds it), or the record belongs to "
         "another site (`foreign_record`).",
    410: "The record was deleted; its id cannot be used again.",
    304: "Not modified: the client's copy (If-None-Match) is the current one.",
    413: "The request body is larger than the server allows (max_body_bytes; "
         "max_photo_bytes for a photo).",
    415: "The body must be sent as application/json.",
    422: "The body is not an image the server accepts (see the error code).",
    428: "Editing an existing record needs If-Match with its version; `current` holds it.",
    429: "Too many failed sign-ins, or live connections; wait for Retry-After seconds.",
    500: "Unexpected server error; the message carries an error id found in the server log.",
    503: "The database is not reachable.",
}

_UUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
_UUID7 = "^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"


_PARAMETERS: dict[str, dict[str, Any]] = {
    "since": {
        "name": "since", "in": "query", "required": False,
        "description": "The opaque cursor of the previous page; empty or absent: from the start.",
        "schema": {"type": "string"},
    },
    "limit": {
        "name": "limit", "in": "query", "required": False,
        "description": "Most changes in the page (default feed_default_limit, capped at "
                       "feed_max_limit). 1 to 15 ASCII digits, else 400 invalid_limit.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 999_999_999_999_999},
    },
    "count": {
        "name": "count", "in": "query", "required": False,
        "description": "1: the page also says how many visible changes follow it "
                       "(`remaining`; costs a scan, so ask once per run); 0 or absent: not. "
                       "Other values are 400 invalid_parameter.",
        "schema": {"type": "string", "enum": ["0", "1"]},
    },
    "signature": {
        "name": "Signature", "in": "header", "required": True,
        "description": "sig1=:<base64 Ed25519 signature>: (RFC 9421).",
        "schema": {"type": "string"},
    },
    "signature_input": {
        "name": "Signature-Input", "in": "header", "required": True,
        "description": 'sig1=("@method" "@path" "@query" "content-digest" "date");created=N;'
                       'expires=N;nonce="...";keyid="<server name>";alg="ed25519"',
        "schema": {"type": "string"},
    },
    "content_digest": {
        "name": "Content-Digest", "in": "header", "required": True,
        "description": "sha-256=:<base64>: of the (empty) body (RFC 9530).",
        "schema": {"type": "string"},
    },
    "date": {
        "name": "Date", "in": "header", "required": True,
        "description": "The HTTP date of signing; within 30 s of `created`.",
        "schema": {"type": "string"},
    },
    "size": {
        "name": "size", "in": "query", "required": False,
        "description": "256 (the default) or 64: the side of the square photo in pixels.",
        "schema": {"type": "string", "enum": ["256", "64"]},
    },
    "if_none_match": {
        "name": "If-None-Match", "in": "header", "required": False,
        "description": "The ETag of the copy the client holds; 304 if it is current.",
        "schema": {"type": "string"},
    },
    "if_match": {
        "name": "If-Match", "in": "header", "required": False,
        "description": "The version being edited (a number; quotes and W/ are tolerated). "
                       "Required to edit an existing record; optional on delete.",
        "schema": {"type": "string", "pattern": '^[ \\t]*(W/)?("[0-9]{1,15}"|[0-9]{1,15})[ \\t]*$'},
    },
}

_WIRE_TYPES: tuple[type[msgspec.Struct], ...] = (
    *p.RECORD_TYPES.values(),
    p.SyncPage, p.WakeUp, p.Info, p.SitesAnswer, p.ErrorBody, p.LoginRequest, p.LoginResponse,
    p.PostWrite, p.CommentWrite, p.ReactionWrite, p.ProfileUpdate, p.ConnectionWrite,
    p.MemberWrite, p.ResponsibilityWrite, p.AbsenceWrite, p.JobConnectionWrite,
    p.HandoverWrite, p.ChecklistItemWrite, p.ChecklistCheckWrite,
)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(name=name)}


def _describable(tp: Any, twins: dict[type, type]) -> Any:
    """tp, or a twin msgspec can turn into a schema (see _twin), with nested types too."""
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return _twin(tp, twins)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is None or origin is typing.Literal:
        return tp
    if origin is typing.Annotated:
        return typing.Annotated[(_describable(args[0], twins), *tp.__metadata__)]
    new_args = tuple(_describable(arg, twins) for arg in args)
    if new_args == args:
        return tp
    if origin in (typing.Union, types.UnionType):
        return typing.Union[new_args]  # noqa: UP007 - built from a tuple
    return origin[new_args]


def _twin(struct: type[msgspec.Struct], twins: dict[type, type]) -> type:
    """struct itself, or a copy whose msgspec.Raw defaults are plain JSON values.

    msgspec's schema generator cannot write a Raw default (Change.body = NULL). The twin
    keeps the name, docstring, field names, types and options, so the schema is the one
    of the wire type; nested wire types are swapped for their twins where needed.
    """
    if struct in twins:
        return twins[struct]
    twins[struct] = struct  # a cycle refers to the original until the twin exists
    fields = msgspec.structs.fields(struct)
    specs: list[tuple[str, Any, Any]] = []
    changed = False
    for f in fields:
        tp = _describable(f.type, twins)
        default = f.default
        if isinstance(default, msgspec.Raw):
            default = msgspec.json.decode(default)
        changed |= tp is not f.type or default is not f.default
        if default is not msgspec.NODEFAULT:
            specs.append((f.name, tp, default))
        elif f.default_factory is not msgspec.NODEFAULT:
            specs.append((f.name, tp, msgspec.field(default_factory=f.default_factory)))
        else:
            specs.append((f.name, tp, msgspec.field()))
    if not changed:
        return struct
    config = struct.__struct_config__
    twin = msgspec.defstruct(
        struct.__name__, specs, namespace={"__doc__": struct.__doc__}, kw_only=True,
        rename={f.name: f.encode_name for f in fields}, omit_defaults=config.omit_defaults,
        forbid_unknown_fields=config.forbid_unknown_fields, array_like=config.array_like,
        tag_field=config.tag_field, tag=config.tag,
    )
    twins[struct] = twin
    return twin


# Request bodies: texts in them may hold no control character but newline and tab
# (server_stub/text_rules.py; 400 control_character).
_REQUEST_BODIES = ("LoginRequest", "Phone", "PostWrite", "CommentWrite", "ReactionWrite",
                   "ProfileUpdate", "ConnectionWrite", "MemberWrite", "ResponsibilityWrite",
                   "AbsenceWrite", "JobConnectionWrite", "HandoverWrite",
                   "ChecklistItemWrite", "ChecklistCheckWrite")
TEXT_PATTERN = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$"


def _no_control_characters(schema: Any) -> None:
    """Give every free text string of a body schema the pattern the server enforces."""
    if isinstance(schema, list):
        for item in schema:
            _no_control_characters(item)
        return
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "string" and not {"format", "pattern", "enum", "const"} & set(
            schema):
        schema["pattern"] = TEXT_PATTERN
    for value in schema.values():
        if isinstance(value, dict | list):
            _no_control_characters(value)


def component_schemas() -> dict[str, Any]:
    twins: dict[type, type] = {}
    described = [_twin(t, twins) for t in _WIRE_TYPES]
    _, schemas = msgspec.json.schema_components(described, ref_template=REF)
    # Change.body is msgspec.Raw (any JSON) on the wire type; in the document it is the
    # record of the change's kind, or null. Record schemas overlap (a Post also satisfies
    # SpaceAccess), so the choice is keyed on `kind`, which makes it exactly one.
    kind_to_type = {kind: t.__name__ for kind, t in p.RECORD_TYPES.items()}
    change = schemas["Change"]
    change["properties"]["body"] = {
        "description": "The whole record for put (and the SpaceAccess marker of a "
                       "space_access delete); null for other deletes. Which record schema "
                       "applies is given by `kind` (see the oneOf of Change).",
        "anyOf": [*(_ref(name) for name in kind_to_type.values()), {"type": "null"}],
    }
    change["oneOf"] = [
        {"properties": {"kind": {"const": kind},
                        "body": {"oneOf": [_ref(name), {"type": "null"}]}}}
        for kind, name in kind_to_type.items()
    ]
    change["if"] = {"properties": {"op": {"const": "put"}}}
    change["then"] = {"properties": {"body": {"type": "object"}}, "required": ["body"]}
    for name in _REQUEST_BODIES:
        _no_control_characters(schemas[name])
    schemas["ErrorBody"]["properties"]["current"] = {
        "description": "Only on 409/428: the record as stored now.",
        "type": "object",
    }
    schemas["Health"] = {
        "type": "object", "properties": {"status": {"const": "ok"}}, "required": ["status"],
    }
    schemas["OpenApiDocument"] = {
        "type": "object", "required": ["openapi", "info", "paths", "components"],
        "properties": {"openapi": {"const": "3.1.0"}},
    }
    return schemas


def _error_schema(codes: tuple[str, ...], current: str | None) -> dict[str, Any]:
    narrow: dict[str, Any] = {"properties": {"error": {"enum": list(codes)}}}
    if current is not None:
        narrow["properties"]["current"] = _ref(current)
    return {"allOf": [_ref("ErrorBody"), narrow]}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _responses(route: Route) -> dict[str, Any]:
    ok: dict[str, Any] = {"description": _STATUS_TEXT.get(route.ok, "OK")}
    if route.answer is not None:
        ok["content"] = _json(_ref(route.answer))
    if route.answer_media:
        ok["content"] = {route.answer_media: {"schema": {
            "type": "string", "contentMediaType": route.answer_media}}}
        ok["headers"] = {"ETag": {"schema": {"type": "string"}}}
    if route.ok == 101:
        ok["description"] = "Switching to the WebSocket protocol; messages are WakeUp."
        ok["x-websocket-message"] = _ref("WakeUp")
    errors = dict(route.errors)
    if not route.public:
        errors = merge_errors(errors, {401: AUTH_CODES})
    errors[500] = ("internal_error",)
    out: dict[str, Any] = {str(route.ok): ok}
    if route.answer_media:
        out["304"] = {"description": _STATUS_TEXT[304]}
    for status in sorted(errors):
        current = route.current if status in (409, 428) else None
        text = _STATUS_TEXT[status]
        if route.tag == "federation" and status == 401:
            text = "Not signed by a listed peer, or the signature is malformed, wrong, " \
                   "expired or replayed; each refusal is logged."
        answer: dict[str, Any] = {
            "description": text + " Codes: " + ", ".join(errors[status]) + ".",
            "content": _json(_error_schema(errors[status], current)),
        }
        if status == 401 and route.tag != "federation":
            answer["headers"] = {"WWW-Authenticate": {"schema": {"const": "Bearer"}}}
        if status == 429:
            answer["headers"] = {"Retry-After": {
                "description": "Seconds to wait.", "schema": {"type": "integer", "minimum": 1}}}
        out[str(status)] = answer
    return out


def _operation(route: Route) -> dict[str, Any]:
    op: dict[str, Any] = {"operationId": route.op_id, "summary": route.summary,
                          "tags": [route.tag]}
    if route.description:
        op["description"] = route.description
    params = []
    for name in re.findall(r"{(\w+)}", route.path):
        fresh = route.new_id and name == "id"
        params.append({
            "name": name, "in": "path", "required": True,
            "description": "A UUIDv7 minted by the client (lowercase)." if fresh
            else "A UUID (lowercase, canonical form).",
            "schema": {"type": "string", "pattern": _UUID7 if fresh else _UUID},
        })
    params.extend(_PARAMETERS[name] for name in route.params)
    if params:
        op["parameters"] = params
    if route.body is not None:
        op["requestBody"] = {"required": True, "content": _json(_ref(route.body))}
    if route.media:
        op["requestBody"] = {"required": True, "content": {
            media: {"schema": {"type": "string", "contentMediaType": media}}
            for media in route.media}}
    if route.public:
        op["security"] = []
    op["responses"] = _responses(route)
    return op


def build_document() -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for route in ROUTES:
        paths.setdefault(route.path, {})[route.method] = _operation(route)
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Kontor server API",
            "version": str(p.PROTOCOL_VERSION),
            "description": "The wire protocol of Kontor (see docs/protocol.md). Every error "
                           "is a JSON ErrorBody with a stable `error` code.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "tags": [{"name": name} for name in dict.fromkeys(r.tag for r in ROUTES)],
        "paths": paths,
        "components": {
            "schemas": component_schemas(),
            "securitySchemes": {"bearer": {
                "type": "http", "scheme": "bearer",
                "description": "The device token from POST /api/v1/login.",
            }},
        },
    }


@functools.cache
def openapi_document() -> bytes:
    return msgspec.json.encode(build_document())
