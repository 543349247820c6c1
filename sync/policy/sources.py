"""Where IT's policy comes from, read into raw values: managed.ini, and on Windows the
Group Policy registry key.

Linux: the first `kontor/managed.ini` found in `$XDG_CONFIG_DIRS` (default `/etc/xdg`),
as the XDG base directory spec orders them. Windows: `%ProgramData%\\Kontor\\managed.ini`
and `HKLM\\Software\\Policies\\Kontor` (registry values win over the file, key by key).
`KONTOR_MANAGED_CONFIG` names the file instead (tests, trying a roll-out).

A missing file means no policy. A file that exists but cannot be read, is not UTF-8,
is not an ini file, or holds a key this version does not know (a typo such as
`server_url_lock` would otherwise silently leave the server unlocked) is a PolicyError.
"""

from __future__ import annotations

import configparser
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sync.policy.errors import PolicyError
from sync.policy.schema import BY_NAME, Raw, value_names

ENV_MANAGED = "KONTOR_MANAGED_CONFIG"
SECTION = "kontor"
REGISTRY_KEY = r"HKLM\Software\Policies\Kontor"
_NO_DEFAULT_SECTION = "\x00"  # configparser's [DEFAULT] would be a second, hidden section


@dataclass(frozen=True)
class RawPolicy:
    origin: str  # the file or registry key, as the user's message names it
    values: dict[str, Raw] = field(default_factory=dict)


def managed_ini_candidates() -> list[Path]:
    """The files to look at, in order; the first that exists is IT's."""
    explicit = os.environ.get(ENV_MANAGED, "").strip()
    if explicit:
        return [Path(explicit)]
    if sys.platform == "win32":
        program_data = os.environ.get("ProgramData", r"C:\ProgramData")
        return [Path(program_data) / "Kontor" / "managed.ini"]
    if sys.platform == "darwin":
        return [Path("/Library/Application Support/Kontor/managed.ini")]
    # The spec: relative entries are invalid and ignored; empty or unset means /etc/xdg.
    dirs = [d for d in os.environ.get("XDG_CONFIG_DIRS", "").split(":") if os.path.isabs(d)]
    return [Path(d) / "kontor" / "managed.ini" for d in dirs or ["/etc/xdg"]]


def read_first_ini(candidates: Iterable[Path]) -> RawPolicy | None:
    for path in candidates:
        found = read_ini(path)
        if found is not None:
            return found
    return None


def read_ini(path: Path) -> RawPolicy | None:
    """The [kontor] section of one file, or None when there is no such file."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise PolicyError(f"{path} cannot be read ({exc.strerror}).") from None
    try:
        text = data.decode("utf-8-sig")  # Notepad writes a byte order mark
    except UnicodeDecodeError as exc:
        raise PolicyError(f"{path} is not UTF-8 text (byte {exc.start}).") from None
    parser = configparser.ConfigParser(
        interpolation=None, inline_comment_prefixes=(";", "#"), strict=True,
        default_section=_NO_DEFAULT_SECTION)
    try:
        parser.read_string(text, source=str(path))
    except configparser.MissingSectionHeaderError as exc:
        raise PolicyError(f"{path}, line {exc.lineno}: settings must follow a "
                          f"[{SECTION}] line.") from None
    except configparser.DuplicateOptionError as exc:
        raise PolicyError(f"{path}, line {exc.lineno}: {exc.option} is set twice.") from None
    except configparser.ParsingError as exc:
        lines = ", ".join(str(line) for line, _ in exc.errors)
        raise PolicyError(f"{path}, line {lines}: not a 'key = value' line.") from None
    except configparser.Error as exc:
        raise PolicyError(f"{path}: {' '.join(str(exc).split())}") from None
    others = [name for name in parser.sections() if name != SECTION]
    if others:
        raise PolicyError(f"{path}: unknown section [{others[0]}]; Kontor reads [{SECTION}].")
    if not parser.has_section(SECTION):
        raise PolicyError(f"{path} has no [{SECTION}] section.")
    values: dict[str, Raw] = {}
    for name, value in parser.items(SECTION):
        _require_known(name, str(path))
        values[name] = value
    return RawPolicy(str(path), values)


class RegistrySource(Protocol):
    """What the policy needs of the Windows registry (sync/policy/registry.py has the
    real one): the values of the policy key, or of a key below it."""

    location: str

    def values(self, subkey: str = "") -> dict[str, object] | None:
        """name -> data (str, int, list[str], bytes), or None when the key is absent."""


def read_registry(registry: RegistrySource) -> RawPolicy | None:
    """The policy key's values; a list (allowed_servers) is a key of its own whose
    values "1", "2", ... are its entries, as the ADMX list element writes it."""
    found = registry.values()
    if found is None:
        return None
    values: dict[str, Raw] = {}
    for name, data in found.items():
        where = f"{registry.location}\\{name}"
        _require_known(name, registry.location)
        if isinstance(data, str | int) or (
                isinstance(data, list) and all(isinstance(i, str) for i in data)):
            values[name] = data
        else:
            raise PolicyError(f"{where}: a value of this type means nothing to Kontor "
                              f"({type(data).__name__}); use text or a DWORD.")
    for key in BY_NAME.values():
        if key.kind != "list":
            continue
        entries = registry.values(key.name)
        if entries is not None:
            ordered = sorted(entries.items(), key=lambda item: _list_position(item[0]))
            values[key.name] = [str(data) for _, data in ordered]
    return RawPolicy(registry.location, values)


def _list_position(name: str) -> tuple[int, str]:
    return (int(name), "") if name.isdigit() else (sys.maxsize, name)


def _require_known(name: str, origin: str) -> None:
    if name not in value_names():
        known = ", ".join(sorted(value_names()))
        raise PolicyError(f"{origin}: unknown setting '{name}' (known: {known}).")
