"""A policy that cannot be read is an error, never a reason to run unmanaged."""

from __future__ import annotations


class PolicyError(Exception):
    """IT's managed configuration is unreadable or malformed; `detail` names the file
    (or registry key), the line or key, and what is wrong with it."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    @property
    def user_message(self) -> str:
        return (f"The settings your IT department manages cannot be used: {self.detail} "
                "Kontor does not run without them; please tell your IT department.")
