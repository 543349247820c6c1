"""The connection state's reasons in the user's language.

The sync engine reports why it is offline as a stable code (sync/engine.py,
StatusChanged.reason); the words come from here, translated, so a German status bar
never shows English or the name of a library's exception.
"""

from __future__ import annotations

from desktop.qt import QT_TRANSLATE_NOOP, QCoreApplication

REASONS = {
    "timeout": QT_TRANSLATE_NOOP(
        "StatusText", "The server cannot be reached: it did not answer in time."),
    "name_not_found": QT_TRANSLATE_NOOP(
        "StatusText", "The server cannot be reached: its name was not found. Check the "
        "address and your network connection."),
    "refused": QT_TRANSLATE_NOOP(
        "StatusText", "The server cannot be reached: the connection was refused."),
    "proxy": QT_TRANSLATE_NOOP(
        "StatusText", "The server cannot be reached: the proxy refused the connection."),
    "connection_broke": QT_TRANSLATE_NOOP(
        "StatusText", "The connection to the server broke; Kontor tries again."),
    "no_connection": QT_TRANSLATE_NOOP(
        "StatusText", "The server cannot be reached. Check your network connection."),
    "certificate": QT_TRANSLATE_NOOP(
        "StatusText", "The server's certificate is not trusted; Kontor does not connect."),
    "server_error": QT_TRANSLATE_NOOP(
        "StatusText", "The server could not answer; Kontor tries again later."),
    "page_rejected": QT_TRANSLATE_NOOP(
        "StatusText", "The server sent data Kontor could not read; it tries again later."),
    "feed_restored": QT_TRANSLATE_NOOP(
        "StatusText", "The server's data was restored from a backup; syncing everything "
        "again."),
    "revoked": QT_TRANSLATE_NOOP(
        "StatusText", "This device was signed out by your administrator."),
    "session_ended": QT_TRANSLATE_NOOP(
        "StatusText", "Your session has ended. Please sign in again."),
    "cache_damaged": QT_TRANSLATE_NOOP(
        "StatusText", "The data saved on this computer is damaged; Kontor checks it at "
        "the next start."),
}


def reason_text(reason: str) -> str:
    """The reason in words; an empty or unknown code says nothing rather than a code."""
    source = REASONS.get(reason)
    return QCoreApplication.translate("StatusText", source) if source else ""
