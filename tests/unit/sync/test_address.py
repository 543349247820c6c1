"""One reading of a server address for the HTTPS rule and for IT's allowed servers."""

from __future__ import annotations

import pytest

from sync.address import AddressError, ServerAddress


class TestServerAddress:
    @pytest.mark.parametrize(("typed", "read"), [
        ("kontor.example.com", "https://kontor.example.com"),
        (" HTTPS://Kontor.Example.com:443/ ", "https://kontor.example.com"),
        ("http://127.0.0.1:8470/", "http://127.0.0.1:8470"),
        ("https://[::1]:8443/kontor/", "https://[::1]:8443/kontor"),
    ])
    def test_one_server_one_form(self, typed: str, read: str) -> None:
        assert str(ServerAddress.parse(typed)) == read

    @pytest.mark.parametrize(("url", "local"), [
        ("http://127.0.0.1:8470", True), ("http://127.8.9.10", True), ("http://[::1]", True),
        ("http://localhost:8470", True), ("http://kontor.localhost", True),
        ("http://10.0.0.5", False), ("http://kontor.example.com", False),
        ("http://localhost.example.com", False), ("http://[::ffff:10.0.0.5]", False),
    ])
    def test_on_this_computer(self, url: str, local: bool) -> None:
        assert ServerAddress.parse(url).on_this_computer is local

    @pytest.mark.parametrize(("url", "why"), [
        ("ftp://files.example.com", "must start with https://"),
        ("https://", "names no host"),
        ("https://kontor.example.com:99999", "Port out of range"),
        ("https://jana:secret@kontor.example.com", "holds more than"),
        ("https://kontor.example.com/?next=/", "holds more than"),
    ])
    def test_what_is_not_a_server_address(self, url: str, why: str) -> None:
        with pytest.raises(AddressError, match=why):
            ServerAddress.parse(url)
