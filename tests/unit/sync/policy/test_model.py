"""Locked is enforced, unlocked is a default: the rule kontor and kontorctl share."""

from __future__ import annotations

import pytest

from sync.policy.model import Policy
from sync.policy.sources import RawPolicy


def policy(**values: str) -> Policy:
    return Policy.from_sources([RawPolicy("managed.ini", dict(values))])


class TestUserSettings:
    @pytest.mark.parametrize(("managed", "user", "expected"), [
        ({"language": "de", "language_locked": "true"}, "en", "de"),  # enforced
        ({"language": "de", "language_locked": "false"}, "en", "en"),  # a default...
        ({"language": "de"}, None, "de"),  # ...that holds while the user chose nothing
        ({}, "en", "en"),
        ({}, None, "system"),
    ], ids=["locked", "unlocked, user chose", "unlocked, no choice", "unmanaged", "neither"])
    def test_locked_wins_unlocked_is_a_default(self, managed: dict[str, str],
                                               user: str | None, expected: str) -> None:
        assert policy(**managed).resolve("language", user, "system") == expected

    def test_a_machine_rule_is_not_a_user_setting(self) -> None:
        with pytest.raises(AssertionError, match="proxy_url"):
            policy().resolve("proxy_url", None, "")


class TestMachineRules:
    def test_unset_rules_ask_nothing_of_anyone(self) -> None:
        empty = Policy()
        assert not empty.require_os_keyring
        assert (empty.proxy_url, empty.ca_bundle, empty.update_channel_url) == (None,) * 3
        empty.check_server("https://anywhere.example.org")  # does not raise

    def test_require_os_keyring_only_when_it_says_so(self) -> None:
        assert policy(require_os_keyring="true").require_os_keyring
        assert not policy(require_os_keyring="false").require_os_keyring
