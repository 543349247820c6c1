"""kontorctl: the company network from a terminal, online or offline.

Exit codes: 0 ok, 1 usage, 2 not signed in or sign-in refused, 3 server unreachable
(reads still answer from the cache and say they are offline), 4 cache problem.
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

from sync.cache.errors import CacheError
from sync.cache.read.handover import get_handover
from sync.cache.write import outbox
from sync.client import AuthFailed, ServerFailed, ServerUnreachable
from sync.engine import PageRejected, Progress, StatusChanged
from sync.keys import KeyStoreError
from sync.kontorctl import org as org_commands
from sync.kontorctl.readout import OrgReadout, Readout
from sync.profile import ProfileError
from sync.session import NotSignedIn, ProfileSession
from sync.writes import (
    WriteError,
    queue_handover,
    queue_handover_cancel,
    queue_post,
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
    try:
        if watch:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            import signal

            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
            await engine.run(stop)
            return OK if engine.status not in ("revoked", "signed_out") else AUTH
        applied = await engine.sync_once()
        if not quiet:
            print(f"\nsynced: {applied} changes", file=sys.stderr)
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
    asyncio.run(session.logout(wipe=args.wipe))
    print("signed out" + (" and wiped the local cache" if args.wipe else ""))
    return OK


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
        readout = Readout(session.cache)
        result = getattr(readout, method)(args)
        if args.json:
            _print_json(result)
        else:
            for line in readout.lines(method, result):
                print(line)
        if not session.state().logged_in:
            print("(offline: not signed in, showing the local cache)", file=sys.stderr)
        return OK if result or method != "person" else USAGE
    return run


def cmd_post(session: ProfileSession, args: argparse.Namespace) -> int:
    """Refused here (exit 1, nothing queued) where the server would refuse it: the rule
    is the server's, asked of the cache (sync/writes.require_postable)."""
    space = require_postable(session.cache, args.space)
    item = queue_post(session.cache, space.id, args.text)
    print(f"queued post {item.id}")
    try:
        return asyncio.run(_sync(session, watch=False, quiet=True))
    except ServerUnreachable:
        print("offline: the post waits in the outbox and is sent on the next sync",
              file=sys.stderr)
        return UNREACHABLE


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
    if not session.state().logged_in:
        print("(offline: not signed in, showing the local cache)", file=sys.stderr)
    return OK


def cmd_handover_list(session: ProfileSession, args: argparse.Namespace) -> int:
    readout = _org(session)
    position = readout.position_id(args.position) if args.position else None
    return _show(session, args, readout, readout.handovers(position))


def cmd_handover_digest(session: ProfileSession, args: argparse.Namespace) -> int:
    readout = _org(session)
    position = readout.position_id(args.position) if args.position else None
    result = readout.digest(position)
    _show(session, args, readout, result)
    return OK if result is not None else USAGE


def cmd_start(session: ProfileSession, args: argparse.Namespace) -> int:
    readout = _org(session)
    return _show(session, args, readout, readout.start())


def _send(session: ProfileSession, args: argparse.Namespace, item_id: str, handover_id: str,
          what: str) -> int:
    """Sync right away like `post`; tell what became of the write: sent, waiting, refused."""
    code = OK
    try:
        code = asyncio.run(_sync(session, watch=False, quiet=True))
    except ServerUnreachable:
        code = UNREACHABLE
    item = outbox.get_item(session.cache, item_id)
    stored = get_handover(session.cache, handover_id)
    state = item.state if item is not None else stored.state if stored else "sent"
    error = item.error if item is not None else None
    if args.json:
        _print_json({"id": handover_id, "state": state, "error": error})
    elif state == "pending":
        print(f"offline: the {what} waits in the outbox and is sent on the next sync",
              file=sys.stderr)
    elif state == "failed":
        print(f"kontorctl: the server refused the {what}: {error}", file=sys.stderr)
    else:
        print(f"{what} {handover_id}: {state}")
    if state == "failed":
        return USAGE
    return UNREACHABLE if state == "pending" else code


def cmd_handover_create(session: ProfileSession, args: argparse.Namespace) -> int:
    readout = _org(session)
    item = queue_handover(session.cache, readout.position_id(args.position),
                          readout.person_id(args.to), args.date, args.note)
    return _send(session, args, item.id, item.id, "handover")


def cmd_handover_cancel(session: ProfileSession, args: argparse.Namespace) -> int:
    item = queue_handover_cancel(session.cache, args.id)
    return _send(session, args, item.id, args.id, "cancellation")


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
    add("search", _read("search"), json=True).add_argument("query")
    add("people", _read("people"), json=True).add_argument("query", nargs="?")
    add("person", _read("person"), json=True).add_argument("id")
    add("who", _read("who"), json=True, help="who is responsible for a topic").add_argument(
        "topic")
    add("spaces", _read("spaces"), json=True)
    post = add("post", cmd_post, help="write a post (queued when offline)")
    post.add_argument("space", help="space id or name")
    post.add_argument("text")
    add("outbox", cmd_outbox, json=True)
    _add_handover(sub)
    org_commands.register(sub)
    add("start", cmd_start, json=True, help="where to start: people, duties, checklist")
    add("status", cmd_status, json=True)
    add("logout", cmd_logout).add_argument("--wipe", action="store_true")
    return parser


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
        session = ProfileSession.open(args.profile, _passphrase)
        return int(args.func(session, args))
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
        print(f"kontorctl: {exc.user_message}", file=sys.stderr)
        return CACHE
    except WriteError as exc:
        print(f"kontorctl: {exc}", file=sys.stderr)
        return USAGE
    finally:
        if session is not None:
            session.close()


if __name__ == "__main__":
    sys.exit(main())
