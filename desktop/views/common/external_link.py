"""A link that leaves the app (tel:, mailto:) and says so to a screen reader.

Qt gives no widget the accessible role Link: a rich-text label's links are not objects
of the accessible tree (a screen reader hears "Phone: +49 ..." as text, with nothing to
activate), and a flat push button is announced as a button. ExternalLink is the
link-looking button of links.py, reachable with Tab and Space, that opens its address
in the system's program (the phone app, the mail program) as a label's link did, and
LinkAccessible is its accessible interface: role Link, the name its caller gives it,
and the action Press that opens the address as a click does.

Who owns the interface. Qt asks the factory installed here (QAccessible.installFactory)
the first time anything queries an ExternalLink, keeps what it returns in its cache and
deletes it when the widget is destroyed. PySide6 holds a reference to every object a
Python factory returns (PySideAccessibleFactory in PySide6's glue, released only at
exit), so Python never collects an interface Qt still uses; when Qt deletes one, the
Python object is only marked deleted, and its few hundred bytes stay in that list. So
an ExternalLink is made once and given a new address, not made anew for every person
shown: the person card keeps its links (tests/desktop/test_people.py opens 200 cards
and counts the interfaces).
"""

from __future__ import annotations

from desktop.qt import (
    QAccessible,
    QAccessibleActionInterface,
    QAccessibleInterface,
    QAccessibleWidget,
    QAction,
    QDesktopServices,
    QGuiApplication,
    QObject,
    Qt,
    QUrl,
    QWidget,
)
from desktop.views.common.links import LinkButton

_installed = False
made = 0  # interfaces the factory has made in this process (tests count them)


class ExternalLink(LinkButton):
    """The address shown as a link: a click, Space or a screen reader's action opens
    it; the context menu copies what it shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", "", parent)
        install_link_accessibility()
        self.url = ""
        self.clicked.connect(self.open)
        copy = QAction(self.tr("Copy"), self)
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(self.text()))
        self.addAction(copy)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def show_link(self, url: str, text: str, accessible_name: str, tip: str) -> None:
        self.url = url
        self.setText(text)
        self.setAccessibleName(accessible_name)
        self.setToolTip(tip)

    def open(self) -> None:
        if self.url:
            QDesktopServices.openUrl(QUrl(self.url))


class LinkAccessible(QAccessibleWidget):
    """An ExternalLink as a screen reader meets it: a link, and Press opens it."""

    def __init__(self, link: ExternalLink) -> None:
        # No reference to the link kept here: Qt's widget() is asked each time.
        super().__init__(link, QAccessible.Role.Link)

    def actionNames(self) -> list[str]:  # noqa: N802 - Qt's name
        return [QAccessibleActionInterface.pressAction(), *super().actionNames()]

    def doAction(self, actionName: str) -> None:  # noqa: N802,N803 - Qt's names
        link = self.widget()
        if actionName == QAccessibleActionInterface.pressAction():
            if isinstance(link, ExternalLink) and link.isEnabled():
                link.click()
        else:
            super().doAction(actionName)


def _factory(key: str, obj: QObject) -> QAccessibleInterface | None:
    """Qt asks once per class name up the object's class chain; only ExternalLink's
    is answered here, every other widget keeps Qt's own interface."""
    global made
    if key != "ExternalLink" or not isinstance(obj, ExternalLink):
        return None
    made += 1
    return LinkAccessible(obj)


def install_link_accessibility() -> None:
    """Once per process, before the first ExternalLink is asked for its interface."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True
