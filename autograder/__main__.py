"""``python -m autograder``: the command line."""

import sys

if sys.argv[1:2] == ["gradescope"]:
    # Paid on every Gradescope submission: the fork server's start (a fresh interpreter importing numpy)
    # overlaps the judge's own imports only if it begins before them.
    from autograder.sandbox.zygote import Zygote

    Zygote.shared()

from autograder.cli import main  # noqa: E402

raise SystemExit(main())
