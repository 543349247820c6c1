"""Shared test set-up: Qt stays offscreen, everything else is real.

Under CI, hypothesis runs derandomized: the same examples every run, so a red build
always means a change broke something; local runs keep exploring new examples.
"""

import os

from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
