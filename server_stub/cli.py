"""kontor-server: set up a data directory, run the server, manage accounts and devices."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import getpass
import json
import logging
import os
import signal
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
import sqlalchemy as sa
import uuid6
from aiohttp import web

from server_stub import logs
from server_stub.admin import lock, schema
from server_stub.admin.backup import BackupError, backup_before_migration
from server_stub.admin.commands import add_commands
from server_stub.app import create_app, prepare_database
from server_stub.config import ConfigError, ServerConfig, load_config, write_config_file
from server_stub.data_dir import PRIVATE_UMASK, DataDirError, check_private, make_private_dir
from server_stub.directory_auth.ldap import DirectoryUnavailable
from server_stub.directory_import import run as directory_run
from server_stub.directory_import.file_format import DirectoryFileError
from server_stub.directory_import.photos import import_photos, photo_summary_text
from server_stub.directory_import.summary import ImportSummary, summary_text
from server_stub.federation import keys
from server_stub.federation.importer import purge_peer_txn
from server_stub.http_errors import KontorRunner
from server_stub.hubs.publish import republish
from server_stub.hubs.run import compute_result, store_and_publish
from server_stub.privacy.commands import add_commands as add_privacy_commands
from server_stub.services.auth import hash_password
from server_stub.storage import accounts as acc
from server_stub.storage import hubs as hub_store
from server_stub.storage import peers
from server_stub.storage.engine import (
    ADMIN_ATTEMPTS,
    DatabaseBusy,
    admin_write,
    make_sync_engine,
    refresh_statistics,
)
from sync.protocol import now_ms

if TYPE_CHECKING:  # the demo generator is imported only when a demo is made
    from server_stub.demo.generator import DemoCompany

log = logging.getLogger("kontor.server")
ROLES = (hub_store.COMMUNITY_MANAGER,)


class CliError(Exception):
    """A problem the admin can fix; printed without a traceback, exit code 1."""


def _config(args: argparse.Namespace, **overrides: object) -> ServerConfig:
    data_dir = Path(args.data_dir)
    config = load_config(data_dir, overrides)
    if not config.database_url and not (data_dir / "kontor.db").exists():
        raise CliError(f"{data_dir} is not a Kontor data directory (run kontor-server init).")
    return config


def cmd_init(args: argparse.Namespace) -> None:
    data_dir = Path(args.data_dir)
    if (data_dir / "kontor.db").exists():
        raise CliError(f"{data_dir} already holds a Kontor database.")
    if (args.demo_site or args.sites) and not args.demo:
        raise CliError("--demo-site and --sites shape the demo company: add --demo.")
    now = now_ms()
    company = _demo_company(args, now) if args.demo else None  # checked before any write
    make_private_dir(data_dir)
    write_config_file(data_dir, args.server_name)
    config = load_config(data_dir, {"server_name": args.server_name})
    prepare_database(config)
    if not keys.key_path(data_dir).exists():
        keys.create_signing_key(data_dir)
    if company is not None:
        from server_stub.demo.generator import DEMO_PASSWORD
        from server_stub.demo.load import load_company
        from server_stub.demo.split import first_user

        engine = make_sync_engine(config.db_url)
        with engine.begin() as conn:
            load_company(conn, company, hash_password(DEMO_PASSWORD), now)
        refresh_statistics(engine)
        engine.dispose()
        share = f" of site {args.demo_site}" if args.demo_site else ""
        print(f"demo company: {len(company.people)} people{share}; sign in as "
              f"{first_user(company)} with the demo-only password {DEMO_PASSWORD}")
    print(f"initialised {data_dir} for server {config.server_name}")


def _demo_company(args: argparse.Namespace, now: int) -> DemoCompany:
    """The whole demo company, or with --demo-site the share of one site's server."""
    from server_stub.demo.generator import generate_company
    from server_stub.demo.split import split_company

    try:
        if not args.demo_site:
            return generate_company(args.people, args.seed, args.server_name, now,
                                    sites=args.sites)
        company = generate_company(args.people, args.seed, args.server_name, now,
                                   sites=args.sites or 2, shared_ids=True)
        return split_company(company, args.demo_site)
    except ValueError as exc:
        raise CliError(str(exc)) from None


def cmd_serve(args: argparse.Namespace) -> None:
    config = _config(args, host=args.host, port=args.port, log_format=args.log_format)
    try:
        check_private(config.data_path)
    except DataDirError as exc:
        raise CliError(str(exc)) from None
    logs.configure(config.log_format)
    try:
        # SQLite has one serving process; PostgreSQL may have several (docs/admin.md).
        shared = not config.db_url.startswith("sqlite")
        with lock.hold(config.data_path, shared=shared):
            saved = backup_before_migration(config)
            if saved is not None:
                log.info("backed up to %s before migrating the schema", saved.path,
                         extra={"backup": str(saved.path)})
            asyncio.run(_serve(create_app(config), config))
    except lock.DataDirBusy as exc:
        raise CliError(str(exc)) from None


async def _serve(app: web.Application, config: ServerConfig) -> None:
    runner = KontorRunner(app, shutdown_timeout=5.0, access_log_class=logs.AccessLog)
    await runner.setup()
    site = web.TCPSite(runner, config.host, config.port)
    await site.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):  # before "listening": a stop may follow
        loop.add_signal_handler(sig, stop.set)
    bound = runner.addresses[0]
    listen = f"{bound[0]}:{bound[1]}"
    revision = await asyncio.to_thread(schema.revision_of, config.db_url)
    log.info("kontor-server %s started on %s, schema %s, data %s", logs.program_version(),
             listen, revision, config.data_path,
             extra={"event": "start", "version": logs.program_version(),
                    "schema_revision": revision, "data_dir": str(config.data_path),
                    "listen": listen, "server_name": config.server_name})
    print(f"listening on http://{listen}", flush=True)
    await stop.wait()
    await runner.cleanup()
    log.info("kontor-server stopped", extra={"event": "stop"})


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
    if len(password) < 8:
        raise CliError("The password needs at least 8 characters.")
    return password


@contextlib.contextmanager
def _admin_write(config: ServerConfig) -> Iterator[sa.Connection]:
    """A transaction that waits its turn beside a busy server (storage/engine.py,
    admin_write): busy_timeout_seconds per try, then pauses that double."""
    engine = make_sync_engine(config.db_url, round(config.busy_timeout_seconds * 1000))
    try:
        with admin_write(engine, first_pause=min(1.0, config.busy_timeout_seconds)) as conn:
            yield conn
    finally:
        engine.dispose()


def cmd_user(args: argparse.Namespace) -> None:
    with _admin_write(_config(args)) as conn:
        if args.action == "list":
            accounts = acc.list_accounts(conn)
            rows = [{"id": a.id, "username": a.username, "person_id": a.person_id,
                     "is_admin": a.is_admin, "disabled": a.disabled} for a in accounts]
            if args.json:
                print(json.dumps(rows, indent=2))
            else:
                for r in rows:
                    flags = " ".join(f for f in ("admin" if r["is_admin"] else "",
                                                 "disabled" if r["disabled"] else "") if f)
                    print(f"{r['username']:<32} {r['person_id'] or '-':<36} {flags}")
            return
        account = acc.get_account_by_username(conn, args.username)
        if args.action == "add":
            if account is not None:
                raise CliError(f"The user {args.username} exists already.")
            acc.add_account(conn, acc.Account(
                str(uuid6.uuid7()), args.username, hash_password(_password(args)),
                args.person_id, args.admin, False, now_ms()))
            acc.audit(conn, now_ms(), "cli", "user.add", "account", args.username)
            print(f"added {args.username}")
            return
        if account is None:
            raise CliError(f"There is no user {args.username}.")
        if args.action == "passwd":
            devices = [d for d in acc.list_devices(conn, account.id) if d.revoked_at is None]
            if args.keep_device is not None and args.keep_device not in {d.id for d in devices}:
                raise CliError(f"{args.username} has no active device {args.keep_device} "
                               f"(see kontor-server device list --user {args.username}).")
            acc.set_password_hash(conn, account.id, hash_password(_password(args)))
            # Whoever knew the old password may hold a device: every one is signed out
            # (its live connection closes within a second), but the one named to keep.
            signed_out = [d for d in devices if d.id != args.keep_device]
            for device in signed_out:
                acc.revoke_device(conn, device.id, now_ms())
            acc.audit(conn, now_ms(), "cli", "user.passwd", "account", args.username)
            kept = " (kept the device asked for)" if args.keep_device else ""
            print(f"password changed for {args.username}; signed out "
                  f"{len(signed_out)} device(s){kept}")
        elif args.action == "enable":
            acc.set_disabled(conn, account.id, False)
            acc.audit(conn, now_ms(), "cli", "user.enable", "account", args.username)
            print(f"enabled {args.username}; it signs in anew on each device")
        elif args.action == "disable":
            acc.set_disabled(conn, account.id, True)
            for device in acc.list_devices(conn, account.id):
                acc.revoke_device(conn, device.id, now_ms())
            acc.audit(conn, now_ms(), "cli", "user.disable", "account", args.username)
            print(f"disabled {args.username} and signed out its devices")


def cmd_device(args: argparse.Namespace) -> None:
    with _admin_write(_config(args)) as conn:
        if args.action == "list":
            owners = {a.id: a.username for a in acc.list_accounts(conn)}
            devices = acc.list_devices(conn)
            rows = [{"id": d.id, "username": owners.get(d.account_id, "?"), "name": d.name,
                     "created_at": d.created_at, "last_seen_at": d.last_seen_at,
                     "revoked": d.revoked_at is not None} for d in devices
                    if args.user is None or owners.get(d.account_id) == args.user]
            if args.json:
                print(json.dumps(rows, indent=2))
            else:
                for r in rows:
                    state = "revoked" if r["revoked"] else "active"
                    print(f"{r['id']}  {r['username']:<24} {r['name']:<24} {state}")
        elif args.action == "revoke":
            if not acc.revoke_device(conn, args.device_id, now_ms()):
                raise CliError(f"No active device {args.device_id}.")
            acc.audit(conn, now_ms(), "cli", "device.revoke", "device", args.device_id)
            print(f"revoked {args.device_id}")


def cmd_key(args: argparse.Namespace) -> None:
    """Only the public key is ever printed; the private key stays in its 0600 file."""
    config = _config(args)
    try:
        key = keys.ensure_signing_key(config.data_path)
    except keys.KeyFileError as exc:
        raise CliError(str(exc)) from None
    print(keys.public_key_text(key))


def cmd_peer(args: argparse.Namespace) -> None:
    config = _config(args)
    prepare_database(config)  # a data directory from before federation gets its tables
    with _admin_write(config) as conn:
        if args.action == "add":
            _check_peer(args, config.server_name)
            if peers.get_peer(conn, args.name) is not None:
                raise CliError(f"{args.name} is on the peer list already (remove it first).")
            peers.add_peer(conn, args.name, args.url.rstrip("/"), args.key.strip(), now_ms())
            acc.audit(conn, now_ms(), "cli", "peer.add", "peer", args.name)
            print(f"added peer {args.name} at {args.url}")
        elif args.action == "remove":
            if not peers.remove_peer(conn, args.name):
                raise CliError(f"{args.name} is not on the peer list.")
            purged = purge_peer_txn(conn, args.name) if args.purge else 0
            acc.audit(conn, now_ms(), "cli", "peer.purge" if args.purge else "peer.remove",
                      "peer", args.name)
            print(f"removed peer {args.name}" + (f"; deleted its {purged} records"
                                                  if args.purge else ""))
        else:
            _print_peers(peers.list_peers(conn), args.json)


def _check_peer(args: argparse.Namespace, own_name: str) -> None:
    if args.name == own_name:
        raise CliError("A server cannot be its own peer.")
    if not (args.url.startswith("http://") or args.url.startswith("https://")):
        raise CliError("The peer URL must start with http:// or https://.")
    try:
        keys.parse_public_key(args.key)
    except keys.KeyFileError as exc:
        raise CliError(f"--key: {exc} (take it from `kontor-server key show` there).") from None


def _iso(ms: int | None) -> str | None:
    if ms is None:
        return None
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).isoformat(timespec="seconds")


def _print_peers(found: list[peers.Peer], as_json: bool) -> None:
    now = now_ms()
    rows = []
    for peer in found:
        failing = peer.last_error_at is not None and (
            peer.last_success_at is None or peer.last_error_at > peer.last_success_at)
        state = "never pulled" if peer.last_success_at is None and not failing else (
            "unreachable or failing" if failing else "ok")
        rows.append({
            "name": peer.name, "url": peer.url, "state": state,
            "last_success": _iso(peer.last_success_at),
            "seconds_since_success": None if peer.last_success_at is None
            else round((now - peer.last_success_at) / 1000, 1),
            "changes_behind": peer.behind, "pulled": peer.pulled,
            "last_error": peer.last_error, "last_error_at": _iso(peer.last_error_at),
        })
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    if not rows:
        print("no peers")
    for r in rows:
        lag = "-" if r["seconds_since_success"] is None else (
            f"{r['seconds_since_success']}s ago, {r['changes_behind']} changes behind")
        print(f"{r['name']}  {r['url']}  {r['state']}; last success {r['last_success'] or '-'}"
              f" ({lag}); last error: {r['last_error'] or '-'}")


def cmd_import(args: argparse.Namespace) -> None:
    """Load the directory from HR's export or the company's directory, and/or a folder of
    photos named by HR key; a dry run does all of it and writes nothing."""
    config = _config(args)
    if args.file is None and not args.ldap and args.photos is None:
        raise CliError("name a directory file, --ldap, a folder of photos (--photos DIR), "
                       "or a source and photos.")
    if args.disable_accounts and not args.prune:
        raise CliError("--disable-accounts works with --prune (it disables the accounts "
                       "of the people who leave).")
    if args.ldap and args.file:
        raise CliError("give a file or --ldap, not both.")
    folder = Path(args.photos) if args.photos is not None else None
    if folder is not None and not folder.is_dir():
        raise CliError(f"{folder} is not a folder of photos; nothing imported.")
    summary = _import_directory(args, config) if args.file or args.ldap else None
    photo_summary = None
    if folder is not None:
        prepare_database(config)  # an older data directory gets the person_photo table
        engine = make_sync_engine(config.db_url)
        try:
            photo_summary = import_photos(
                engine, folder, now=now_ms(), max_bytes=config.max_photo_bytes,
                max_pixels=config.max_photo_pixels, dry_run=args.dry_run)
        except DatabaseBusy as exc:
            raise CliError(f"the database stayed busy ({exc}); photos are loaded up to "
                           "there, run the import again for the rest.") from None
        finally:
            engine.dispose()
    if args.json:
        out: dict[str, object] = msgspec.to_builtins(summary) if summary is not None else {}
        if photo_summary is not None:
            out["photos"] = msgspec.to_builtins(photo_summary)
        print(json.dumps(out, indent=2))
        return
    if summary is not None:
        print(summary_text(summary))
    if photo_summary is not None:
        print(photo_summary_text(photo_summary, args.dry_run))


def _import_directory(args: argparse.Namespace, config: ServerConfig) -> ImportSummary:
    kind = directory_run.source_kind(args.file, args.ldap, args.format)
    source = "the directory" if kind == "ldap" else args.file
    try:
        loaded = directory_run.read_source(config, kind, args.file)
        prepare_database(config)  # an older data directory gets the import_key table
        summary = directory_run.apply(
            config, loaded, prune=args.prune, relink=args.relink,
            disable_accounts=args.disable_accounts, dry_run=args.dry_run)
    except directory_run.SourceUnreadable as exc:
        raise CliError(str(exc)) from None
    except DirectoryUnavailable as exc:
        raise CliError(f"the directory cannot be read ({exc}); nothing imported.") from None
    except (DatabaseBusy, sa.exc.OperationalError, sqlite3.OperationalError) as exc:
        # Another writer kept SQLite's lock past the busy timeout (here or while the
        # schema was checked): nothing was written, a later run will do.
        reason = str(getattr(exc, "orig", None) or exc)
        if not isinstance(exc, DatabaseBusy) and "locked" not in reason:
            raise
        raise CliError(f"the database stayed busy ({reason}); nothing imported, try again.") \
            from None
    except DirectoryFileError as exc:
        for problem in exc.problems:
            print(f"kontor-server: {problem}", file=sys.stderr)
        more = f", {exc.total - len(exc.problems)} more not shown" if (
            exc.total > len(exc.problems)) else ""
        raise CliError(f"{source}: {exc.total} problem(s){more}; nothing imported.") from None
    return summary


def cmd_hubs(args: argparse.Namespace) -> None:
    """Compute the information hubs now and publish them (docs/hubs.md)."""
    config = _config(args)
    engine = make_sync_engine(config.db_url)
    now = now_ms()
    window = args.window_days or config.hubs_window_days
    result, times = compute_result(engine, config.hub_settings, window, now)
    try:
        with engine.begin() as conn:
            store_and_publish(conn, result, config.server_name, now_ms())
            acc.audit(conn, now_ms(), "cli", "hubs.compute", "hub_run", "",
                      {"hubs": len(result.hubs), "units": len(result.units)})
    except sa.exc.OperationalError:
        raise CliError("The database stayed busy; nothing was published. Try again.") from None
    summary = {"people": result.people, "contacts": result.contacts, "hubs": len(result.hubs),
               "units": len(result.units), "community_groups": len(result.adoption),
               "window_days": window,
               "betweenness": "exact" if result.sampled_k is None
               else f"sampled, k={result.sampled_k}",
               "read_seconds": round(times.read_s, 2),
               "compute_seconds": round(times.compute_s, 2),
               "interactions": result.volume}
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(", ".join(f"{k} {v}" for k, v in summary.items()))


def cmd_role(args: argparse.Namespace) -> None:
    """Grant or take back a role; the hub results are published again for the new set."""
    config = _config(args)
    engine = make_sync_engine(config.db_url)
    with engine.begin() as conn:
        if args.action == "list":
            for person_id in hub_store.people_with_role(conn, args.role):
                print(person_id)
            return
        account = acc.get_account_by_username(conn, args.username)
        if account is None or account.person_id is None:
            raise CliError(f"There is no user {args.username} with a directory entry.")
        if args.action == "grant":
            changed = hub_store.grant_role(conn, account.person_id, args.role, now_ms())
        else:
            changed = hub_store.revoke_role(conn, account.person_id, args.role)
        if changed:
            acc.audit(conn, now_ms(), "cli", f"role.{args.action}", "person",
                      account.person_id, {"role": args.role})
            republish(conn, config.server_name, now_ms())
    print(f"{args.username}: {args.role} {'granted' if args.action == 'grant' else 'revoked'}"
          f"{'' if changed else ' (no change)'}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kontor-server", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="create a data directory")
    init.add_argument("data_dir")
    init.add_argument("--server-name", default="kontor.local")
    init.add_argument("--demo", action="store_true", help="fill it with the demo company")
    init.add_argument("--people", type=int, default=300)
    init.add_argument("--seed", type=int, default=1)
    init.add_argument("--sites", type=int,
                      help="sites of the demo company (default: 1, from 150 people 3; "
                           "with --demo-site 2)")
    init.add_argument("--demo-site", metavar="SITE",
                      help="keep only this site's share (e.g. Hamburg): one server per site")
    init.set_defaults(func=cmd_init)
    serve = sub.add_parser("serve", help="run the server")
    serve.add_argument("data_dir")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--log-format", choices=("text", "json"),
                       help="the log on stderr: text (default) or JSON lines")
    serve.set_defaults(func=cmd_serve)
    user = sub.add_parser("user", help="manage accounts")
    user_sub = user.add_subparsers(dest="action", required=True)
    for action in ("add", "passwd", "disable", "enable", "list"):
        cmd = user_sub.add_parser(action)
        cmd.add_argument("data_dir")
        if action == "list":
            cmd.add_argument("--json", action="store_true")
            continue
        cmd.add_argument("username")
        if action in ("add", "passwd"):
            cmd.add_argument("--password-stdin", action="store_true")
        if action == "passwd":
            cmd.add_argument("--keep-device", metavar="DEVICE_ID",
                             help="leave this device signed in (all others are signed out)")
        if action == "add":
            cmd.add_argument("--person-id")
            cmd.add_argument("--admin", action="store_true")
    user.set_defaults(func=cmd_user)
    device = sub.add_parser("device", help="list and revoke signed-in devices")
    device_sub = device.add_subparsers(dest="action", required=True)
    dlist = device_sub.add_parser("list")
    dlist.add_argument("data_dir")
    dlist.add_argument("--user")
    dlist.add_argument("--json", action="store_true")
    drevoke = device_sub.add_parser("revoke")
    drevoke.add_argument("data_dir")
    drevoke.add_argument("device_id")
    device.set_defaults(func=cmd_device)
    key = sub.add_parser("key", help="this server's federation signing key")
    key_sub = key.add_subparsers(dest="action", required=True)
    key_sub.add_parser("show", help="print the public key for peers").add_argument("data_dir")
    key.set_defaults(func=cmd_key)
    peer = sub.add_parser("peer", help="the allow-list of peer servers (other sites)")
    peer_sub = peer.add_subparsers(dest="action", required=True)
    padd = peer_sub.add_parser("add")
    padd.add_argument("data_dir")
    padd.add_argument("name", help="the peer's server_name")
    padd.add_argument("url", help="the peer's base URL, e.g. https://hamburg.example:8470")
    padd.add_argument("--key", required=True, help="the peer's public key (key show there)")
    plist = peer_sub.add_parser("list")
    plist.add_argument("data_dir")
    plist.add_argument("--json", action="store_true")
    premove = peer_sub.add_parser("remove")
    premove.add_argument("data_dir")
    premove.add_argument("name")
    premove.add_argument("--purge", action="store_true",
                         help="also delete every record from that peer (clients follow)")
    peer.set_defaults(func=cmd_peer)
    imp = sub.add_parser("import", help="load people, org units and positions from HR")
    imp.add_argument("data_dir")
    imp.add_argument("file", nargs="?",
                     help="the directory file: JSON, or CSV with [server.directory.csv] "
                          "(see docs/admin.md)")
    imp.add_argument("--photos", metavar="DIR",
                     help="a folder of photos named by HR key (E-0004.jpg), each checked "
                          "as an upload; unchanged photos are not written again")
    imp.add_argument("--ldap", action="store_true",
                     help="read the company's LDAP directory ([server.directory.ldap])")
    imp.add_argument("--format", choices=("json", "csv"),
                     help="the file's format (default: by its name, .csv or else JSON)")
    imp.add_argument("--dry-run", action="store_true",
                     help="check the file and print what would change; write nothing")
    imp.add_argument("--prune", action="store_true",
                     help="people not in the file leave; their positions become vacant")
    imp.add_argument("--disable-accounts", action="store_true",
                     help="with --prune: disable the accounts of the people who leave")
    imp.add_argument("--relink", action="store_true",
                     help="move accounts the file gives to another person than now "
                          "(their devices are signed out)")
    imp.add_argument("--json", action="store_true", help="print the summary as JSON")
    imp.set_defaults(func=cmd_import)
    add_commands(sub)
    add_privacy_commands(sub)
    hubs = sub.add_parser("hubs", help="information hubs: who keeps information moving")
    hubs_sub = hubs.add_subparsers(dest="action", required=True)
    compute = hubs_sub.add_parser("compute", help="compute and publish the hubs now")
    compute.add_argument("data_dir")
    compute.add_argument("--window-days", type=int,
                         help="days of interactions to weigh (default: hubs_window_days)")
    compute.add_argument("--json", action="store_true")
    hubs.set_defaults(func=cmd_hubs)
    role = sub.add_parser("role", help="roles beyond admin (community_manager)")
    role_sub = role.add_subparsers(dest="action", required=True)
    for action in ("grant", "revoke", "list"):
        cmd = role_sub.add_parser(action)
        cmd.add_argument("data_dir")
        cmd.add_argument("role", choices=ROLES)
        if action != "list":
            cmd.add_argument("username")
    role.set_defaults(func=cmd_role)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    os.umask(PRIVATE_UMASK)  # whatever a command creates is the server user's alone
    try:
        args.func(args)
    except (CliError, ConfigError, BackupError) as exc:
        print(f"kontor-server: {exc}", file=sys.stderr)
        return 1
    except DatabaseBusy as exc:
        print(f"kontor-server: the database stayed busy ({exc}) through {ADMIN_ATTEMPTS} "
              "tries; nothing changed, try again.", file=sys.stderr)
        return 1
    except sa.exc.OperationalError as exc:
        # One sentence, never a traceback: SQLAlchemy's text would carry bound values.
        print(f"kontor-server: the database refused the command "
              f"({type(exc.orig).__name__}: {exc.orig}); nothing changed.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
