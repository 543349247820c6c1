"""The OpenAPI 3.1 document of the server's API, built from the wire types.

Component schemas come from the msgspec Structs in sync.protocol, so the document
cannot drift from what the server encodes and decodes. The paths are one table below:
each operation names its request body, its success answer and, per error status, the
stable error codes it can give. tests/integration/test_openapi.py checks both
directions against the running server.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any

import msgspec

from sync import protocol as p

REF = "#/components/schemas/{name}"

# Error codes shared by many operations.
AUTH_CODES = ("unauthorized", "device_revoked", "account_disabled")
BODY_CODES = ("invalid_body", "malformed_json")
ID_CODES = ("invalid_id",)
FEDERATION_AUTH_CODES = ("signature_required", "signature_malformed", "unknown_peer",
                         "bad_signature", "signature_expired", "replayed_request")
SIGNATURE_HEADERS = ("signature", "signature_input", "content_digest", "date")

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
    413: "The request body is larger than the server's max_body_bytes.",
    415: "The body must be sent as application/json.",
    428: "Editing an existing record needs If-Match with its version; `current` holds it.",
    429: "Too many failed sign-ins; wait for Retry-After seconds.",
    500: "Unexpected server error; the message carries an error id found in the server log.",
    503: "The database is not reachable.",
}

_UUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
_UUID7 = "^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    op_id: str
    summary: str
    ok: int = 200
    answer: str | None = None  # component name of the success body; None: no body
    body: str | None = None  # component name of the request body
    errors: dict[int, tuple[str, ...]] = field(default_factory=dict)
    current: str | None = None  # record type carried as `current` by 409/428
    params: tuple[str, ...] = ()  # query/header parameters: since, limit, if_match
    new_id: bool = False  # {id} must be a fresh UUIDv7 minted by the client
    public: bool = False
    tag: str = "records"
    description: str = ""


def _errs(*groups: dict[int, tuple[str, ...]]) -> dict[int, tuple[str, ...]]:
    merged: dict[int, tuple[str, ...]] = {}
    for group in groups:
        for status, codes in group.items():
            merged[status] = tuple(dict.fromkeys(merged.get(status, ()) + codes))
    return merged


_BODY = {400: BODY_CODES, 413: ("body_too_large",), 415: ("unsupported_media_type",)}
_ID = {400: ID_CODES}
_IF_MATCH = {400: ("invalid_if_match",)}

ROUTES: tuple[Route, ...] = (
    Route("get", "/healthz", "healthz", "Liveness and database check", answer="Health",
          errors={503: ("storage_unavailable",)}, public=True, tag="meta"),
    Route("get", "/api/v1/info", "info", "Server name and protocol version", answer="Info",
          public=True, tag="meta"),
    Route("get", "/api/v1/sites", "sites", "This site and how current each peer site's data is",
          answer="SitesAnswer", tag="meta",
          description="Per allow-listed peer: `ok`, `stale` (the last successful pull is "
                      "older than 5 minutes, or pulls failed since) or `never` (not pulled "
                      "yet), and the time of the last successful pull (ms). No addresses, "
                      "keys or error texts."),
    Route("get", "/api/v1/openapi.json", "openapi", "This document", answer="OpenApiDocument",
          public=True, tag="meta"),
    Route("post", "/api/v1/login", "login", "Sign in a device; answers its bearer token",
          answer="LoginResponse", body="LoginRequest", public=True, tag="auth",
          errors=_errs(_BODY, {401: ("invalid_credentials",), 403: ("account_disabled",),
                               429: ("too_many_attempts",)}),
          description="An unknown user and a wrong password get the same 401. After a few "
                      "failures per user name or client address, sign-ins are slowed down "
                      "(429 with Retry-After)."),
    Route("post", "/api/v1/logout", "logout", "Sign out this device (its token ends)",
          ok=204, tag="auth"),
    Route("get", "/api/v1/sync", "sync", "A page of the changes feed after a cursor",
          answer="SyncPage", params=("since", "limit", "count"), tag="feed",
          errors={400: ("invalid_limit", "bad_cursor", "unknown_cursor")},
          description="Only changes visible to the caller. Each record appears once, at the "
                      "sequence number of its latest change. Follow `cursor` while `more` is "
                      "true. `unknown_cursor`: the cursor belongs to another database; start "
                      "again without `since`."),
    Route("get", "/api/v1/events", "events", "Live wake-ups (WebSocket upgrade)", ok=101,
          tag="feed", errors={400: ("bad_request",)},
          description="A WebSocket. The server sends text messages `{\"seq\": N}` (schema "
                      "WakeUp): one right after the upgrade with the feed's head, then one "
                      "whenever the caller's visible feed may have grown. A wake-up carries no "
                      "data: fetch GET /api/v1/sync. Messages from the client are ignored. "
                      "400 `bad_request`: not a WebSocket upgrade request."),
    Route("put", "/api/v1/posts/{id}", "put_post", "Create or edit a post", answer="Post",
          body="PostWrite", new_id=True, params=("if_match",), current="Post",
          errors=_errs(_ID, _BODY, _IF_MATCH, {
              400: ("space_immutable",),
              403: ("not_author", "not_a_member", "moderators_only", "no_person"),
              404: ("space_not_found",), 409: ("version_conflict", "foreign_record"),
              410: ("deleted",), 428: ("version_required",)})),
    Route("delete", "/api/v1/posts/{id}", "delete_post",
          "Delete a post with its comments and reactions", ok=204, params=("if_match",),
          current="Post",
          errors=_errs(_ID, _IF_MATCH, {403: ("not_author",),
                                        404: ("not_found", "space_not_found"),
                                        409: ("version_conflict", "foreign_record")})),
    Route("put", "/api/v1/comments/{id}", "put_comment", "Create or edit a comment",
          answer="Comment", body="CommentWrite", new_id=True, params=("if_match",),
          current="Comment",
          errors=_errs(_ID, _BODY, _IF_MATCH, {
              400: ("post_immutable",),
              403: ("not_author", "not_a_member", "no_person"),
              404: ("post_not_found", "space_not_found"),
              409: ("version_conflict", "foreign_record"),
              410: ("deleted",), 428: ("version_required",)})),
    Route("delete", "/api/v1/comments/{id}", "delete_comment",
          "Delete a comment with its reactions", ok=204,
          errors=_errs(_ID, {403: ("not_author",), 404: ("not_found", "space_not_found"),
                             409: ("foreign_record",)})),
    Route("put", "/api/v1/reactions/{id}", "put_reaction", "React to a post or comment",
          answer="Reaction", body="ReactionWrite", new_id=True, current="Reaction",
          errors=_errs(_ID, _BODY, {
              403: ("not_author", "not_a_member", "no_person"),
              404: ("target_not_found", "space_not_found"), 409: ("reaction_immutable",)}),
          description="Reactions never change: the same PUT again answers the stored "
                      "reaction, a different one 409 `reaction_immutable`."),
    Route("delete", "/api/v1/reactions/{id}", "delete_reaction", "Remove an own reaction",
          ok=204, errors=_errs(_ID, {403: ("not_author",), 409: ("foreign_record",)})),
    Route("get", "/api/v1/me", "get_me", "The caller's own directory entry", answer="Person",
          tag="profile", errors={403: ("no_person",), 404: ("person_not_found",)}),
    Route("patch", "/api/v1/me", "patch_me", "Change fields of the own profile",
          answer="Person", body="ProfileUpdate", tag="profile",
          errors=_errs(_BODY, {403: ("no_person",), 404: ("person_not_found",),
                               409: ("foreign_record",)}),
          description="Only the fields given (not null) change."),
    Route("put", "/api/v1/connections/{id}", "put_connection",
          "Create or edit a personal connection (private to its owner)",
          answer="Connection", body="ConnectionWrite", new_id=True, tag="profile",
          errors=_errs(_ID, _BODY, {400: ("self_connection", "target_immutable"),
                                    403: ("not_owner", "no_person"),
                                    404: ("person_not_found",)})),
    Route("delete", "/api/v1/connections/{id}", "delete_connection",
          "Remove a personal connection", ok=204, tag="profile",
          errors=_errs(_ID, {403: ("not_owner", "no_person")})),
    Route("post", "/api/v1/spaces/{id}/join", "join_space", "Join a space open to the caller",
          answer="Membership", tag="spaces",
          errors=_errs(_ID, {403: ("invite_only", "no_person"),
                             404: ("space_not_found", "person_not_found")})),
    Route("post", "/api/v1/spaces/{id}/leave", "leave_space", "Leave a space", ok=204,
          tag="spaces", errors=_errs(_ID, {403: ("no_person",), 404: ("space_not_found",)})),
    Route("put", "/api/v1/spaces/{id}/members/{person_id}", "put_member",
          "Add a member or set a member's role (moderators and admins)",
          answer="Membership", body="MemberWrite", tag="spaces",
          errors=_errs(_ID, _BODY, {403: ("moderators_only", "no_person"),
                                    404: ("space_not_found", "person_not_found")})),
    Route("delete", "/api/v1/spaces/{id}/members/{person_id}", "delete_member",
          "Remove a member (moderators and admins; anyone may remove themselves)", ok=204,
          tag="spaces",
          errors=_errs(_ID, {403: ("moderators_only",), 404: ("space_not_found",)})),
    Route("put", "/api/v1/responsibilities/{id}", "put_responsibility",
          "Create or edit a responsibility of a position", answer="Responsibility",
          body="ResponsibilityWrite", new_id=True, params=("if_match",),
          current="Responsibility", tag="organisation",
          errors=_errs(_ID, _BODY, _IF_MATCH, {
              400: ("invalid_dates",), 403: ("not_allowed",), 404: ("position_not_found",),
              409: ("version_conflict", "foreign_record"), 410: ("deleted",),
              428: ("version_required",)}),
          description="The holder of the owner position, a lead above it, or an admin; "
                      "moving it to another position needs the right on both."),
    Route("delete", "/api/v1/responsibilities/{id}", "delete_responsibility",
          "Remove a responsibility", ok=204, tag="organisation",
          errors=_errs(_ID, {403: ("not_allowed",), 409: ("foreign_record",)})),
    Route("put", "/api/v1/positions/{id}/absence", "put_absence",
          "Mark the holder of a position absent (both dates null: present again)",
          answer="Position", body="AbsenceWrite", tag="organisation",
          errors=_errs(_ID, _BODY, {400: ("invalid_dates",), 403: ("not_allowed",),
                                    404: ("position_not_found",),
                                    409: ("foreign_record",)})),
    Route("put", "/api/v1/job-connections/{id}", "put_job_connection",
          "Create a job contact (position to position) or change its note",
          answer="Connection", body="JobConnectionWrite", new_id=True, tag="organisation",
          errors=_errs(_ID, _BODY, {400: ("self_connection", "target_immutable"),
                                    403: ("not_allowed",), 404: ("position_not_found",),
                                    409: ("foreign_record",), 410: ("deleted",)}),
          description="Company-visible; it belongs to the job and stays with the position "
                      "when its holder changes. The note is last-writer-wins."),
    Route("delete", "/api/v1/job-connections/{id}", "delete_job_connection",
          "Remove a job contact", ok=204, tag="organisation",
          errors=_errs(_ID, {403: ("not_allowed",), 409: ("foreign_record",)})),
    Route("put", "/api/v1/handovers/{id}", "put_handover",
          "Hand a position to its next holder, at once or on a later date",
          answer="Handover", body="HandoverWrite", new_id=True, current="Handover",
          tag="organisation",
          errors=_errs(_ID, _BODY, {
              400: ("same_holder", "inactive_person", "invalid_dates"), 403: ("not_allowed",),
              404: ("position_not_found", "person_not_found"),
              409: ("handover_pending", "handover_immutable", "foreign_record")}),
          description="A lead above the position or an admin, never its holder. Dated "
                      "today or earlier (the server's calendar): applied at once in one "
                      "transaction (state done); later: scheduled, and applied by the "
                      "server on that date. The same PUT again answers the stored record."),
    Route("delete", "/api/v1/handovers/{id}", "cancel_handover",
          "Cancel a scheduled handover (the record stays, as cancelled)", ok=204,
          current="Handover", tag="organisation",
          errors=_errs(_ID, {403: ("not_allowed",), 404: ("not_found",),
                             409: ("handover_done", "foreign_record")})),
    Route("put", "/api/v1/checklist-items/{id}", "put_checklist_item",
          "Create or edit an onboarding checklist item of a unit", answer="ChecklistItem",
          body="ChecklistItemWrite", new_id=True, tag="organisation",
          errors=_errs(_ID, _BODY, {403: ("not_allowed",), 404: ("unit_not_found",),
                                    409: ("foreign_record",), 410: ("deleted",)}),
          description="The lead of the unit (or of a unit above it) or an admin."),
    Route("delete", "/api/v1/checklist-items/{id}", "delete_checklist_item",
          "Remove a checklist item and everyone's ticks on it", ok=204, tag="organisation",
          errors=_errs(_ID, {403: ("not_allowed",), 409: ("foreign_record",)})),
    Route("put", "/api/v1/checklist-checks/{id}", "put_checklist_check",
          "Tick a checklist item for oneself", answer="ChecklistCheck",
          body="ChecklistCheckWrite", new_id=True, tag="organisation",
          errors=_errs(_ID, _BODY, {400: ("target_immutable",),
                                    403: ("not_owner", "no_person"),
                                    404: ("item_not_found",), 410: ("deleted",)}),
          description="Seen by the caller alone. Ticking an item ticked already answers "
                      "the existing check."),
    Route("delete", "/api/v1/checklist-checks/{id}", "delete_checklist_check",
          "Untick an own checklist item", ok=204, tag="organisation",
          errors=_errs(_ID, {403: ("not_owner", "no_person")})),
    Route("get", "/federation/v1/changes", "federation_changes",
          "A page of this site's export, for an allow-listed peer server",
          answer="SyncPage", params=("since", "limit", *SIGNATURE_HEADERS), public=True,
          tag="federation",
          errors={400: ("invalid_limit", "bad_cursor", "unknown_cursor"),
                  401: FEDERATION_AUTH_CODES},
          description="Server to server (docs/federation.md): no bearer token; the request "
                      "is signed (RFC 9421 subset, Ed25519, keyid = the caller's server "
                      "name on this server's peer list). Holds only company-visible records "
                      "whose origin is this server; `remaining` is always given."),
)

_PARAMETERS: dict[str, dict[str, Any]] = {
    "since": {
        "name": "since", "in": "query", "required": False,
        "description": "The opaque cursor of the previous page; empty or absent: from the start.",
        "schema": {"type": "string"},
    },
    "limit": {
        "name": "limit", "in": "query", "required": False,
        "description": "Most changes in the page (default feed_default_limit, capped at "
                       "feed_max_limit).",
        "schema": {"type": "integer", "minimum": 1},
    },
    "count": {
        "name": "count", "in": "query", "required": False,
        "description": "1: the page also says how many visible changes follow it "
                       "(`remaining`; costs a scan, so ask once per run). Other values are "
                       "ignored.",
        "schema": {"type": "string"},
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
    "if_match": {
        "name": "If-Match", "in": "header", "required": False,
        "description": "The version being edited (a number; quotes and W/ are tolerated). "
                       "Required to edit an existing record; optional on delete.",
        "schema": {"type": "string", "pattern": '^\\s*(W/)?"?[0-9]+"?\\s*$'},
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
    if route.ok == 101:
        ok["description"] = "Switching to the WebSocket protocol; messages are WakeUp."
        ok["x-websocket-message"] = _ref("WakeUp")
    errors = dict(route.errors)
    if not route.public:
        errors = _errs(errors, {401: AUTH_CODES})
    errors[500] = ("internal_error",)
    out: dict[str, Any] = {str(route.ok): ok}
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
