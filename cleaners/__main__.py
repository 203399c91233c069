"""``python -m cleaners INPUT... [-o OUT]``: clean pages already on disk."""

import sys

from .app.cli import main

sys.exit(main())
