"""Me: my own profile to edit, my connections, signing out, settings.

A profile edit is an outbox item like any other write: it is saved on this computer at
once and sent when the server can be reached. Until then the form shows what was
written (the pending update laid over the synced record) and says that it waits, so an
offline edit never seems lost, and a refresh never puts the old values back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

from desktop.context import ViewContext
from desktop.qt import (
    QAbstractListModel,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QModelIndex,
    QPersistentModelIndex,
    QPlainTextEdit,
    Qt,
    QVBoxLayout,
    QWidget,
    Slot,
)
from desktop.views.base import View
from desktop.views.common.absence import MyAbsenceRow
from desktop.views.common.settings_dialog import SettingsDialog, open_settings
from desktop.views.me.hub_consent import HubConsentBox
from desktop.views.me.job_contacts import JobContactsWidget
from desktop.views.me.photo import MyPhotoBox
from desktop.views.me.profile_fields import (
    PhoneRows,
    action_button,
    line_edit,
    profile_values,
    split_list,
)
from desktop.write_op import WriteOp
from sync import writes
from sync.cache.db import Cache
from sync.cache.read.people import connections_of, get_people, get_person
from sync.cache.write import outbox
from sync.protocol import ProfileUpdate

_update_decoder = msgspec.json.Decoder(ProfileUpdate)


class ConnectionsModel(QAbstractListModel):
    """My connections, each row naming the person and my note; small, so read whole."""

    PersonIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, str]] = []  # text, tooltip, person id

    def set_rows(self, rows: list[tuple[str, str, str]]) -> None:
        if rows != self.rows:  # unchanged after most syncs: keep the selection
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        text, tooltip, person_id = self.rows[index.row()]
        return {Qt.ItemDataRole.DisplayRole: text, Qt.ItemDataRole.AccessibleTextRole: text,
                Qt.ItemDataRole.ToolTipRole: tooltip, self.PersonIdRole: person_id}.get(role)


class MeView(View):
    name = "me"

    def __init__(self, ctx: ViewContext) -> None:
        super().__init__(ctx)
        self._loaded: dict[str, Any] = {}
        self._dirty = False
        self.write_op: WriteOp | None = None  # the last save; running until queued
        self.settings_dialog: SettingsDialog | None = None
        self.heading = QLabel()
        self.heading.setObjectName("meHeading")
        self.heading.setProperty("role", "heading")
        self.about = QPlainTextEdit()
        self.about.setTabChangesFocus(True)
        self.about.setAccessibleName(self.tr("About me"))
        self.about.setMaximumHeight(110)
        self.skills = line_edit(self.tr("Skills, separated by commas"),
                                self.tr("e.g. SAP, Excel, forklift licence"))
        self.phones = PhoneRows()
        self.room = line_edit(self.tr("Room"))
        self.building = line_edit(self.tr("Building"))
        self.languages = line_edit(self.tr("Languages, separated by commas"),
                                   self.tr("e.g. Deutsch, English"))
        self.save_button = action_button(self.tr("&Save profile"), self.tr("Save profile"),
                                         self.save)
        self.retry_button = action_button(self.tr("&Try again"),
                                          self.tr("Try sending the profile again"),
                                          lambda: self.resolve_failed(outbox.retry))
        self.discard_button = action_button(self.tr("&Discard change"),
                                            self.tr("Discard the refused profile change"),
                                            lambda: self.resolve_failed(outbox.discard))
        self.state = QLabel()
        self.state.setObjectName("profileState")
        self.state.setWordWrap(True)
        form = QFormLayout()
        self.labels: dict[str, str] = {}
        for name, label, field in (
            ("about", self.tr("&About me:"), self.about),
            ("skills", self.tr("S&kills:"), self.skills),
            ("phones", self.tr("P&hones:"), self.phones),
            ("room", self.tr("&Room:"), self.room),
            ("building", self.tr("&Building:"), self.building),
            ("languages", self.tr("&Languages:"), self.languages),
        ):
            caption = QLabel(label)
            caption.setBuddy(field)
            form.addRow(caption, field)
            self.labels[name] = label.replace("&", "").rstrip(":")
        profile_box = QGroupBox(self.tr("My profile"))
        profile_layout = QVBoxLayout(profile_box)
        self.photo = MyPhotoBox(ctx)
        profile_layout.addWidget(self.photo)
        profile_layout.addLayout(form)
        actions = QHBoxLayout()
        for widget in (self.save_button, self.retry_button, self.discard_button, self.state):
            actions.addWidget(widget, 1 if widget is self.state else 0)
        profile_layout.addLayout(actions)
        profile_layout.addStretch(1)  # spare height below the form, not between phones
        self.connections = ConnectionsModel(self)
        self.connection_list = QListView()
        self.connection_list.setObjectName("myConnections")
        self.connection_list.setAccessibleName(self.tr("My connections"))
        self.connection_list.setModel(self.connections)
        self.connection_list.setWordWrap(True)
        self.connection_list.setSpacing(3)
        self.connection_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.connection_list.activated.connect(self.open_connection)
        self.connection_list.clicked.connect(self.open_connection)
        self.no_connections = QLabel(self.tr("No connections yet. Add people from their "
                                             "profile card."))
        self.no_connections.setWordWrap(True)
        connections_box = QGroupBox(self.tr("My connections"))
        connections_layout = QVBoxLayout(connections_box)
        connections_layout.addWidget(self.connection_list)
        connections_layout.addWidget(self.no_connections)
        self.job_contacts = JobContactsWidget(ctx)  # the job's contacts, kept for the next holder
        connections_layout.addWidget(self.job_contacts)
        self.hub_consent = HubConsentBox(ctx)  # "Show me as a hub", docs/hubs.md
        connections_layout.addWidget(self.hub_consent)
        self.away = MyAbsenceRow(ctx)
        self.settings_button = action_button(self.tr("Setti&ngs…"), self.tr("Settings"),
                                             self.open_settings)
        self.sign_out_button = action_button(self.tr("Sign &out"), self.tr("Sign out"),
                                             self.sign_out)
        self.sign_out_button.setToolTip(self.tr("Your saved data stays on this computer."))
        columns = QHBoxLayout()
        columns.addWidget(profile_box, 3)
        columns.addWidget(connections_box, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(columns, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.away, 1)
        bottom.addWidget(self.settings_button)
        bottom.addWidget(self.sign_out_button)
        layout.addLayout(bottom)
        for edit in (self.skills, self.room, self.building, self.languages):
            edit.textEdited.connect(self._mark_dirty)
        self.about.textChanged.connect(self._mark_dirty)
        self.phones.edited.connect(self._mark_dirty)

    def title(self) -> str:
        return self.tr("Me")

    # -- reading -----------------------------------------------------------------------

    def _profile_items(self) -> list[outbox.OutboxItem]:
        return [i for i in outbox.all_items(self.ctx.cache) if i.kind == "profile"]

    def describe(self) -> dict[str, object]:
        return {"name": self.heading.text(), "connections": self.connections.rowCount()}

    def refresh(self) -> None:
        me = self.ctx.me
        person = get_person(self.ctx.cache, me) if me else None
        self.heading.setText(person.display_name if person else self.tr("My profile"))
        items = self._profile_items()
        saving = self.write_op is not None and self.write_op.running
        if not self._dirty and not saving:
            updates = []
            for item in items:
                try:
                    updates.append(_update_decoder.decode(item.body))
                except msgspec.DecodeError:
                    continue
            self._load(profile_values(person, updates))
        self._show_state(items, saving)
        self._load_connections()
        self.photo.refresh()
        self.job_contacts.refresh()
        self.hub_consent.refresh()
        self.away.refresh()

    def _load(self, values: dict[str, Any]) -> None:
        """Only fields that differ are touched: a refresh must not move the cursor."""
        self._loaded = values
        if self.about.toPlainText() != (values["about"] or ""):
            self.about.blockSignals(True)
            self.about.setPlainText(values["about"] or "")
            self.about.blockSignals(False)
        if self.phones.phones() != (values["phones"] or []):
            self.phones.set_phones(values["phones"] or [])
        for edit, text in ((self.skills, ", ".join(values["skills"] or [])),
                           (self.room, values["room"] or ""),
                           (self.building, values["building"] or ""),
                           (self.languages, ", ".join(values["languages"] or []))):
            if edit.text() != text:
                edit.setText(text)

    def _show_state(self, items: list[outbox.OutboxItem], saving: bool) -> None:
        failed = [i for i in items if i.state == "failed"]
        self.retry_button.setVisible(bool(failed))
        self.discard_button.setVisible(bool(failed))
        if failed:
            self.state.setText(self.tr("Your profile change was refused: %1")
                               .replace("%1", failed[-1].error or ""))
        elif items or saving:
            self.state.setText(self.tr("Saved on this computer; waiting to be sent…"))
        elif self._dirty:
            self.state.setText(self.tr("Unsaved changes"))
        else:
            self.state.setText(self.tr("Your profile is up to date."))

    def _load_connections(self) -> None:
        """Personal ones only: job contacts have their own list below (JobContactsWidget),
        which also shows their waiting and refused changes."""
        me, cache = self.ctx.me, self.ctx.cache
        if not me:
            return
        found = [(c, c.to_id if c.from_id == me else c.from_id)
                 for c in connections_of(cache, me, kind="personal")]
        people = get_people(cache, [other for _, other in found])
        tooltip = self.tr("Personal connection: only you see it and your note.")
        rows = []
        for c, other in found:
            person = people.get(other)
            name = person.display_name if person else self.tr("(vacant)")
            rows.append((f"{name}\n{c.note}" if c.note else name, tooltip, other))
        self.connections.set_rows(rows)
        self.no_connections.setVisible(not rows)

    # -- writing -----------------------------------------------------------------------

    @Slot()
    def _mark_dirty(self) -> None:
        self._dirty = True
        self.state.setText(self.tr("Unsaved changes"))

    def edited_values(self) -> dict[str, object]:
        return {
            "about": self.about.toPlainText().strip(),
            "skills": split_list(self.skills.text()),
            "phones": self.phones.phones(),
            "room": self.room.text().strip(),
            "building": self.building.text().strip(),
            "languages": split_list(self.languages.text()),
        }

    @Slot()
    def save(self) -> None:
        """Queue only what changed, so an edit elsewhere of another field survives."""
        me = self.ctx.me
        if not me:
            return
        changed = {k: v for k, v in self.edited_values().items() if v != self._loaded.get(k)}
        if not changed:
            self._dirty = False
            self.refresh()
            return
        # The same caps the server checks, so a refusal is explained here and now. The
        # edited values are plain objects until msgspec has checked them (the ignore).
        try:
            update = msgspec.convert(msgspec.to_builtins(ProfileUpdate(**changed)),  # type: ignore[arg-type]
                                     ProfileUpdate)
        except msgspec.ValidationError as exc:
            field = next((label for name, label in self.labels.items() if f"$.{name}" in
                          str(exc)), "")
            self.state.setText(self.tr("Please check your entries: “%1” is too long or has "
                                       "too many entries.").replace("%1", field))
            return
        self._loaded = {**self._loaded, **changed}
        self._dirty = False
        self.state.setText(self.tr("Saved on this computer; waiting to be sent…"))
        # Once queued, the form shows the edit as it waits to be sent (lists tidied), not
        # what was typed; a refresh while the write still runs would leave the typing.
        self.write_op = WriteOp(
            self.ctx, lambda cache: writes.queue_profile(cache, me, update), self
        ).success(lambda _item: self.refresh()).run()

    def resolve_failed(self, action: Callable[[Cache, str], None]) -> None:
        """Send the refused edit again, or give it up (outbox.retry or outbox.discard)."""
        failed = [i.id for i in self._profile_items() if i.state == "failed"]

        def resolve(cache: Cache) -> None:
            for item_id in failed:
                action(cache, item_id)

        WriteOp(self.ctx, resolve, self).run()

    # -- elsewhere ---------------------------------------------------------------------

    @Slot(QModelIndex)
    def open_connection(self, index: QModelIndex) -> None:
        person_id = index.data(ConnectionsModel.PersonIdRole)
        if person_id:
            self.ctx.navigator.navigate("people", str(person_id))

    @Slot()
    def open_settings(self) -> None:
        self.settings_dialog = open_settings(self.ctx.settings, self)

    @Slot()
    def sign_out(self) -> None:
        """Keeps the cache (wipe=False): signing in again is quick and works offline."""
        self.sign_out_button.setEnabled(False)
        self.ctx.bridge.logout(wipe=False)

