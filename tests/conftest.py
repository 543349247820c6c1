"""Shared test set-up: Qt stays offscreen, everything else is real."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
