"""`python -m sync.kontorctl`: the same as the installed `kontorctl` command."""

import sys

from sync.kontorctl.main import main

sys.exit(main())
