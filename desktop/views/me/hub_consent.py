"""Me: consent to be named as an information hub, and what the results say about me.

The box is the one place the consent is given or taken back (kontorctl profile has the
same switch). A change is an outbox write like the other profile fields; the server
then publishes its results again, so the name appears or disappears for everyone at
their next sync (docs/hubs.md). "How I connect the company" shows my own hub record,
which reaches me only when I agreed and the latest results found me.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from desktop.context import ViewContext
from desktop.hub_reasons import hub_lines
from desktop.qt import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget
from desktop.write_op import WriteOp
from sync import writes
from sync.cache.read.hubs import current_run, my_hub
from sync.cache.read.people import get_person
from sync.cache.write import outbox
from sync.protocol import ProfileUpdate

_decoder = msgspec.json.Decoder(ProfileUpdate)


class HubConsentBox(QGroupBox):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Information hubs"), parent)
        self.ctx = ctx
        self.write_op: WriteOp | None = None
        self.consent = QCheckBox(self.tr("Show me as a &hub"))
        self.consent.setObjectName("showAsHub")
        self.consent.setToolTip(self.tr(
            "With this on, the hub results name you to everyone; without it you appear "
            "only to your leads and community managers, as a colleague in your unit."))
        self.consent.clicked.connect(self._changed)
        self.connect_heading = QLabel(self.tr("<b>How I connect the company</b>"))
        self.connect_text = QLabel()
        self.connect_text.setObjectName("howIConnect")
        self.connect_text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.consent)
        layout.addWidget(self.connect_heading)
        layout.addWidget(self.connect_text)

    def wanted(self) -> bool:
        """The synced consent, overlaid by a change still waiting in the outbox."""
        me = self.ctx.me
        person = get_person(self.ctx.cache, me) if me else None
        value = bool(person and person.show_as_hub)
        for item in outbox.all_items(self.ctx.cache):
            if item.kind != "profile":
                continue
            try:
                update = _decoder.decode(item.body)
            except msgspec.DecodeError:
                continue
            if update.show_as_hub is not None:
                value = update.show_as_hub
        return value

    def refresh(self) -> None:
        me = self.ctx.me
        saving = self.write_op is not None and self.write_op.running
        if not saving:
            self.consent.setChecked(self.wanted())
        opted = self.consent.isChecked()
        self.connect_heading.setVisible(opted)
        self.connect_text.setVisible(opted)
        if not opted or not me:
            return
        hub = my_hub(self.ctx.cache, me)
        if hub is None:
            self.connect_text.setText(
                self.tr("The latest results do not list you as a hub.")
                if current_run(self.ctx.cache) else
                self.tr("No results yet. The server computes them every night."))
            return
        self.connect_text.setText(hub_lines(self.ctx.cache, hub))

    def _changed(self, checked: bool) -> None:
        me = self.ctx.me
        if not me:
            return
        update = ProfileUpdate(show_as_hub=checked)
        queue: Callable[..., object] = writes.queue_profile
        self.write_op = WriteOp(self.ctx, lambda cache: queue(cache, me, update), self
                                ).success(lambda _item: self.refresh()).run()
