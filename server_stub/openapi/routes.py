"""The route table of the OpenAPI document: every operation, its body, answer and errors.

Each Route names its request body and success answer (component names of the wire types
in sync.protocol) and, per error status, the stable error codes the server can give,
so a client author learns from the document what each refusal means. document.py turns
the table into the document, with the schemas; it is kept apart because it grows with
every endpoint while the building does not. tests/integration/test_openapi.py checks it
against the running server: the same routes, every answer documented, and every
documented answer seen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sync.protocol import paths

# Error codes shared by many operations.
AUTH_CODES = ("unauthorized", "device_revoked", "account_disabled")
BODY_CODES = ("invalid_body", "malformed_json", "control_character")
ID_CODES = ("invalid_id",)
FEDERATION_AUTH_CODES = ("signature_required", "signature_malformed", "unknown_peer",
                         "bad_signature", "signature_expired", "replayed_request")
SIGNATURE_HEADERS = ("signature", "signature_input", "content_digest", "date")


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
    media: tuple[str, ...] = ()  # a binary request body of these types (not JSON)
    answer_media: str = ""  # a binary success answer of this type (not JSON)


def merge_errors(*groups: Mapping[int, tuple[str, ...]]) -> dict[int, tuple[str, ...]]:
    """Codes per status from the shared groups and the route's own, each code once."""
    merged: dict[int, tuple[str, ...]] = {}
    for group in groups:
        for status, codes in group.items():
            merged[status] = tuple(dict.fromkeys(merged.get(status, ()) + codes))
    return merged


_BODY = {400: BODY_CODES, 413: ("body_too_large",), 415: ("unsupported_media_type",)}
_ID = {400: ID_CODES}
_IF_MATCH = {400: ("invalid_if_match",)}

ROUTES: tuple[Route, ...] = (
    Route("get", paths.HEALTHZ, "healthz", "Liveness and database check", answer="Health",
          errors={503: ("storage_unavailable",)}, public=True, tag="meta"),
    Route("get", paths.INFO, "info", "Server name and protocol version", answer="Info",
          public=True, tag="meta"),
    Route("get", paths.SITES, "sites", "This site and how current each peer site's data is",
          answer="SitesAnswer", tag="meta",
          description="Per allow-listed peer: `ok`, `stale` (the last successful pull is "
                      "older than 5 minutes, or pulls failed since) or `never` (not pulled "
                      "yet), and the time of the last successful pull (ms). No addresses, "
                      "keys or error texts."),
    Route("get", paths.OPENAPI, "openapi", "This document", answer="OpenApiDocument",
          public=True, tag="meta"),
    Route("post", paths.LOGIN, "login", "Sign in a device; answers its bearer token",
          answer="LoginResponse", body="LoginRequest", public=True, tag="auth",
          errors=merge_errors(_BODY, {401: ("invalid_credentials",),
                                      403: ("account_disabled", "no_account"),
                                      429: ("too_many_attempts",),
                                      503: ("directory_unavailable",)}),
          description="An unknown user and a wrong password get the same 401. After a few "
                      "failures per user name or client address, sign-ins are slowed down "
                      "(429 with Retry-After). With the company directory (LDAP) on, the "
                      "password is the directory's; 503 when the directory cannot be "
                      "asked, 403 no_account when it knows the person and Kontor does not."),
    Route("post", paths.LOGOUT, "logout", "Sign out this device (its token ends)",
          ok=204, tag="auth"),
    Route("get", paths.SYNC, "sync", "A page of the changes feed after a cursor",
          answer="SyncPage", params=("since", "limit", "count"), tag="feed",
          errors={400: ("invalid_limit", "invalid_parameter", "bad_cursor", "unknown_cursor")},
          description="Only changes visible to the caller. Each record appears once, at the "
                      "sequence number of its latest change. Follow `cursor` while `more` is "
                      "true. `unknown_cursor`: the cursor belongs to another database; start "
                      "again without `since`."),
    Route("get", paths.EVENTS, "events", "Live wake-ups (WebSocket upgrade)", ok=101,
          tag="feed", errors={400: ("bad_request",), 429: ("too_many_connections",)},
          description="A WebSocket. The server sends text messages `{\"seq\": N}` (schema "
                      "WakeUp): one right after the upgrade with the feed's head, then one "
                      "whenever the caller's visible feed may have grown. A plain wake-up "
                      "carries no data: fetch GET /api/v1/sync. A small write's wake-up may "
                      "carry `changes`: exactly the page GET /api/v1/sync?since=`after` would "
                      "return, ending at `cursor`; a client whose cursor is `after` applies "
                      "them instead of fetching, any other fetches as for a plain one. "
                      "Messages from the client are ignored. "
                      "400 `bad_request`: not a WebSocket upgrade request. When the device "
                      "signs out, is revoked, its account disabled or its password changed, "
                      "the server closes the socket with code 4401 and as reason the error "
                      "code a request with the token now gets (unauthorized, device_revoked, "
                      "account_disabled). 429 `too_many_connections`: the device (4) or the "
                      "account (12) holds as many sockets as allowed."),
    Route("put", paths.POST, "put_post", "Create or edit a post", answer="Post",
          body="PostWrite", new_id=True, params=("if_match",), current="Post",
          errors=merge_errors(_ID, _BODY, _IF_MATCH, {
              400: ("space_immutable",),
              403: ("not_author", "not_a_member", "moderators_only", "no_person"),
              404: ("space_not_found", "not_found"),
              409: ("version_conflict", "foreign_record"),
              410: ("deleted",), 428: ("version_required",)})),
    Route("delete", paths.POST, "delete_post",
          "Delete a post with its comments and reactions", ok=204, params=("if_match",),
          current="Post",
          errors=merge_errors(_ID, _IF_MATCH, {403: ("not_author",),
                                               404: ("not_found", "space_not_found"),
                                               409: ("version_conflict", "foreign_record")})),
    Route("put", paths.COMMENT, "put_comment", "Create or edit a comment",
          answer="Comment", body="CommentWrite", new_id=True, params=("if_match",),
          current="Comment",
          errors=merge_errors(_ID, _BODY, _IF_MATCH, {
              400: ("post_immutable",),
              403: ("not_author", "not_a_member", "no_person"),
              404: ("post_not_found", "space_not_found", "not_found"),
              409: ("version_conflict", "foreign_record"),
              410: ("deleted",), 428: ("version_required",)})),
    Route("delete", paths.COMMENT, "delete_comment",
          "Delete a comment with its reactions", ok=204,
          errors=merge_errors(_ID, {403: ("not_author",), 404: ("not_found", "space_not_found"),
                                    409: ("foreign_record",)})),
    Route("put", paths.REACTION, "put_reaction", "React to a post or comment",
          answer="Reaction", body="ReactionWrite", new_id=True, current="Reaction",
          errors=merge_errors(_ID, _BODY, {
              403: ("not_author", "not_a_member", "no_person"),
              404: ("target_not_found", "space_not_found", "not_found"),
              409: ("reaction_immutable",)}),
          description="Reactions never change: the same PUT again answers the stored "
                      "reaction, a different one 409 `reaction_immutable`."),
    Route("delete", paths.REACTION, "delete_reaction", "Remove an own reaction",
          ok=204, errors=merge_errors(_ID, {403: ("not_author",), 409: ("foreign_record",)})),
    Route("get", paths.ME, "get_me", "The caller's own directory entry", answer="Person",
          tag="profile", errors={403: ("no_person",), 404: ("person_not_found",)}),
    Route("patch", paths.ME, "patch_me", "Change fields of the own profile",
          answer="Person", body="ProfileUpdate", tag="profile",
          errors=merge_errors(_BODY, {403: ("no_person",), 404: ("person_not_found",),
                                      409: ("foreign_record",)}),
          description="Only the fields given (not null) change."),
    Route("put", paths.ME_PHOTO, "put_my_photo", "Set the own profile photo",
          answer="Person", tag="profile", media=("image/jpeg", "image/png", "image/webp"),
          errors={403: ("no_person",), 404: ("person_not_found",), 409: ("foreign_record",),
                  413: ("photo_too_large",),
                  422: ("not_an_image", "photo_too_many_pixels")},
          description="The body is the image itself (JPEG, PNG or WebP, at most "
                      "max_photo_bytes and max_photo_pixels). The server keeps its own "
                      "square JPEG re-encoding without metadata; the answer is the person "
                      "record, whose `photo` is the new photo's digest."),
    Route("delete", paths.ME_PHOTO, "delete_my_photo", "Remove the own profile photo",
          answer="Person", tag="profile",
          errors={403: ("no_person",), 404: ("person_not_found",), 409: ("foreign_record",)}),
    Route("get", paths.PERSON_PHOTO, "get_person_photo", "A person's profile photo",
          tag="profile", answer_media="image/jpeg", params=("size", "if_none_match"),
          errors=merge_errors(_ID, {400: ("invalid_parameter",),
                                    404: ("person_not_found", "no_photo", "photo_elsewhere")}),
          description="A 256 px (or, with size=64, 64 px) square JPEG for whoever may see "
                      "the person. The ETag is the digest the person record carries; with "
                      "If-None-Match the answer is 304 without a body."),
    Route("put", paths.CONNECTION, "put_connection",
          "Create or edit a personal connection (private to its owner)",
          answer="Connection", body="ConnectionWrite", new_id=True, tag="profile",
          errors=merge_errors(_ID, _BODY, {400: ("self_connection", "target_immutable"),
                                           403: ("not_owner", "no_person"),
                                           404: ("person_not_found", "not_found")})),
    Route("delete", paths.CONNECTION, "delete_connection",
          "Remove a personal connection", ok=204, tag="profile",
          errors=merge_errors(_ID, {403: ("not_owner", "no_person")})),
    Route("post", paths.SPACE_JOIN, "join_space", "Join a space open to the caller",
          answer="Membership", tag="spaces",
          errors=merge_errors(_ID, {403: ("invite_only", "no_person"),
                                    404: ("space_not_found", "person_not_found")})),
    Route("post", paths.SPACE_LEAVE, "leave_space", "Leave a space", ok=204,
          tag="spaces", errors=merge_errors(_ID, {403: ("no_person",), 404: ("space_not_found",)})),
    Route("put", paths.SPACE_MEMBER, "put_member",
          "Add a member or set a member's role (moderators and admins)",
          answer="Membership", body="MemberWrite", tag="spaces",
          errors=merge_errors(_ID, _BODY, {403: ("moderators_only", "no_person"),
                                           404: ("space_not_found", "person_not_found")})),
    Route("delete", paths.SPACE_MEMBER, "delete_member",
          "Remove a member (moderators and admins; anyone may remove themselves)", ok=204,
          tag="spaces",
          errors=merge_errors(_ID, {403: ("moderators_only",), 404: ("space_not_found",)})),
    Route("put", paths.RESPONSIBILITY, "put_responsibility",
          "Create or edit a responsibility of a position", answer="Responsibility",
          body="ResponsibilityWrite", new_id=True, params=("if_match",),
          current="Responsibility", tag="organisation",
          errors=merge_errors(_ID, _BODY, _IF_MATCH, {
              400: ("invalid_dates", "howto_not_public", "blank_synonym"),
              403: ("not_allowed",), 404: ("position_not_found", "howto_not_found"),
              409: ("version_conflict", "foreign_record"), 410: ("deleted",),
              428: ("version_required",)}),
          description="The holder of the owner position, a lead above it, or an admin; "
                      "moving it to another position needs the right on both."),
    Route("delete", paths.RESPONSIBILITY, "delete_responsibility",
          "Remove a responsibility", ok=204, tag="organisation",
          errors=merge_errors(_ID, {403: ("not_allowed",), 409: ("foreign_record",)})),
    Route("put", paths.ABSENCE, "put_absence",
          "Mark the holder of a position absent (both dates null: present again)",
          answer="Position", body="AbsenceWrite", tag="organisation",
          errors=merge_errors(_ID, _BODY, {400: ("invalid_dates",), 403: ("not_allowed",),
                                           404: ("position_not_found",),
                                           409: ("foreign_record",)})),
    Route("put", paths.JOB_CONNECTION, "put_job_connection",
          "Create a job contact (position to position) or change its note",
          answer="Connection", body="JobConnectionWrite", new_id=True, tag="organisation",
          errors=merge_errors(_ID, _BODY, {400: ("self_connection", "target_immutable"),
                                           403: ("not_allowed",), 404: ("position_not_found",),
                                           409: ("foreign_record",), 410: ("deleted",)}),
          description="Company-visible; it belongs to the job and stays with the position "
                      "when its holder changes. The note is last-writer-wins."),
    Route("delete", paths.JOB_CONNECTION, "delete_job_connection",
          "Remove a job contact", ok=204, tag="organisation",
          errors=merge_errors(_ID, {403: ("not_allowed",), 409: ("foreign_record",)})),
    Route("put", paths.HANDOVER, "put_handover",
          "Hand a position to its next holder, at once or on a later date",
          answer="Handover", body="HandoverWrite", new_id=True, current="Handover",
          tag="organisation",
          errors=merge_errors(_ID, _BODY, {
              400: ("same_holder", "inactive_person", "invalid_dates"), 403: ("not_allowed",),
              404: ("position_not_found", "person_not_found"),
              409: ("handover_pending", "handover_immutable", "foreign_record")}),
          description="A lead above the position or an admin, never its holder. Dated "
                      "today or earlier (the server's calendar): applied at once in one "
                      "transaction (state done); later: scheduled, and applied by the "
                      "server on that date. The same PUT again answers the stored record."),
    Route("delete", paths.HANDOVER, "cancel_handover",
          "Cancel a scheduled handover (the record stays, as cancelled)", ok=204,
          current="Handover", tag="organisation",
          errors=merge_errors(_ID, {403: ("not_allowed",), 404: ("not_found",),
                                    409: ("handover_done", "foreign_record")})),
    Route("put", paths.CHECKLIST_ITEM, "put_checklist_item",
          "Create or edit an onboarding checklist item of a unit", answer="ChecklistItem",
          body="ChecklistItemWrite", new_id=True, tag="organisation",
          errors=merge_errors(_ID, _BODY, {403: ("not_allowed",), 404: ("unit_not_found",),
                                           409: ("foreign_record",), 410: ("deleted",)}),
          description="The lead of the unit (or of a unit above it) or an admin."),
    Route("delete", paths.CHECKLIST_ITEM, "delete_checklist_item",
          "Remove a checklist item and everyone's ticks on it", ok=204, tag="organisation",
          errors=merge_errors(_ID, {403: ("not_allowed",), 409: ("foreign_record",)})),
    Route("put", paths.CHECKLIST_CHECK, "put_checklist_check",
          "Tick a checklist item for oneself", answer="ChecklistCheck",
          body="ChecklistCheckWrite", new_id=True, tag="organisation",
          errors=merge_errors(_ID, _BODY, {400: ("target_immutable",),
                                           403: ("no_person",),
                                           404: ("item_not_found", "not_found"),
                                           410: ("deleted",)}),
          description="Seen by the caller alone. Ticking an item ticked already answers "
                      "the existing check."),
    Route("delete", paths.CHECKLIST_CHECK, "delete_checklist_check",
          "Untick an own checklist item", ok=204, tag="organisation",
          errors=merge_errors(_ID, {403: ("no_person",)})),
    Route("get", paths.FEDERATION_CHANGES, "federation_changes",
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
