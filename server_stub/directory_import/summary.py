"""What an import did: counts for the audit trail, text and JSON for whoever ran it.

IT reads this after every nightly run (or its dry run before a big change), so it
names what needs a look: keys no longer in the file, accounts linked, moved or
disabled.
"""

from __future__ import annotations

import msgspec


class KindSummary(msgspec.Struct, kw_only=True):
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Imported earlier, not in this file: never deleted. With --prune people are marked
    # left and positions vacated; units are only reported.
    missing: list[str] = []
    left: int = 0
    vacated: int = 0


class ImportSummary(msgspec.Struct, kw_only=True):
    dry_run: bool
    prune: bool
    units: KindSummary
    positions: KindSummary
    people: KindSummary
    accounts_linked: int = 0
    # Usernames linked to their person by this run (a free account) and moved from
    # another person to theirs (--relink; their devices were signed out).
    linked: list[str] = []
    relinked: list[str] = []
    # --prune --disable-accounts: accounts of the people who left in this run, and
    # the accounts of people the directory lists as disabled.
    disabled: list[str] = []
    # What the source reader noticed without refusing the import (a manager outside
    # the search, a photo that is no JPEG); the directory's photos found and checked,
    # and how many of them this run stored (new or changed).
    warnings: list[str] = []
    photos: int = 0
    photos_loaded: int = 0
    # From taking the database's write lock to the commit: how long the server's own
    # writes waited for this import.
    lock_seconds: float = 0.0

    def counts(self) -> dict[str, dict[str, int]]:
        """The numbers only (for the audit trail, which holds no names or keys)."""
        return {kind: {name: value for name, value in msgspec.structs.asdict(s).items()
                       if name != "missing"} | {"missing": len(s.missing)}
                for kind, s in (("units", self.units), ("positions", self.positions),
                                ("people", self.people))}


def summary_text(summary: ImportSummary) -> str:
    lines = []
    for kind, counts, extra in (("units", summary.units, ""),
                                ("positions", summary.positions, "vacated"),
                                ("people", summary.people, "left")):
        line = (f"{kind}: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged")
        if extra:
            line += f", {getattr(counts, extra)} {extra}"
        lines.append(line)
        if counts.missing:
            lines.append(f"  not in the file ({len(counts.missing)}): "
                         + ", ".join(counts.missing[:20])
                         + (" ..." if len(counts.missing) > 20 else ""))
    lines.append(f"accounts linked: {summary.accounts_linked}")
    for what, names in (("linked", summary.linked), ("re-linked", summary.relinked)):
        if names:
            lines.append(f"  {what} ({len(names)}): " + ", ".join(names[:20])
                         + (" ..." if len(names) > 20 else ""))
    if summary.disabled:
        lines.append(f"accounts disabled ({len(summary.disabled)}): "
                     + ", ".join(summary.disabled[:20])
                     + (" ..." if len(summary.disabled) > 20 else ""))
    if summary.photos:
        lines.append(f"photos: {summary.photos} found in the directory, "
                     f"{summary.photos_loaded} stored (new or changed)")
    for warning in summary.warnings[:20]:
        lines.append(f"warning: {warning}")
    if len(summary.warnings) > 20:
        lines.append(f"  ... {len(summary.warnings) - 20} more warnings")
    if summary.dry_run:
        lines.append("dry run: nothing was written")
    return "\n".join(lines)
