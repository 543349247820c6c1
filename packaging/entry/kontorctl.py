"""The frozen `kontorctl.exe` on Windows (a console program; on Linux it is a link to
`kontor`, see packaging/entry/kontor.py)."""

import sys

from sync.kontorctl.main import main

sys.exit(main())
