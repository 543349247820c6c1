"""Names for the parts of a widget that a screen reader meets but a person never sees.

A scroll area's viewport (a graphics view's drawing surface, a chart's) is an object
of its own in the accessible tree and takes keyboard focus; without a name a screen
reader announces it as an unnamed "filler". It is named as the view it belongs to.
"""

from __future__ import annotations

from desktop.qt import QAbstractScrollArea


def name_viewport(view: QAbstractScrollArea) -> None:
    view.viewport().setAccessibleName(view.accessibleName())
