"""`make demo`: sign a demo profile in (first run only), then open the app on it.

python -m desktop.demo URL PROFILE_DIR [USERNAME]. The demo password is the demo
company's, never a real one.
"""

from __future__ import annotations

import asyncio
import socket
import sys
from pathlib import Path

from desktop.app import main as run_app
from sync.session import ProfileSession

DEMO_PASSWORD = "kontor-demo"  # noqa: S105 - the demo company's published password


async def _sign_in(profile: Path, url: str, username: str) -> None:
    session = ProfileSession.open(profile)
    try:
        if not session.state().logged_in:
            await session.login(url, username, DEMO_PASSWORD, f"demo on {socket.gethostname()}")
            print(f"signed in as {username}; the first sync runs in the app")
    finally:
        session.close()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        print("usage: python -m desktop.demo URL PROFILE_DIR [USERNAME]", file=sys.stderr)
        return 1
    url, profile = args[0], Path(args[1])
    username = args[2] if len(args) > 2 else "jana.schroeder"
    asyncio.run(_sign_in(profile, url, username))
    return run_app(["--profile", str(profile)])


if __name__ == "__main__":
    sys.exit(main())
