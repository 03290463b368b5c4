"""`python -m webstd`: the same as the `webstd` command."""

from __future__ import annotations

import sys

from webstd.cli import main

if __name__ == "__main__":
    sys.exit(main())
