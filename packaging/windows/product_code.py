"""Print the MSI ProductCode of a Kontor version: derived from the UpgradeCode and the
version, so a rebuild of the same version keeps its code and every new version gets a
new one (a major upgrade). Used by build-msi.sh and by the Windows build steps in
docs/deploy.md:  python packaging/windows/product_code.py 0.1.0"""

import sys
import uuid

UPGRADE_CODE = uuid.UUID("00bf6d3a-fcd9-4d09-a725-b6790f1d6a80")  # as in kontor.wxs

print("{" + str(uuid.uuid5(UPGRADE_CODE, sys.argv[1])).upper() + "}")
