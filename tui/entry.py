"""The `baton` program's entry point: `baton --version` answers before anything is imported.

The simple forms of the hot commands (`show ID`, `send ID`, `list ...`) run from
here without click (tui/cli/fast_path.py); everything else goes on to the command
line (tui/cli). The version is written here once (tests/test_import_hygiene.py
holds it to the installed package's), so printing it needs neither click nor
importlib.metadata.
"""

from __future__ import annotations

import sys

VERSION = "0.1.0"
HOT = frozenset({"show", "send", "list"})
"""Commands whose simple forms skip click (tui/cli/fast_path.py)."""


def main(quick_exit: bool = False) -> None:
    """Run the command line; `quick_exit` leaves a hot command's process without tearing it down (the script's)."""
    args = sys.argv[1:]
    if args == ["--version"]:
        sys.stdout.write(f"baton, version {VERSION}\n")  # click's wording, as `baton --version` always said
        return
    if args and args[0] in HOT:
        from baton.tui.cli.fast_path import run as run_fast

        run_fast(args, quick_exit)  # exits when it ran the command; returns when the form is click's to read
    from baton.tui.cli import main as run

    run()


def script() -> None:
    """The `baton` console script: `main`, and a hot command that ran to its end leaves at once (fast_path.run).

    Tests call `main` in their own process, which must go on after the command."""
    main(quick_exit=True)
