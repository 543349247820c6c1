"""Every key IT can manage, and how its value is read from any source.

Two kinds of key. A *user setting* (server_url, language, ...) is something the user
may choose too: IT's value is a default, and with `<key>_locked` IT enforces it. A
*machine rule* (allowed servers, proxy, CA bundle, ...) has no user side: when IT sets
it, it holds. The ADMX templates (packaging/windows/policy) declare the same value
names; tests/package/test_windows.py keeps the two lists equal.

A source hands raw values over as it stores them (an ini file: text; the registry:
text, a number or a list), so one reading here serves both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from sync.address import AddressError, ServerAddress
from sync.policy.errors import PolicyError

LOCK_SUFFIX = "_locked"
Kind = Literal["bool", "choice", "server", "link", "proxy", "list", "path"]
Raw = str | int | list[str]
Value = str | bool | tuple[str, ...]

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")
_LIST_SEPARATORS = re.compile(r"[,\n]")


@dataclass(frozen=True, slots=True)
class Key:
    name: str
    kind: Kind
    user_setting: bool = False  # True: IT's value is a default unless <name>_locked
    choices: tuple[str, ...] = ()


KEYS: tuple[Key, ...] = (
    Key("server_url", "server", user_setting=True),
    Key("language", "choice", user_setting=True, choices=("system", "de", "en")),
    Key("start_minimised", "bool", user_setting=True),
    Key("notifications", "bool", user_setting=True),
    Key("allowed_servers", "list"),
    Key("update_channel_url", "link"),
    Key("require_os_keyring", "bool"),
    Key("proxy_url", "proxy"),
    Key("ca_bundle", "path"),
)
BY_NAME = {key.name: key for key in KEYS}
USER_SETTINGS = tuple(key.name for key in KEYS if key.user_setting)


def value_names() -> frozenset[str]:
    """Every name a source may hold: each key, and `<key>_locked` for user settings."""
    names = {key.name for key in KEYS}
    names |= {key.name + LOCK_SUFFIX for key in KEYS if key.user_setting}
    return frozenset(names)


def read_bool(raw: Raw, where: str) -> bool:
    if isinstance(raw, int) and not isinstance(raw, bool) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str) and raw.strip().lower() in _TRUE + _FALSE:
        return raw.strip().lower() in _TRUE
    raise PolicyError(f"{where}: {raw!r} is neither true nor false (write true or false).")


def read_value(key: Key, raw: Raw, where: str) -> Value:
    """The typed value of one key; `where` names the source and key for the message."""
    if key.kind == "bool":
        return read_bool(raw, where)
    if key.kind == "list":
        items = raw if isinstance(raw, list) else _LIST_SEPARATORS.split(_text(raw, where))
        return tuple(item.strip() for item in items if item.strip())
    text = _text(raw, where).strip()
    if key.kind == "choice" and text not in key.choices:
        raise PolicyError(f"{where}: {text!r} is not one of {', '.join(key.choices)}.")
    if key.kind == "server":
        try:
            ServerAddress.parse(text)
        except AddressError as exc:
            raise PolicyError(f"{where}: {exc}") from None
    if key.kind == "proxy" and not re.match(r"https?://[^/\s]+/?$", text, re.IGNORECASE):
        raise PolicyError(f"{where}: {text!r} is not a proxy address such as "
                          "http://proxy.example.com:3128.")
    return text


def _text(raw: Raw, where: str) -> str:
    if not isinstance(raw, str):
        raise PolicyError(f"{where}: expected text, found {raw!r}.")
    return raw
