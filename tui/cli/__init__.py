"""The `baton` command line as a package: one module per topic, one render module.

Importing a topic module registers its commands on `cli`, in the order they are
imported here (the order `baton --help` lists them in).
"""

from baton.tui.cli import (  # noqa: F401  (they register commands)
    availability,
    doctor,
    handoffs,
    reports,
    sync,
    team,
    templates,
    upgrade,
    workspace,
)
from baton.tui.cli.base import cli, main

cli.commands["doctor"] = cli.commands.pop("doctor")  # listed last: what to reach for after a scare

__all__ = ["cli", "main"]
