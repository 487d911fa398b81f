"""``python -m monitoring_as_code`` runs the ``mac`` CLI."""

import sys

from monitoring_as_code.cli import main

sys.exit(main())
