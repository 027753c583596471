"""The `baton` command line as a package: one module per topic, one render module.

Importing a topic module registers its commands on `cli`, in the order they are
imported here (the order `baton --help` lists them in). They are imported when
`cli` or `main` is first asked for, not with the package: the hot commands'
fast path (tui/entry.py) reads render and warnings from here without click.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from baton.tui.cli.base import cli, main

__all__ = ["cli", "main"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from baton.tui.cli import (  # noqa: F401  (they register commands)
        availability,
        doctor,
        handoffs,
        reports,
        sync,
        team,
        team_accept,
        templates,
        upgrade,
        workspace,
    )
    from baton.tui.cli.base import cli, main

    if "doctor" in cli.commands and list(cli.commands)[-1] != "doctor":
        cli.commands["doctor"] = cli.commands.pop("doctor")  # listed last: what to reach for after a scare
    globals().update(cli=cli, main=main)
    return {"cli": cli, "main": main}[name]
