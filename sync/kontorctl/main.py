"""kontorctl: the company network from a terminal, online or offline.

Reads answer from the local cache; when the server cannot be reached they say so on
stderr and still exit 0. Exit codes: 0 ok, 1 usage (or a write the server refused, or
what IT's managed settings refuse or cannot be read), 2 not signed in or sign-in
refused, 3 server unreachable for a command that needs it (sync, login; a write then
waits in the outbox), 4 cache problem.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import getpass
import logging
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from sync import protocol as p
from sync.address import AddressRefused
from sync.cache.db import DatabaseError, map_db_error
from sync.cache.errors import CacheCorruptError, CacheError
from sync.cache.read.handover import get_handover
from sync.cache.write import outbox
from sync.client import AuthFailed, ServerFailed, ServerUnreachable
from sync.engine import PageRejected, Progress, StatusChanged
from sync.keys import KeyStoreError
from sync.kontorctl import org as org_commands
from sync.kontorctl import photo as photo_commands
from sync.kontorctl.cached import after_read, require_account
from sync.kontorctl.managed import require_allowed_profile, show_policy
from sync.kontorctl.positions import OrgReadout
from sync.kontorctl.readout import Readout
from sync.kontorctl.sending import send_now
from sync.kontorctl.watch import printer as watch_printer
from sync.policy.errors import PolicyError
from sync.policy.model import load_policy
from sync.profile import ProfileError
from sync.session import NotSignedIn, ProfileSession
from sync.writes import (
    WriteError,
    queue_handover,
    queue_handover_cancel,
    queue_post,
    queue_profile,
    require_postable,
)

OK, USAGE, AUTH, UNREACHABLE, CACHE = 0, 1, 2, 3, 4


class Exit(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _passphrase() -> str:
    from_env = os.environ.get("KONTOR_PASSPHRASE")
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise Exit(CACHE, "No keyring is available: set KONTOR_PASSPHRASE or run interactively.")
    return getpass.getpass("Passphrase for the local cache: ")


def _print_json(value: Any) -> None:
    sys.stdout.write(msgspec.json.format(msgspec.json.encode(value), indent=2).decode() + "\n")


async def _sync(session: ProfileSession, watch: bool, quiet: bool) -> int:
    client = session.client()
    engine = session.engine(client)

    def show(event: object) -> None:
        if quiet:
            return
        if isinstance(event, Progress):
            total = f"/{event.expected}" if event.expected is not None else ""
            print(f"\r{event.done}{total} changes", end="", file=sys.stderr, flush=True)
        elif isinstance(event, StatusChanged) and event.status in ("revoked", "signed_out"):
            print(f"\n{event.detail}", file=sys.stderr)

    engine.subscribe(show)
    if watch:  # what arrives, as it arrives (watch.py)
        engine.subscribe(watch_printer(session.cache, lambda line: print(line, flush=True)))
    try:
        if watch:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            import signal

            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
            await engine.run(stop)
            return OK if engine.status not in ("revoked", "signed_out") else AUTH
        try:
            applied = await engine.sync_once()
        except CacheCorruptError:
            # A damaged page met while syncing: check both files, set the damaged one
            # aside (the replica is then rebuilt by this very sync) and go again.
            session.recover()  # said when kontorctl ends (main)
            engine = session.engine(client)
            engine.subscribe(show)
            applied = await engine.sync_once()
        photos = await engine.fetch_photos()  # so they show offline too
        if not quiet:
            print(f"\nsynced: {applied} changes" + (f", {photos} photos" if photos else ""),
                  file=sys.stderr)
        return OK
    finally:
        await client.close()


def cmd_login(session: ProfileSession, args: argparse.Namespace) -> int:
    password = (sys.stdin.readline().rstrip("\n") if args.password_stdin
                else getpass.getpass("Password: "))
    device = args.device_name or f"kontorctl on {socket.gethostname()}"
    answer = asyncio.run(session.login(args.url, args.username, password, device))
    print(f"signed in to {answer.server_name} as {answer.username}")
    if args.no_sync:
        return OK
    return asyncio.run(_sync(session, watch=False, quiet=args.quiet))


def cmd_sync(session: ProfileSession, args: argparse.Namespace) -> int:
    return asyncio.run(_sync(session, watch=args.watch, quiet=args.quiet))


def cmd_logout(session: ProfileSession, args: argparse.Namespace) -> int:
    """--wipe works without the key too (keyring gone, passphrase forgotten): the files
    go all the same, only the server cannot be told, and that is said."""
    try:
        asyncio.run(session.logout(wipe=args.wipe))
    except (KeyStoreError, CacheError, Exit) as exc:
        if not args.wipe:
            raise
        reason = exc.user_message if isinstance(exc, KeyStoreError | CacheError) else exc.message
        session.forget_without_key()
        print("signed out and wiped the local cache of this computer", flush=True)
        print(f"kontorctl: the server was not told: {reason} Without the key this device's "
              "sign-in cannot be read; it stays listed on the server until it is revoked "
              "there (kontor-server device revoke, docs/deploy.md).", file=sys.stderr)
        return OK
    print("signed out" + (" and wiped the local cache" if args.wipe else ""))
    return OK


def cmd_reset(session: ProfileSession, args: argparse.Namespace) -> int:
    """Start afresh: a new local copy from the server; unsent posts and the sign-in stay
    where the key still opens them (ProfileSession.start_afresh)."""
    done = session.start_afresh()
    print(done.message)
    if args.no_sync or not session.state().logged_in:
        if not session.state().logged_in:
            print("kontorctl: not signed in: kontorctl login URL USERNAME", file=sys.stderr)
        return OK
    return asyncio.run(_sync(session, watch=False, quiet=args.quiet))


def cmd_status(session: ProfileSession, args: argparse.Namespace) -> int:
    status = Readout(session.cache).status(session.state())
    if args.json:
        _print_json(status)
    else:
        for key, value in msgspec.structs.asdict(status).items():
            print(f"{key:<14} {value}")
    return OK


def _read(method: str) -> Callable[[ProfileSession, argparse.Namespace], int]:
    def run(session: ProfileSession, args: argparse.Namespace) -> int:
        require_account(session)
        readout = Readout(session.cache, session.state().person_id)
        result = getattr(readout, method)(args)
        if args.json:
            _print_json(result)
        else:
            for line in readout.lines(method, result):
                print(line)
        code = after_read(session)
        return code if result or method != "person" else USAGE
    return run


def cmd_post(session: ProfileSession, args: argparse.Namespace) -> int:
    """Refused here (exit 1, nothing queued) where the server would refuse it: the rule
    is the server's, asked of the cache (sync/writes.require_postable)."""
    space = require_postable(session.cache, args.space)
    item = queue_post(session.cache, space.id, args.text)
    return send_now(session, args, item.id, item.id, "post")


def cmd_hub_consent(session: ProfileSession, args: argparse.Namespace) -> int:
    """Consent to be named in the hub results (docs/hubs.md), as Me's check box."""
    require_account(session)
    state = session.state()
    if state.person_id is None:
        raise Exit(USAGE, "This account is not a person of the company directory.")
    item = queue_profile(session.cache, state.person_id,
                         p.ProfileUpdate(show_as_hub=args.state == "on"))
    return send_now(session, args, item.id, state.person_id, "hub consent")


def cmd_outbox(session: ProfileSession, args: argparse.Namespace) -> int:
    items = outbox.all_items(session.cache)
    if args.json:
        _print_json([{"id": i.id, "kind": i.kind, "state": i.state, "error": i.error,
                      "created_at": i.created_at, "attempts": i.attempts} for i in items])
    else:
        for i in items:
            reason = f"  ({i.error})" if i.error else ""
            print(f"{i.id}  {i.kind:<10} {i.state:<8}{reason}")
        if not items:
            print("the outbox is empty")
    return OK


def _org(session: ProfileSession) -> OrgReadout:
    state = session.state()
    if not state.person_id:
        if state.logged_in:
            raise Exit(USAGE, "This account is not a person of the company directory, so it "
                              "holds and leads no position.")
        raise NotSignedIn()
    return OrgReadout(session.cache, state.person_id)


def _show(session: ProfileSession, args: argparse.Namespace, readout: OrgReadout,
          result: Any) -> int:
    if args.json:
        _print_json(result)
    else:
        for line in readout.lines(result):
            print(line)
    return after_read(session)


def cmd_handover_list(session: ProfileSession, args: argparse.Namespace) -> int:
    readout = _org(session)
    position = readout.position_id(args.position) if args.position else None
    return _show(session, args, readout, readout.handovers(position))


def cmd_handover_digest(session: ProfileSession, args: argparse.Namespace) -> int:
    readout = _org(session)
    position = readout.position_id(args.position) if args.position else None
    result = readout.digest(position)
    code = _show(session, args, readout, result)
    return code if result is not None else USAGE


def cmd_start(session: ProfileSession, args: argparse.Namespace) -> int:
    readout = _org(session)
    return _show(session, args, readout, readout.start())


def _handover_state(session: ProfileSession, handover_id: str) -> Callable[[], str | None]:
    """A handover the server took is done or scheduled: say which."""
    def state() -> str | None:
        stored = get_handover(session.cache, handover_id)
        return stored.state if stored else None
    return state


def cmd_handover_create(session: ProfileSession, args: argparse.Namespace) -> int:
    readout = _org(session)
    item = queue_handover(session.cache, readout.position_id(args.position),
                          readout.person_id(args.to), args.date, args.note)
    return send_now(session, args, item.id, item.id, "handover",
                    _handover_state(session, item.id))


def cmd_handover_cancel(session: ProfileSession, args: argparse.Namespace) -> int:
    item = queue_handover_cancel(session.cache, args.id)
    return send_now(session, args, item.id, args.id, "cancellation",
                    _handover_state(session, args.id))


def _add_handover(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    handover = sub.add_parser("handover", help="hand a position over, or read what it carries")
    actions = handover.add_subparsers(dest="action", required=True)

    def action(name: str, func: Callable[..., int], help: str) -> argparse.ArgumentParser:
        cmd = actions.add_parser(name, help=help)
        cmd.set_defaults(func=func)
        cmd.add_argument("--json", action="store_true")
        return cmd

    action("list", cmd_handover_list, "handovers to you and of the positions you hold or lead"
           ).add_argument("--position", help="position id, title or holder name")
    create = action("create", cmd_handover_create, "hand a position to a successor")
    create.add_argument("--position", required=True, help="position id, title or holder name")
    create.add_argument("--to", required=True, help="successor: id, user name or name")
    create.add_argument("--date", required=True, type=dt.date.fromisoformat,
                        help="YYYY-MM-DD; today or earlier applies it at once")
    create.add_argument("--note", default="")
    action("cancel", cmd_handover_cancel, "cancel a scheduled handover").add_argument("id")
    action("digest", cmd_handover_digest, "what a position carries (default: your newest)"
           ).add_argument("--position", help="position id, title or holder name")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kontorctl", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", type=Path, help="profile directory (or $KONTOR_PROFILE)")
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, func: Callable[..., int], json: bool = False,
            **kw: Any) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, **kw)
        cmd.set_defaults(func=func)
        if json:
            cmd.add_argument("--json", action="store_true")
        return cmd

    login = add("login", cmd_login, help="sign in and run the first sync")
    login.add_argument("url")
    login.add_argument("username")
    login.add_argument("--password-stdin", action="store_true")
    login.add_argument("--device-name")
    login.add_argument("-q", "--quiet", action="store_true")
    login.add_argument("--no-sync", action="store_true", help="sign in only")
    sync = add("sync", cmd_sync, help="pull the feed and send the outbox")
    sync.add_argument("--watch", action="store_true", help="keep following live changes")
    sync.add_argument("-q", "--quiet", action="store_true")
    add("search", _read("search"), json=True,
        help="search people, positions, duties, posts and comments").add_argument("query")
    add("people", _read("people"), json=True,
        help="the directory, or the people a name, skill or room finds").add_argument(
        "query", nargs="?")
    add("person", _read("person"), json=True, help="one person's card").add_argument(
        "person", help="id, user name (jana.schroeder) or name (\"Jana Schröder\")")
    add("who", _read("who"), json=True,
        help="who is responsible for a topic (by title, keyword or synonym)").add_argument(
        "topic")
    add("spaces", _read("spaces"), json=True, help="the spaces you can read")
    post = add("post", cmd_post, help="write a post (queued when offline)")
    post.add_argument("space", help="space id or name")
    post.add_argument("text")
    add("outbox", cmd_outbox, json=True, help="writes waiting to be sent, or refused")
    add("hub-consent", cmd_hub_consent, json=True,
        help="on: name me in the information hubs; off: take it back").add_argument(
        "state", choices=("on", "off"))
    _add_handover(sub)
    photo_commands.register(sub)
    org_commands.register(sub)
    add("start", cmd_start, json=True, help="where to start: people, duties, checklist")
    add("status", cmd_status, json=True, help="account, last sync, cache and outbox")
    add("logout", cmd_logout, help="sign out (--wipe: also delete the local cache)"
        ).add_argument("--wipe", action="store_true")
    reset = add("reset", cmd_reset, help="start afresh: download the local copy again "
                "(unsent posts and the sign-in are kept where the key still opens them)")
    reset.add_argument("--no-sync", action="store_true", help="do not download it now")
    reset.add_argument("-q", "--quiet", action="store_true")
    add("policy", show_policy, json=True, help="the settings IT manages on this computer")
    return parser


def _run(session: ProfileSession, args: argparse.Namespace) -> int:
    """The command; a damaged page a read met (sqlite's own error) becomes the cache's."""
    try:
        return int(args.func(session, args))
    except DatabaseError as exc:
        mapped = map_db_error(exc, session.profile.cache_path)
        if mapped is None:
            raise
        raise mapped from exc


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return USAGE if exc.code else OK
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    session: ProfileSession | None = None
    try:
        policy = load_policy()  # IT's managed settings; unreadable ones stop here
        if args.command == "policy":
            return show_policy(policy, args.json)
        session = ProfileSession.open(
            args.profile, None if policy.require_os_keyring else _passphrase, policy)
        require_allowed_profile(session, args.command)
        return _run(session, args)
    except (PolicyError, AddressRefused) as exc:
        print(f"kontorctl: {exc.user_message}", file=sys.stderr)
        return USAGE
    except Exit as exc:
        print(f"kontorctl: {exc.message}", file=sys.stderr)
        return exc.code
    except (NotSignedIn, AuthFailed) as exc:
        message = getattr(exc, "user_message", None) or getattr(exc, "message", str(exc))
        print(f"kontorctl: {message}", file=sys.stderr)
        return AUTH
    except (ServerUnreachable, ServerFailed, PageRejected) as exc:
        print(f"kontorctl: {exc}", file=sys.stderr)
        return UNREACHABLE
    except (CacheError, KeyStoreError, ProfileError) as exc:
        if isinstance(exc, CacheCorruptError) and session is not None:
            session.note_damage()  # the next run checks every page and sets it aside
            print(f"kontorctl: {exc.user_message} The next run checks the local files "
                  "and sets a damaged one aside; `kontorctl reset` does so now.",
                  file=sys.stderr)
            return CACHE
        print(f"kontorctl: {exc.user_message}", file=sys.stderr)
        return CACHE
    except WriteError as exc:
        print(f"kontorctl: {exc}", file=sys.stderr)
        return USAGE
    except BrokenPipeError:  # `kontorctl people | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK
    finally:
        if session is not None:
            if session.recovery:  # a file set aside on the way: say what and why
                print(f"kontorctl: {session.recovery.message}", file=sys.stderr)
            session.close()


if __name__ == "__main__":
    sys.exit(main())
