"""The server's tables (SQLAlchemy Core). Portable: nothing here is SQLite-specific.

Record tables use the field names of the wire types in sync/protocol/, so a row
converts to its Struct with msgspec.convert and back with msgspec.to_builtins.
List-valued fields are JSON columns.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = sa.String(36)


def _record(name: str, *columns: sa.Column[Any], indexes: tuple[sa.Index, ...] = ()) -> sa.Table:
    return sa.Table(
        name,
        metadata,
        sa.Column("id", ID, primary_key=True),
        sa.Column("origin", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.BigInteger, nullable=False),
        *columns,
        *indexes,
    )


server_meta = sa.Table(
    "server_meta",
    metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

person = _record(
    "person",
    sa.Column("given_name", sa.String(200), nullable=False),
    sa.Column("family_name", sa.String(200), nullable=False),
    sa.Column("email", sa.String(200), nullable=False, default=""),
    sa.Column("phones", sa.JSON, nullable=False, default=list),
    sa.Column("site", sa.String(200), nullable=False, default=""),
    sa.Column("building", sa.String(200), nullable=False, default=""),
    sa.Column("room", sa.String(200), nullable=False, default=""),
    sa.Column("photo", sa.Text, nullable=True),
    sa.Column("languages", sa.JSON, nullable=False, default=list),
    sa.Column("skills", sa.JSON, nullable=False, default=list),
    sa.Column("about", sa.Text, nullable=False, default=""),
    sa.Column("manager_id", ID, nullable=True),
    sa.Column("status", sa.String(20), nullable=False, default="active"),
    sa.Column("show_as_hub", sa.Boolean, nullable=False, default=False,
              server_default=sa.false()),
)

org_unit = _record(
    "org_unit",
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("unit_kind", sa.String(20), nullable=False),
    sa.Column("parent_id", ID, nullable=True, index=True),
    sa.Column("site", sa.String(200), nullable=False, default=""),
    sa.Column("lead_position_id", ID, nullable=True, index=True),
)

position = _record(
    "position",
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("org_unit_id", ID, nullable=False, index=True),
    sa.Column("holder_id", ID, nullable=True, index=True),
    sa.Column("deputy_position_id", ID, nullable=True),
    sa.Column("reports_to_id", ID, nullable=True, index=True),
    sa.Column("absent_from", sa.Date, nullable=True),
    sa.Column("absent_to", sa.Date, nullable=True),
    sa.Column("history", sa.JSON, nullable=False, default=list),
)

responsibility = _record(
    "responsibility",
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=False, default=""),
    sa.Column("keywords", sa.JSON, nullable=False, default=list),
    sa.Column("synonyms", sa.JSON, nullable=False, default=list),
    sa.Column("owner_position_id", ID, nullable=False, index=True),
    sa.Column("deputy_position_id", ID, nullable=True),
    sa.Column("howto_post_id", ID, nullable=True),
    sa.Column("valid_from", sa.Date, nullable=True),
    sa.Column("valid_to", sa.Date, nullable=True),
)

connection = _record(
    "connection",
    sa.Column("connection_kind", sa.String(20), nullable=False),
    sa.Column("from_id", ID, nullable=False, index=True),
    sa.Column("to_id", ID, nullable=False, index=True),
    sa.Column("note", sa.Text, nullable=False, default=""),
)

space = _record(
    "space",
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=False, default=""),
    sa.Column("space_kind", sa.String(20), nullable=False),
    sa.Column("visibility", sa.String(20), nullable=False),
    sa.Column("org_unit_id", ID, nullable=True),
    sa.Column("position_id", ID, nullable=True, index=True),
)

membership = _record(
    "membership",
    sa.Column("space_id", ID, nullable=False),
    sa.Column("person_id", ID, nullable=False, index=True),
    sa.Column("role", sa.String(20), nullable=False, default="member"),
    indexes=(sa.Index("ux_membership_space_person", "space_id", "person_id", unique=True),),
)

post = _record(
    "post",
    sa.Column("space_id", ID, nullable=False, index=True),
    sa.Column("author_id", ID, nullable=False),
    sa.Column("post_kind", sa.String(20), nullable=False, default="post"),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("mentions", sa.JSON, nullable=False, default=list),
    sa.Column("pinned", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("edited_at", sa.BigInteger, nullable=True),
)

comment = _record(
    "comment",
    sa.Column("post_id", ID, nullable=False, index=True),
    sa.Column("space_id", ID, nullable=False),
    sa.Column("author_id", ID, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("mentions", sa.JSON, nullable=False, default=list),
    sa.Column("created_at", sa.BigInteger, nullable=False),
)

reaction = _record(
    "reaction",
    sa.Column("target_id", ID, nullable=False, index=True),
    sa.Column("space_id", ID, nullable=False),
    sa.Column("person_id", ID, nullable=False),
    sa.Column("emoji", sa.String(16), nullable=False),
)

handover = _record(
    "handover",
    sa.Column("position_id", ID, nullable=False, index=True),
    sa.Column("from_person_id", ID, nullable=True),
    sa.Column("to_person_id", ID, nullable=False),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("state", sa.String(20), nullable=False, default="scheduled"),
    sa.Column("transferred", sa.JSON, nullable=False, default=list),
)

checklist_item = _record(
    "checklist_item",
    sa.Column("org_unit_id", ID, nullable=False, index=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=False, default=""),
    sa.Column("rank", sa.Integer, nullable=False, default=0),
)

# One person's tick on one item: at most one per (item, person), so ticking twice
# finds the existing check.
checklist_check = _record(
    "checklist_check",
    sa.Column("item_id", ID, nullable=False),
    sa.Column("person_id", ID, nullable=False, index=True),
    sa.Column("done_at", sa.BigInteger, nullable=False),
    indexes=(sa.Index("ux_checklist_check_item_person", "item_id", "person_id", unique=True),),
)

# Information hubs (docs/hubs.md): the published results of the latest run. Each
# publication replaces the rows of the one before (a new run_id), so these hold one
# run at a time; the JSON columns are the reasons, links and gaps as the wire carries them.
hub_run = _record(
    "hub_run",
    sa.Column("run_id", ID, nullable=False),
    sa.Column("map_run_id", ID, nullable=False),
    sa.Column("computed_at", sa.BigInteger, nullable=False),
    sa.Column("window_days", sa.Integer, nullable=False),
    sa.Column("min_group", sa.Integer, nullable=False),
)

hub = _record(
    "hub",
    sa.Column("run_id", ID, nullable=False, index=True),
    sa.Column("person_id", ID, nullable=True, index=True),
    sa.Column("unit_id", ID, nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("reasons", sa.JSON, nullable=False, default=list),
)

hub_unit = _record(
    "hub_unit",
    sa.Column("run_id", ID, nullable=False, index=True),
    sa.Column("unit_id", ID, nullable=False),
    sa.Column("links", sa.JSON, nullable=False, default=list),
    sa.Column("cut_off_from", sa.JSON, nullable=False, default=list),
    sa.Column("cut_off_count", sa.Integer, nullable=False, default=0),
    sa.Column("isolated", sa.Boolean, nullable=False, default=False),
)

hub_attention = _record(
    "hub_attention",
    sa.Column("run_id", ID, nullable=False, index=True),
    sa.Column("attention_kind", sa.String(40), nullable=False),
    sa.Column("target_id", ID, nullable=False),
    sa.Column("space_id", ID, nullable=False),
    sa.Column("since", sa.BigInteger, nullable=False),
)

# Weekly use of the network by the company, a unit or a site (community managers only).
hub_adoption = _record(
    "hub_adoption",
    sa.Column("run_id", ID, nullable=False, index=True),
    sa.Column("group_kind", sa.String(20), nullable=False),
    sa.Column("unit_id", ID, nullable=True),
    sa.Column("weeks", sa.JSON, nullable=False, default=list),
)

RECORD_TABLES: dict[str, sa.Table] = {
    "person": person,
    "org_unit": org_unit,
    "position": position,
    "responsibility": responsibility,
    "connection": connection,
    "space": space,
    "membership": membership,
    "post": post,
    "comment": comment,
    "reaction": reaction,
    "handover": handover,
    "checklist_item": checklist_item,
    "checklist_check": checklist_check,
    "hub_run": hub_run,
    "hub": hub,
    "hub_unit": hub_unit,
    "hub_attention": hub_attention,
    "hub_adoption": hub_adoption,
}
HUB_KINDS = ("hub", "hub_unit", "hub_attention", "hub_adoption")  # the rows a publication replaces

# Profile photos (docs/protocol.md, Photos): the server's own re-encoding of what was
# uploaded, never the upload itself. person.photo holds the digest of `image`, so the
# feed says a photo changed and clients fetch it once per digest.
person_photo = sa.Table(
    "person_photo",
    metadata,
    sa.Column("person_id", ID, primary_key=True),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("image", sa.LargeBinary, nullable=False),
    sa.Column("thumb", sa.LargeBinary, nullable=False),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
)

# Roles beyond admin, granted with kontor-server role: "community_manager" sees the
# whole company's hub results (docs/hubs.md).
person_role = sa.Table(
    "person_role",
    metadata,
    sa.Column("person_id", ID, primary_key=True),
    sa.Column("role", sa.String(40), primary_key=True),
    sa.Column("granted_at", sa.BigInteger, nullable=False),
)

account = sa.Table(
    "account",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("username", sa.String(200), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("person_id", ID, nullable=True),
    sa.Column("is_admin", sa.Boolean, nullable=False, default=False),
    sa.Column("disabled", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
)

device = sa.Table(
    "device",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("account_id", ID, sa.ForeignKey("account.id"), nullable=False, index=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("last_seen_at", sa.BigInteger, nullable=True),
    sa.Column("revoked_at", sa.BigInteger, nullable=True),
)

audit_event = sa.Table(
    "audit_event",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("at", sa.BigInteger, nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("action", sa.String(100), nullable=False),
    sa.Column("target_kind", sa.String(40), nullable=False, default=""),
    sa.Column("target_id", sa.String(200), nullable=False, default=""),
    sa.Column("detail", sa.JSON, nullable=False, default=dict),
)

# The changes feed: one row per record, at the sequence number of its latest change
# (CouchDB-style compaction: an edited record moves to the end, so a page never holds
# stale versions). scope says who may see it: "all" (every account), "space" (members
# of scope_id) or "person" (only that person).
change = sa.Table(
    "change",
    metadata,
    sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("record_id", ID, nullable=False),
    sa.Column("op", sa.String(10), nullable=False),
    sa.Column("scope", sa.String(10), nullable=False),
    sa.Column("scope_id", ID, nullable=True),
    sa.Column("body", sa.LargeBinary, nullable=True),
    # True when the row may leave this site (docs/federation.md): a company-visible
    # record born here. Decided at write time, so the export is one index range.
    sa.Column("export", sa.Boolean, nullable=False, default=False, server_default=sa.false()),
    # The id of a multi-record write (a handover) whose rows a feed page never splits:
    # read_feed completes a page with the rest of its last row's group.
    sa.Column("grp", ID, nullable=True),
    sa.Index("ux_change_kind_record", "kind", "record_id", unique=True),
    sa.Index("ix_change_grp_seq", "grp", "seq"),
    sa.Index("ix_change_scope_seq", "scope", "scope_id", "seq"),
    sa.Index("ix_change_export_seq", "export", "seq"),
    sqlite_autoincrement=True,
)

# Leavers (docs/privacy.md): when this server first saw each person marked as left,
# which starts the period after which they are anonymised, and when that was done.
person_leaving = sa.Table(
    "person_leaving",
    metadata,
    sa.Column("person_id", ID, primary_key=True),
    sa.Column("left_at", sa.BigInteger, nullable=False),
    sa.Column("anonymised_at", sa.BigInteger, nullable=True),
)

# Federation: the allow-listed peer servers, with the pull cursor and status of each.
peer = sa.Table(
    "peer",
    metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("url", sa.String(500), nullable=False),
    sa.Column("public_key", sa.String(100), nullable=False),
    sa.Column("added_at", sa.BigInteger, nullable=False),
    sa.Column("cursor", sa.String(200), nullable=False, default="", server_default=""),
    sa.Column("last_success_at", sa.BigInteger, nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("last_error_at", sa.BigInteger, nullable=True),
    sa.Column("behind", sa.BigInteger, nullable=True),
    sa.Column("pulled", sa.BigInteger, nullable=False, default=0, server_default="0"),
)

# Nonces of accepted signed requests, kept until their signature expires (replay guard).
federation_nonce = sa.Table(
    "federation_nonce",
    metadata,
    sa.Column("keyid", sa.String(200), primary_key=True),
    sa.Column("nonce", sa.String(100), primary_key=True),
    sa.Column("expires_at", sa.BigInteger, nullable=False, index=True),
)

# kontor-server import: the HR system's own stable key of each imported directory entry
# and the record it became, so a re-import updates that record instead of adding one.
import_key = sa.Table(
    "import_key",
    metadata,
    sa.Column("kind", sa.String(40), primary_key=True),
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("record_id", ID, nullable=False, unique=True),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    # Positions: the holder key the last imported file named ("" = vacant), so that an
    # import applies a holder only when HR changed it. NULL: not recorded yet.
    sa.Column("holder_key", sa.String(200), nullable=True),
)

# Leases of the jobs that run in one serve process at a time (services/leader.py): who
# holds each and until when (ms, the database's clock on PostgreSQL).
job_lease = sa.Table(
    "job_lease",
    metadata,
    sa.Column("job", sa.String(40), primary_key=True),
    sa.Column("holder", sa.String(200), nullable=False),
    sa.Column("expires_at", sa.BigInteger, nullable=False),
)

# The sign-in slow-down's state, shared by every serve process (services/shared_throttle.py,
# docs/security.md). Failures per key ("pair:NAME\nADDRESS", "addr:ADDRESS", "user:NAME"):
# how many, blocked until when, and when the row is forgotten (ms, the database's clock
# on PostgreSQL).
sign_in_failure = sa.Table(
    "sign_in_failure",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("blocked_until", sa.BigInteger, nullable=False),
    sa.Column("expires_at", sa.BigInteger, nullable=False, index=True),
)

# Name-at-address pairs that signed in, and when last: trusted for 30 days.
sign_in_trust = sa.Table(
    "sign_in_trust",
    metadata,
    sa.Column("pair", sa.Text, primary_key=True),
    sa.Column("signed_in_at", sa.BigInteger, nullable=False, index=True),
)
