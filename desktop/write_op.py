"""WriteOp: the one way the desktop runs a local write in the background.

As with Anki's CollectionOp, the write (a function of the writer Cache, usually an
outbox enqueue from sync/writes.py) runs on the sync worker thread, which owns the
writer connection; success and failure callbacks run afterwards on the GUI thread, so
they may touch widgets and the write itself never does. A failure without a callback
of its own is shown in the status bar (ViewContext.tell), never lost silently.

    WriteOp(ctx, lambda cache: writes.queue_post(cache, space_id, text), self)
        .success(lambda item: self.text.clear())
        .failure(lambda error: self.note.setText(error))
        .run()

The outcome arrives through the GUI thread's event loop, always after run() has
returned, so a test may connect to `finished` (qtbot.waitSignal) right after the click
that started the op. Callbacks are dropped if the widget that started the op is gone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from desktop.context import ViewContext
from desktop.qt import QObject, Qt, Signal, Slot
from sync.cache.db import Cache
from sync.cache.errors import CacheDiskFullError

log = logging.getLogger("kontor.desktop.write_op")


class WriteOp(QObject):
    finished = Signal(str)  # "" after success, else the reason; after the callbacks ran
    _delivered = Signal(object, str)  # from the worker thread: the result, the error

    def __init__(self, ctx: ViewContext, write: Callable[[Cache], Any],
                 owner: QObject | None = None) -> None:
        # Owned by the bridge, which lives as long as the app: an op outlives a dialog
        # closed right after starting it, and is deleted once it has reported.
        super().__init__(ctx.bridge)
        self.ctx = ctx
        self.write = write
        self.result: Any = None
        self.error = ""
        self.running = False
        self._on_success: Callable[[Any], object] | None = None
        self._on_failure: Callable[[str], object] | None = None
        self._owner_gone = False
        if owner is not None:
            owner.destroyed.connect(self._forget_owner)
        self._delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def success(self, callback: Callable[[Any], object]) -> WriteOp:
        """Called on the GUI thread with what the write returned."""
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[str], object]) -> WriteOp:
        """Called on the GUI thread with the reason, in words for the user."""
        self._on_failure = callback
        return self

    def run(self) -> WriteOp:
        """Hand the write to the worker; returns at once, the GUI never waits."""
        self.running = True
        future = self.ctx.bridge.submit(self.ctx.bridge.local_write(self.write))
        future.add_done_callback(self._report)
        return self

    def _report(self, future: Future[Any]) -> None:
        """On the worker thread: only a queued signal crosses over to the GUI."""
        error = future.exception()
        if isinstance(error, CacheDiskFullError):  # the one cache error a user can fix
            reason = self.tr("The disk is full, so this was not saved. Free some space and "
                             "try again; nothing saved before is lost.")
        else:
            reason = "" if error is None else str(error) or self.tr(
                "The change could not be saved.")
        self._delivered.emit(None if error is not None else future.result(), reason)

    @Slot()
    def _forget_owner(self) -> None:
        self._owner_gone = True

    @Slot(object, str)
    def _deliver(self, result: Any, error: str) -> None:
        self.running = False
        self.result, self.error = result, error
        try:
            if self._owner_gone:
                pass
            elif error and self._on_failure is not None:
                self._on_failure(error)
            elif error:
                self.ctx.tell(error)
            elif self._on_success is not None:
                self._on_success(result)
        finally:
            self.finished.emit(error)
            self.deleteLater()
