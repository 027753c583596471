"""The `baton` program's entry point: `baton --version` answers before anything is imported.

Every other command goes on to the command line (tui/cli). The version is written
here once (tests/test_import_hygiene.py holds it to the installed package's), so
printing it needs neither click nor importlib.metadata.
"""

from __future__ import annotations

import sys

VERSION = "0.1.0"


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        sys.stdout.write(f"baton, version {VERSION}\n")  # click's wording, as `baton --version` always said
        return
    from baton.tui.cli import main as run

    run()
