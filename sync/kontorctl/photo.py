"""kontorctl me photo set FILE | remove: the own profile photo.

Unlike a post, a photo is not queued in the outbox: it is checked and re-encoded by the
server (docs/protocol.md, Photos), so it needs the server now. After the server took
it, a sync brings the new person record and the photo into the local cache.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from sync import protocol as p
from sync.client import Refused, ServerUnreachable
from sync.kontorctl.cached import require_account
from sync.session import ProfileSession

OK, USAGE, UNREACHABLE = 0, 1, 3  # the exit codes of main.py
# Read no more of a file than the server takes (its default max_photo_bytes) and one
# byte: a larger file is refused there with photo_too_large all the same.
MAX_READ = 5 * 1024 * 1024 + 1


async def _send(session: ProfileSession, image: bytes | None) -> p.Person:
    client = session.client()
    try:
        person = await (client.put_photo(image) if image is not None else client.delete_photo())
        engine = session.engine(client)
        await engine.sync_once()
        await engine.fetch_photos()
        return person
    finally:
        await client.close()


def _run(session: ProfileSession, image: bytes | None, what: str) -> int:
    require_account(session)
    try:
        person = asyncio.run(_send(session, image))
    except Refused as exc:
        print(f"kontorctl: the server refused the photo: {exc.message} ({exc.code})",
              file=sys.stderr)
        return USAGE
    except ServerUnreachable as exc:
        print(f"kontorctl: a photo needs the server, which cannot be reached now ({exc}); "
              "nothing was changed", file=sys.stderr)
        return UNREACHABLE
    print(f"photo {what}" + (f" (version {person.photo})" if person.photo else ""))
    return OK


def cmd_photo_set(session: ProfileSession, args: argparse.Namespace) -> int:
    try:
        with Path(args.file).open("rb") as file:
            image = file.read(MAX_READ)
    except OSError as exc:
        print(f"kontorctl: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return USAGE
    return _run(session, image, "set")


def cmd_photo_remove(session: ProfileSession, args: argparse.Namespace) -> int:
    return _run(session, None, "removed")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    me = sub.add_parser("me", help="your own profile")
    mine = me.add_subparsers(dest="what", required=True)
    photo = mine.add_parser("photo", help="your profile photo (needs the server)")
    actions = photo.add_subparsers(dest="action", required=True)
    put = actions.add_parser("set", help="upload FILE (JPEG, PNG or WebP) as your photo")
    put.add_argument("file")
    put.set_defaults(func=cmd_photo_set)
    actions.add_parser("remove", help="remove your photo").set_defaults(func=cmd_photo_remove)
