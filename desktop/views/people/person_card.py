"""PersonCard: everything needed to reach a colleague, and a personal connection to them.

Phones and e-mail are tel:/mailto: links so one click starts the call or the mail in
the system's own program; a screen reader meets them as links too, named with their
value, and opens them with its action (views/common/external_link.py). The card keeps
its link widgets from person to person and only changes their addresses. Every name on
the card (manager, reports, the deputy of an absent colleague) is a link-looking button
that opens that person, so it sits in the tab order like any other control. Connecting
writes an outbox item through the bridge; until the server has it (and the feed has
brought the connection back) the card says so, read from the outbox, because a click
that shows nothing gets repeated.
"""

from __future__ import annotations

from desktop.avatar import avatar
from desktop.context import ViewContext, icon_path
from desktop.hub_reasons import hub_lines
from desktop.qt import (
    QDate,
    QFormLayout,
    QHBoxLayout,
    QIcon,
    QLabel,
    QLineEdit,
    QLocale,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
)
from desktop.views.common.external_link import ExternalLink
from desktop.views.common.job_contact_dialog import (
    JobContactDialog,
    may_add_job_contact,
    open_job_contact_dialog,
)
from desktop.views.common.links import LinkButton
from desktop.write_op import WriteOp
from sync import protocol as p
from sync import writes
from sync.cache.read.connecting import connection_to
from sync.cache.read.hubs import my_hub
from sync.cache.read.org import deputy_seat, seat_of
from sync.cache.read.people import (
    get_org_unit,
    get_person,
    get_position,
    get_position_of,
    reports_of,
    responsibilities_of,
)
from sync.cache.read.photos import photo_of

PHOTO_SIZE = 72
# A link's text sits inside its focus frame (kontor.qss: 2 px border, 2 px padding);
# plain values are indented as much, so every value of the card starts on one line.
LINK_INSET = 4
MAX_REPORT_BUTTONS = 25


def tel_link(number: str) -> str:
    """A tel: URI keeps only + and digits: "+49 89 4711-101" -> "tel:+49894711101"."""
    dialable = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    return f"tel:{dialable}"


class PersonCard(QScrollArea):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person: p.Person | None = None
        self.connection: p.Connection | None = None
        self.manager_id: str | None = None
        self.org_position_id: str | None = None
        self.write_op: WriteOp | None = None  # the last (dis)connect, once asked for
        self.setWidgetResizable(True)
        self.setAccessibleName(self.tr("Person details"))
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.addLayout(self._build_header())
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(self.form)
        self._build_fields()
        outer.addWidget(self._build_connection())
        outer.addWidget(self._build_job_contact())
        outer.addStretch(1)
        self.setWidget(body)
        self.clear()

    # -- building --------------------------------------------------------------------

    def _build_header(self) -> QHBoxLayout:
        self.photo = QLabel()
        self.photo.setFixedSize(PHOTO_SIZE, PHOTO_SIZE)
        self.name_label = QLabel()
        self.name_label.setObjectName("personName")
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.position_label = QLabel()
        self.position_label.setObjectName("positionTitle")
        self.unit_label = QLabel()
        self.unit_label.setObjectName("orgUnit")
        self.org_button = QPushButton(self.tr("Show in &org chart"))
        self.org_button.setObjectName("showInOrgChart")
        self.org_button.setAccessibleName(self.tr("Show this position in the org chart"))
        self._as_link(self.org_button)
        self.org_button.clicked.connect(self._open_org_chart)
        titles = QVBoxLayout()
        for label in (self.name_label, self.position_label, self.unit_label):
            label.setWordWrap(True)
            titles.addWidget(label)
        titles.addWidget(self._build_absence())
        titles.addWidget(self.org_button, 0, Qt.AlignmentFlag.AlignLeft)
        titles.addStretch(1)
        header = QHBoxLayout()
        header.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(titles, 1)
        return header

    def _build_absence(self) -> QWidget:
        """Away today, and who stands in: as the org chart says it."""
        self.absence_box = QWidget()
        self.absence_box.setObjectName("absence")
        row = QHBoxLayout(self.absence_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.absence_label = QLabel()
        self.absence_label.setObjectName("absenceText")
        self.absence_label.setProperty("tone", "strong-warning")
        self.deputy_id: str | None = None
        self.deputy_button = LinkButton("", self.tr("Deputy"))
        self.deputy_button.setObjectName("deputyButton")
        self.deputy_button.clicked.connect(self._open_deputy)
        row.addWidget(self.absence_label)
        row.addWidget(self.deputy_button)
        row.addStretch(1)
        return self.absence_box

    @staticmethod
    def _as_link(button: QPushButton) -> None:
        """A flat, left-aligned button that reads like a link but takes keyboard focus."""
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setProperty("link", True)  # the style sheet's link look

    def _field(self, label: str, widget: QWidget, icon: str = "") -> QWidget:
        if not icon:
            self.form.addRow(label, widget)
            return widget
        caption = QWidget()
        row = QHBoxLayout(caption)
        row.setContentsMargins(0, 0, 0, 0)
        picture = QLabel()
        picture.setPixmap(QIcon(icon_path(icon)).pixmap(16, 16))
        row.addWidget(picture)
        row.addWidget(QLabel(label), 1)
        self.form.addRow(caption, widget)
        return widget

    def _text_field(self, label: str, object_name: str, icon: str = "") -> QLabel:
        value = QLabel()
        value.setObjectName(object_name)
        # The field's name until a value is shown; then "Phone: ..." (_name_values).
        value.setAccessibleName(label.replace("&", "").rstrip(":"))
        value.setProperty("field", value.accessibleName())
        value.setWordWrap(True)
        value.setContentsMargins(LINK_INSET, 0, 0, 0)
        value.setTextFormat(Qt.TextFormat.PlainText)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._field(label, value, icon)
        return value

    def _build_fields(self) -> None:
        self.manager_button = LinkButton("", self.tr("Manager"))
        self.manager_button.setObjectName("managerButton")
        self.manager_button.clicked.connect(self._open_manager)
        self.manager_row = self._field(self.tr("Manager:"), self.manager_button)
        self.reports_box = QWidget()
        self.reports_box.setAccessibleName(self.tr("Reports"))
        self.reports_layout = QVBoxLayout(self.reports_box)
        self.reports_layout.setContentsMargins(0, 0, 0, 0)
        self.reports_layout.setSpacing(0)
        self._field(self.tr("Reports:"), self.reports_box)
        self.report_buttons: list[QPushButton] = []
        self.phones_box = QWidget()
        self.phones_box.setObjectName("phones")
        self.phones_layout = QVBoxLayout(self.phones_box)
        self.phones_layout.setContentsMargins(0, 0, 0, 0)
        self.phones_layout.setSpacing(0)
        self.phone_rows: list[tuple[QWidget, QLabel, ExternalLink]] = []
        self._field(self.tr("Phone:"), self.phones_box, icon="phone")
        self.email_link = ExternalLink()
        self.email_link.setObjectName("email")
        self._field(self.tr("E-mail:"), self.email_link, icon="mail")
        self.place_label = self._text_field(self.tr("Office:"), "place")
        self.site_label = self._text_field(self.tr("Site:"), "site")
        self.skills_label = self._text_field(self.tr("Skills:"), "skills")
        self.languages_label = self._text_field(self.tr("Languages:"), "languages")
        self.responsibilities_label = self._text_field(
            self.tr("Responsible for:"), "responsibilities")
        self.about_label = self._text_field(self.tr("About:"), "about")
        # Only for people who agreed to be named: no one else has a hub record here.
        self.hub_label = self._text_field(self.tr("Connects the company:"), "hubReasons")

    def _build_connection(self) -> QWidget:
        box = QWidget()
        box.setObjectName("connectionBox")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 8, 0, 0)
        self.connection_label = QLabel()
        self.connection_label.setObjectName("connectionState")
        self.connection_label.setWordWrap(True)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("connectionNote")
        self.note_edit.setAccessibleName(self.tr("Note for this connection"))
        self.note_edit.setPlaceholderText(self.tr("Note (optional): how you know them"))
        self.note_edit.setMaxLength(p.MAX_NOTE)
        self.note_edit.returnPressed.connect(self.connect_person)
        self.connect_button = QPushButton(self.tr("&Connect"))
        self.connect_button.setObjectName("connectButton")
        self.connect_button.setAccessibleName(self.tr("Connect"))
        self.connect_button.setIcon(QIcon(icon_path("connect")))
        self.connect_button.clicked.connect(self.connect_person)
        self.disconnect_button = QPushButton(self.tr("&Disconnect"))
        self.disconnect_button.setObjectName("disconnectButton")
        self.disconnect_button.setAccessibleName(self.tr("Disconnect"))
        self.disconnect_button.clicked.connect(self.disconnect_person)
        row = QHBoxLayout()
        row.addWidget(self.note_edit, 1)
        row.addWidget(self.connect_button)
        row.addWidget(self.disconnect_button)
        layout.addWidget(self.connection_label)
        layout.addLayout(row)
        self.connection_box = box
        return box

    def _build_job_contact(self) -> QWidget:
        """A contact for the job, not the person: it stays when either of us moves on."""
        self.job_dialog: JobContactDialog | None = None
        self.job_button = QPushButton(self.tr("Add &job contact…"))
        self.job_button.setObjectName("addJobContact")
        self.job_button.setAccessibleName(self.tr("Add a job contact"))
        self.job_button.setToolTip(self.tr("A contact between your position and theirs, "
                                           "with a note for whoever holds the job next"))
        self.job_button.clicked.connect(self.add_job_contact)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.job_button)
        row.addStretch(1)
        self.job_box = box
        return box

    # -- showing ---------------------------------------------------------------------

    def _text_labels(self) -> tuple[QLabel, ...]:
        return (self.place_label, self.site_label, self.skills_label, self.languages_label,
                self.responsibilities_label, self.about_label, self.hub_label)

    def clear(self) -> None:
        self.person = None
        self.name_label.setText(self.tr("Nobody selected"))
        for label in (self.position_label, self.unit_label, *self._text_labels()):
            label.clear()
        for label in self._text_labels():
            self.form.setRowVisible(label, False)
        self._show_links([], "")
        self.photo.clear()
        self.absence_box.hide()
        self.manager_button.hide()
        self._set_reports([])
        self.connection_box.hide()
        self.org_button.hide()
        self.job_box.hide()

    def show_person(self, person_id: str) -> None:
        person = get_person(self.ctx.cache, person_id)
        if person is None:
            self.clear()
            self.name_label.setText(self.tr("This person is not in your saved data."))
            return
        self.person = person
        cache = self.ctx.cache
        self.photo.setPixmap(avatar(person.given_name, person.family_name,
                                    photo_of(cache, person.id), PHOTO_SIZE))
        self.name_label.setText(person.display_name)
        if person.status == "left" and not person.anonymised:
            self.name_label.setText(self.tr("%1 (left the company)").replace(
                "%1", person.display_name))
        position = get_position_of(cache, person.id)
        self.position_label.setText(position.title if position else "")
        unit = get_org_unit(cache, position.org_unit_id) if position else None
        self.unit_label.setText(unit.name if unit else "")
        self.org_position_id = position.id if position else None
        self.org_button.setVisible(position is not None)
        self._show_absence(position)
        self._show_manager(person, position)
        self._set_reports(reports_of(cache, person.id))
        self._show_links(person.phones, person.email)
        self.place_label.setText(", ".join(x for x in (person.building, person.room) if x))
        self.site_label.setText(person.site)
        self.skills_label.setText(", ".join(person.skills))
        self.languages_label.setText(", ".join(person.languages))
        self.responsibilities_label.setText("\n".join(
            r.title for r in responsibilities_of(cache, person.id)))
        self.about_label.setText(person.about)
        hub = my_hub(cache, person.id)
        self.hub_label.setText(hub_lines(cache, hub) if hub is not None else "")
        for label in self._text_labels():
            self.form.setRowVisible(label, bool(label.text()))
        self._name_values()
        self._show_connection()
        self.job_box.setVisible(may_add_job_contact(self.ctx, person.id))

    def _name_values(self) -> None:
        """A screen reader reads a label by its accessible name: the field's name alone
        ("Office") hid the value, so each names field and value ("Office: B2, 2.14")."""
        for label in self._text_labels():
            field, value = str(label.property("field")), label.text()
            label.setAccessibleName(f"{field}: {value}" if value else field)

    def _show_links(self, phones: list[p.Phone], email: str) -> None:
        """One row per phone ("Mobil:" and the number as a link), then the address;
        rows made for an earlier person are reused, and hidden when not needed."""
        while len(self.phone_rows) < len(phones):
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            kind, link = QLabel(), ExternalLink()
            kind.setContentsMargins(LINK_INSET, 0, 0, 0)
            link.setObjectName("phoneLink")
            line.addWidget(kind)
            line.addWidget(link)
            line.addStretch(1)
            self.phones_layout.addWidget(row)
            self.phone_rows.append((row, kind, link))
        for index, (row, kind, link) in enumerate(self.phone_rows):
            phone = phones[index] if index < len(phones) else None
            row.setVisible(phone is not None)
            if phone is None:
                link.show_link("", "", "", "")
                continue
            kind.setText(f"{phone.label}:" if phone.label else "")
            kind.setVisible(bool(phone.label))
            name = (self.tr("Phone (%1): %2").replace("%1", phone.label) if phone.label
                    else self.tr("Phone: %2")).replace("%2", phone.number)
            link.show_link(tel_link(phone.number), phone.number, name,
                           self.tr("Call %1").replace("%1", phone.number))
        self.form.setRowVisible(self.phones_box, bool(phones))
        self.email_link.show_link(
            f"mailto:{email}" if email else "", email,
            self.tr("E-mail: %1").replace("%1", email),
            self.tr("Write an e-mail to %1").replace("%1", email))
        self.form.setRowVisible(self.email_link, bool(email))

    def links(self) -> list[ExternalLink]:
        """The phone and e-mail links shown now, top down."""
        shown = [link for row, _kind, link in self.phone_rows if not row.isHidden()]
        return shown + ([self.email_link] if self.email_link.url else [])

    def refresh(self) -> None:
        if self.person is not None:
            self.show_person(self.person.id)

    def _show_absence(self, position: p.Position | None) -> None:
        seat = seat_of(self.ctx.cache, position.id) if position is not None else None
        if seat is None or not seat.absent or position is None:
            self.absence_box.hide()
            self.deputy_id = None
            return
        deputy_seat_ = deputy_seat(self.ctx.cache, seat)
        deputy = deputy_seat_.holder if deputy_seat_ is not None else None
        self.deputy_id = deputy.id if deputy is not None else None
        until = position.absent_to
        if until is not None:
            day = QLocale().toString(QDate(until.year, until.month, until.day),
                                     QLocale.FormatType.ShortFormat)
            text = (self.tr("Absent until %1 – deputy:") if deputy
                    else self.tr("Absent until %1")).replace("%1", day)
        else:
            text = self.tr("Absent – deputy:") if deputy else self.tr("Absent")
        self.absence_label.setText(text)
        self.deputy_button.setText(deputy.display_name if deputy else "")
        self.deputy_button.setAccessibleName(
            self.tr("Deputy: %1").replace("%1", deputy.display_name) if deputy else "")
        self.deputy_button.setVisible(deputy is not None)
        self.absence_box.show()

    def _open_deputy(self) -> None:
        if self.deputy_id:
            self.ctx.navigator.navigate("people", self.deputy_id)

    def _show_manager(self, person: p.Person, position: p.Position | None) -> None:
        manager_id = person.manager_id
        if manager_id is None and position is not None and position.reports_to_id:
            above = get_position(self.ctx.cache, position.reports_to_id)
            manager_id = above.holder_id if above else None
        manager = get_person(self.ctx.cache, manager_id) if manager_id else None
        self.manager_id = manager.id if manager else None
        self.manager_button.setText(manager.display_name if manager else "")
        self.manager_button.setAccessibleName(
            self.tr("Manager: %1").replace("%1", manager.display_name) if manager
            else self.tr("Manager"))
        self.manager_button.setVisible(manager is not None)
        self.form.setRowVisible(self.manager_row, manager is not None)

    def _set_reports(self, reports: list[p.Person]) -> None:
        self.report_buttons = []
        while self.reports_layout.count():
            item = self.reports_layout.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        for report in reports[:MAX_REPORT_BUTTONS]:
            button = LinkButton(report.display_name,
                                self.tr("Report: %1").replace("%1", report.display_name))
            button.clicked.connect(
                lambda _=False, pid=report.id: self.ctx.navigator.navigate("people", pid))
            self.reports_layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            self.report_buttons.append(button)
        if len(reports) > MAX_REPORT_BUTTONS:
            more = QLabel(self.tr("and %n more", "", len(reports) - MAX_REPORT_BUTTONS))
            self.reports_layout.addWidget(more)
        self.form.setRowVisible(self.reports_box, bool(reports))

    def _open_manager(self) -> None:
        if self.manager_id:
            self.ctx.navigator.navigate("people", self.manager_id)

    def _open_org_chart(self) -> None:
        if self.org_position_id:
            self.ctx.navigator.navigate("org", self.org_position_id)

    def add_job_contact(self) -> JobContactDialog | None:
        if self.person is None or self.job_box.isHidden():
            return None
        self.job_dialog = open_job_contact_dialog(self.ctx, self, person_id=self.person.id)
        return self.job_dialog

    # -- connecting ------------------------------------------------------------------

    def _show_connection(self) -> None:
        """Connected, being connected or disconnected (outbox), or not connected."""
        person, me = self.person, self.ctx.me
        if person is None or not me or person.id == me:
            self.connection_box.hide()
            return
        self.connection_box.show()
        state = connection_to(self.ctx.cache, me, person.id)
        self.connection = state.connection
        connected = self.connection is not None
        if state.waiting == "connect":
            text = self.tr("Connecting… (sent when online)")
        elif state.waiting == "disconnect":
            text = self.tr("Disconnecting… (sent when online)")
        elif self.connection is not None and self.connection.note:
            text = self.tr("Connected: %1").replace("%1", self.connection.note)
        elif connected:
            text = self.tr("Connected")
        else:
            text = self.tr("Not connected")
        if state.error:
            text += "\n" + self.tr("The server refused the last change: %1").replace(
                "%1", state.error)
        self.connection_label.setText(text)
        self.note_edit.setVisible(not connected and state.waiting is None)
        self.connect_button.setVisible(not connected and state.waiting is None)
        self.disconnect_button.setVisible(connected and state.waiting is None)

    def connect_person(self) -> None:
        if self.person is None or self.connect_button.isHidden():
            return
        person_id, note = self.person.id, self.note_edit.text().strip()
        self.write_op = WriteOp(
            self.ctx, lambda cache: writes.queue_connection(cache, person_id, note), self).run()
        self.note_edit.clear()
        self.connect_button.hide()
        self.note_edit.hide()
        self.connection_label.setText(self.tr("Connecting… (sent when online)"))

    def disconnect_person(self) -> None:
        if self.connection is None or self.disconnect_button.isHidden():
            return
        connection_id = self.connection.id
        self.write_op = WriteOp(
            self.ctx, lambda cache: writes.queue_connection_delete(cache, connection_id),
            self).run()
        self.disconnect_button.hide()
        self.connection_label.setText(self.tr("Disconnecting… (sent when online)"))
