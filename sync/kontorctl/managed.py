"""What IT's policy means for kontorctl, beyond what ProfileSession and KontorClient
already enforce.

A profile signed in to a server that this computer may not use (IT's allowed servers, a
locked server_url, or plain HTTP to another computer) is refused for every command but
the three that get out of it: `login` (to an allowed server: the profile starts
afresh), `logout` (local only; it makes no request to that server) and `status`.
Reading its cache would keep a person working against a server IT has ruled out.
"""

from __future__ import annotations

from sync.address import AddressRefused
from sync.client import check_address
from sync.session import ProfileSession

UNCHECKED_COMMANDS = ("login", "logout", "status")


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
