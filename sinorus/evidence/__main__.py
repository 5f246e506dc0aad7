"""``python -m sinorus.evidence`` (``bin/book sources``): print the evidence report (:func:`.report.main`)."""

import sys

from .report import main

sys.exit(main())
