"""Hub reasons in words: the server sends {kind, count, units}, the reader's language
words them (docs/hubs.md). Shared by the Hubs screen, Me ("How I connect the company")
and the person card, which may not import each other.
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop.qt import QCoreApplication
from sync.cache.db import Cache
from sync.cache.read.people import get_org_unit
from sync.protocol import Hub, HubReason

CONTEXT = "HubReasons"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _names(units: list[str], unit_names: Mapping[str, str]) -> str:
    return ", ".join(unit_names.get(u, _tr("another unit")) for u in units)


def reason_text(reason: HubReason, unit_names: Mapping[str, str]) -> str:
    names = _names(reason.units, unit_names)
    count = str(reason.count)
    if reason.kind == "answers_units":
        return _tr("answers questions from %1 units (most: %2)").replace(
            "%1", count).replace("%2", names)
    if reason.kind == "only_job_connection":
        first = unit_names.get(reason.units[0], "?") if reason.units else "?"
        second = unit_names.get(reason.units[1], "?") if len(reason.units) > 1 else "?"
        return _tr("the only job connection between %1 and %2").replace(
            "%1", first).replace("%2", second)
    if reason.kind == "connects_units":
        return _tr("in regular contact with %1 units (most: %2)").replace(
            "%1", count).replace("%2", names)
    if reason.kind == "bridge":
        return _tr("links parts of the company that are otherwise far apart (%1)").replace(
            "%1", names)
    if reason.kind == "howto_units":
        return _tr("keeps a how-to that %1 units use").replace("%1", count)
    return reason.kind


def reasons_text(reasons: list[HubReason], unit_names: Mapping[str, str]) -> str:
    return "; ".join(reason_text(r, unit_names) for r in reasons)


def role_text(role: str) -> str:
    return _tr("Bridge") if role == "bridge" else _tr("Hub")


def hub_lines(cache: Cache, hub: Hub) -> str:
    """A hub's reasons, one bulleted line each, with the units named as the cache has them."""
    names: dict[str, str] = {}
    for reason in hub.reasons:
        for unit_id in reason.units:
            unit = get_org_unit(cache, unit_id)
            if unit is not None:
                names[unit_id] = unit.name
    return "\n".join(f"• {reason_text(r, names)}" for r in hub.reasons)
