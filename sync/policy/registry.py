"""The Windows registry as a policy source: a thin adapter over winreg.

Everything that decides something (which names are known, how a list key is read, what
a value means) is in sources.py and schema.py and is tested on every platform with a
fake registry (tests/fakes.py); this file only reads HKLM\\Software\\Policies\\Kontor.
"""

from __future__ import annotations

import sys

from sync.policy.errors import PolicyError
from sync.policy.sources import REGISTRY_KEY

POLICY_PATH = r"Software\Policies\Kontor"


class WindowsRegistry:
    location = REGISTRY_KEY

    def values(self, subkey: str = "") -> dict[str, object] | None:
        if sys.platform != "win32":
            return None
        import winreg

        path = POLICY_PATH + ("\\" + subkey if subkey else "")
        try:
            handle = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise PolicyError(f"HKLM\\{path} cannot be read ({exc.strerror}).") from None
        found: dict[str, object] = {}
        with handle:
            index = 0
            while True:
                try:
                    name, data, kind = winreg.EnumValue(handle, index)
                except OSError:  # ERROR_NO_MORE_ITEMS
                    break
                index += 1
                if kind == winreg.REG_EXPAND_SZ:  # e.g. %ProgramData%\Kontor\ca.pem
                    data = winreg.ExpandEnvironmentStrings(data)
                found[name.lower()] = data  # names are case-insensitive there
        return found
