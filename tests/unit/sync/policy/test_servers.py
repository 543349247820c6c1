"""Allowed servers: whole addresses pin a server, host patterns admit a domain; a locked
server_url admits only itself."""

from __future__ import annotations

import pytest

from sync.policy.model import Policy
from sync.policy.servers import ServerNotAllowed
from sync.policy.sources import RawPolicy

ALLOWED = "https://kontor.muenchen.example.com, *.hamburg.example.com, kontor.wien.example.com"


def policy(**values: str) -> Policy:
    return Policy.from_sources([RawPolicy("managed.ini", dict(values))])


class TestAllowedServers:
    @pytest.mark.parametrize("url", [
        "https://kontor.muenchen.example.com",
        "kontor.muenchen.example.com",  # typed without scheme: https
        "https://KONTOR.Muenchen.example.com:443/",
        "https://kontor.hamburg.example.com",
        "https://a.b.hamburg.example.com:8443",
        "https://kontor.wien.example.com:9000",
    ])
    def test_admitted(self, url: str) -> None:
        policy(allowed_servers=ALLOWED).check_server(url)

    @pytest.mark.parametrize("url", [
        "https://kontor.muenchen.example.com:8443",  # a whole address pins the port
        "https://kontor.muenchen.example.com/other",  # and the path
        "https://hamburg.example.com",  # *. means below the domain, not the domain
        "https://evilhamburg.example.com",
        "https://x.kontor.wien.example.com",  # a plain host pattern is that host only
        "https://kontor.example.org",
    ])
    def test_refused(self, url: str) -> None:
        with pytest.raises(ServerNotAllowed, match="does not allow Kontor to use") as caught:
            policy(allowed_servers=ALLOWED).check_server(url)
        assert "allowed: https://kontor.muenchen.example.com, *.hamburg" in (
            caught.value.user_message)

    def test_a_locked_server_url_is_the_only_server(self) -> None:
        locked = policy(server_url="https://kontor.muenchen.example.com",
                        server_url_locked="true")
        locked.check_server("https://kontor.muenchen.example.com/")
        with pytest.raises(ServerNotAllowed, match="set Kontor to use https://kontor.muenchen"
                                                   r".example.com only, not http://127.0.0.1"):
            locked.check_server("http://127.0.0.1:8470")

    def test_an_unlocked_server_url_is_only_the_sign_in_s_suggestion(self) -> None:
        policy(server_url="https://kontor.muenchen.example.com").check_server(
            "https://kontor.hamburg.example.com")
