"""What recovery did (sync/cache/recovery.py), said in the user's language.

The library's own message is English for kontorctl and the logs; the app builds its
note from the same facts: which file, where it was set aside, how many unsent items
were kept, whether the sign-in survived.
"""

from __future__ import annotations

from desktop.qt import QCoreApplication
from sync.cache.recovery import Recoveries, Recovery


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecoveryNote", text)


def recovery_text(recoveries: Recoveries) -> str:
    return "\n\n".join(_one(r) for r in recoveries.done)


def _one(r: Recovery) -> str:
    aside = r.moved_to.name if r.moved_to is not None else ""
    if r.part == "replica":
        return _tr("The local copy of your data was damaged; it was set aside as %1. It is "
                   "downloaded again from the server. Your unsent posts and your sign-in "
                   "are not affected.").replace("%1", aside)
    if r.moved_to is None:
        parts = [_tr("The file with your unsent posts and your sign-in was missing or "
                     "empty.")]
    else:
        parts = [_tr("The file with your unsent posts and your sign-in was damaged; it was "
                     "set aside as %1.").replace("%1", aside)]
    if r.outbox_carried:
        parts.append(_tr("Unsent items kept, to be sent: %1.").replace(
            "%1", str(r.outbox_carried)))
    if r.unreadable:
        parts.append(_tr("None of the unsent items could be read."))
    if not r.signed_in_kept:
        parts.append(_tr("Please sign in again."))
    return " ".join(parts)
