"""The accessible tree of a running app, read from outside it as a screen reader reads it:
over the AT-SPI accessibility bus (tests/desktop/accessibility_bus.py).

Spoken with jeepney, a pure-Python D-Bus library, rather than libatspi through
PyGObject: the test venv has no GObject introspection (gi is a system package bound to
the system Python, and its typelibs another one), while jeepney installs from PyPI into
the venv like every other test tool and speaks the AT-SPI D-Bus interfaces themselves,
the same messages Orca's libatspi sends. No caching layer stands between the test and
the app: every name and state is asked of the app when it is read.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from jeepney import DBusAddress, DBusErrorResponse, new_method_call
from jeepney.io.blocking import DBusConnection, open_dbus_connection

ACCESSIBLE = "org.a11y.atspi.Accessible"
REGISTRY = ("org.a11y.atspi.Registry", "/org/a11y/atspi/accessible/root")

# AtspiStateType: the bit numbers of GetState's two 32-bit words.
STATES = {"enabled": 8, "focusable": 11, "focused": 12, "selected": 23, "sensitive": 24,
          "showing": 25, "visible": 30, "checkable": 41, "read only": 43}
# The roles a person moves to and operates (AtspiRole names as GetRoleName gives them).
CONTROLS = {"push button", "toggle button", "check box", "radio button", "combo box",
            "text", "entry", "password text", "spin button", "slider", "list item",
            "tree item", "table cell", "page tab", "menu item", "link", "list", "tree",
            "table", "tree table", "scroll bar"}


@dataclass
class Node:
    """One accessible object, as read when the tree was walked."""

    bus_name: str
    path: str
    role: str
    name: str
    description: str
    states: frozenset[str]
    interfaces: frozenset[str]
    text: str = ""  # the Text interface's whole text, when it has one
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def where(self) -> str:
        """The path a screen reader's user would name: role "name" > role "name" > ..."""
        steps: list[str] = []
        node: Node | None = self
        while node is not None and node.role != "application":
            steps.append(f'{node.role} "{node.name}"' if node.name else node.role)
            node = node.parent
        return " > ".join(reversed(steps))

    def find(self, test: Callable[[Node], bool]) -> list[Node]:
        return [node for node in self.walk() if test(node)]

    def spoken(self) -> str:
        """What a screen reader says for the object: its name, else its text."""
        return self.name or self.text


class AccessibleTree:
    """A connection to the accessibility bus and the questions a screen reader asks."""

    def __init__(self, session_address: str, timeout: float = 10.0) -> None:
        """Ask the session bus where the accessibility bus is, as Orca and Qt do; the
        bus launcher may still be starting, and nothing on this bus starts on demand."""
        ask = new_method_call(DBusAddress("/org/a11y/bus", "org.a11y.Bus", "org.a11y.Bus"),
                              "GetAddress")
        deadline = time.monotonic() + timeout
        with open_dbus_connection(session_address) as session:
            while True:
                reply = session.send_and_get_reply(ask, timeout=timeout)
                if reply.header.message_type.name != "error":
                    break
                if time.monotonic() > deadline:
                    raise DBusErrorResponse(reply)
                time.sleep(0.05)
        self.address: str = reply.body[0]
        self.bus: DBusConnection = open_dbus_connection(self.address)

    def close(self) -> None:
        self.bus.close()

    def call(self, bus_name: str, path: str, interface: str, method: str,
             signature: str | None = None, *args: Any) -> Any:
        message = new_method_call(DBusAddress(path, bus_name, interface), method,
                                  signature, args)
        reply = self.bus.send_and_get_reply(message, timeout=10)
        if reply.header.message_type.name == "error":
            raise DBusErrorResponse(reply)
        return reply.body[0] if len(reply.body) == 1 else reply.body

    def applications(self) -> list[tuple[str, str]]:
        """The apps the registry lists, by name: [(name, bus name), ...]."""
        found = []
        for bus_name, path in self.call(*REGISTRY, ACCESSIBLE, "GetChildren"):
            try:
                name = self.property(bus_name, path, ACCESSIBLE, "Name")
            except DBusErrorResponse:
                continue  # an app that went away since
            found.append((name, bus_name))
        return found

    def application(self, name: str, timeout: float = 60.0) -> tuple[str, str]:
        """(bus name, path) of the app that registered as `name`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for shown, bus_name in self.applications():
                if shown == name:
                    return bus_name, "/org/a11y/atspi/accessible/root"
            time.sleep(0.2)
        raise TimeoutError(f"no application {name!r} on the accessibility bus within "
                           f"{timeout:.0f} s (registered: {self.applications()})")

    def property(self, bus_name: str, path: str, interface: str, name: str) -> Any:
        variant = self.call(bus_name, path, "org.freedesktop.DBus.Properties", "Get",
                            "ss", interface, name)
        return variant[1]

    def states(self, bus_name: str, path: str) -> frozenset[str]:
        low, high = self.call(bus_name, path, ACCESSIBLE, "GetState")
        bits = low | (high << 32)
        return frozenset(state for state, bit in STATES.items() if bits & (1 << bit))

    def node(self, bus_name: str, path: str, parent: Node | None = None) -> Node:
        interfaces = frozenset(self.call(bus_name, path, ACCESSIBLE, "GetInterfaces"))
        text = ""
        if "org.a11y.atspi.Text" in interfaces:
            text = self.call(bus_name, path, "org.a11y.atspi.Text", "GetText", "ii", 0, -1)
        return Node(bus_name, path, self.call(bus_name, path, ACCESSIBLE, "GetRoleName"),
                    self.property(bus_name, path, ACCESSIBLE, "Name"),
                    self.property(bus_name, path, ACCESSIBLE, "Description"),
                    self.states(bus_name, path), interfaces, text, parent)

    def walk(self, bus_name: str, path: str, parent: Node | None = None) -> Node:
        """The subtree a screen reader can reach: objects that are showing, with their
        children (hidden pages of a stack and rows scrolled away are left out)."""
        node = self.node(bus_name, path, parent)
        for child_bus, child_path in self.call(bus_name, path, ACCESSIBLE, "GetChildren"):
            try:
                child_states = self.states(child_bus, child_path)
            except DBusErrorResponse:
                continue  # gone while we walked (a row recycled, a widget deleted)
            if "showing" in child_states:
                try:
                    node.children.append(self.walk(child_bus, child_path, node))
                except DBusErrorResponse:
                    continue
        return node

    def rows(self, node: Node) -> list[str]:
        """The names of every child of a list, shown or scrolled out of view."""
        return [self.property(bus_name, path, ACCESSIBLE, "Name") for bus_name, path
                in self.call(node.bus_name, node.path, ACCESSIBLE, "GetChildren")]

    def actions(self, node: Node) -> list[str]:
        return [name for name, _description, _keys in self.call(
            node.bus_name, node.path, "org.a11y.atspi.Action", "GetActions")]

    def do_action(self, node: Node, action: str) -> None:
        index = self.actions(node).index(action)
        assert self.call(node.bus_name, node.path, "org.a11y.atspi.Action", "DoAction",
                         "i", index), f"{action} refused on {node.where()}"
