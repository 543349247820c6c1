"""The frozen `kontor`, and on Linux also `kontorctl`, which there is a link to this
program, so the bundle carries the Python code once (see packaging/kontor.spec)."""

import sys
from pathlib import Path

if Path(sys.argv[0]).name.startswith("kontorctl"):
    from sync.kontorctl.main import main
else:
    from desktop.app import main

sys.exit(main())
