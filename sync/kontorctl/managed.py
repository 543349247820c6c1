"""What IT's policy means for kontorctl, beyond what ProfileSession and KontorClient
already enforce, and `kontorctl policy`, which shows it.

A profile signed in to a server that this computer may not use (IT's allowed servers, a
locked server_url, or plain HTTP to another computer) is refused for every command but
the three that get out of it: `login` (to an allowed server: the profile starts
afresh), `logout` (local only; it makes no request to that server) and `status`.
Reading its cache would keep a person working against a server IT has ruled out.
"""

from __future__ import annotations

import sys
from typing import Any

import msgspec

from sync.address import AddressRefused
from sync.client import check_address
from sync.policy.model import Policy
from sync.policy.schema import KEYS
from sync.policy.sources import managed_ini_candidates
from sync.session import ProfileSession

UNCHECKED_COMMANDS = ("login", "logout", "status", "reset")


def require_allowed_profile(session: ProfileSession, command: str) -> None:
    """Raise AddressRefused, with what to do, for a profile on a refused server."""
    if command in UNCHECKED_COMMANDS:
        return
    url = session.state().server_url
    if not url:
        return
    try:
        check_address(url, session.policy)
    except AddressRefused as exc:
        raise AddressRefused(
            f"this profile uses {url}. {exc.user_message} Sign in to another server "
            "(kontorctl login URL USERNAME) or sign out (kontorctl logout).") from None


def show_policy(policy: Policy, as_json: bool) -> int:
    """What this computer's policy says, read as kontor and kontorctl read it, without
    opening a profile: IT checks a file after editing it (a broken one already stopped
    kontorctl with its error before this runs)."""
    settings: dict[str, Any] = {
        key.name: list(value) if isinstance(value, tuple) else value
        for key in KEYS if (value := policy.managed_value(key.name)) is not None}
    if as_json:
        answer = {"sources": list(policy.origins), "settings": settings,
                  "locked": sorted(policy.locked)}
        sys.stdout.write(msgspec.json.format(msgspec.json.encode(answer), indent=2).decode()
                         + "\n")
        return 0
    if not policy.managed:
        looked = ", ".join(str(path) for path in managed_ini_candidates())
        print(f"no managed settings (looked for {looked})")
        return 0
    print("managed by " + ", ".join(policy.origins))
    for name, value in settings.items():
        if isinstance(value, list):
            shown = ", ".join(value)
        else:
            shown = str(value).lower() if isinstance(value, bool) else str(value)
        if name in policy.locked:
            shown += "  (locked)"
        elif name in {key.name for key in KEYS if key.user_setting}:
            shown += "  (default: the user may change it)"
        print(f"{name:<20} {shown}")
    return 0
