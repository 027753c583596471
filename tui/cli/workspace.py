"""`baton init` and `baton demo`: making a home."""

from __future__ import annotations

from pathlib import Path

import click

from baton.core.home import Home
from baton.tui.cli.base import cli, guarded


@cli.command()
@click.option("--user", required=True, help="Your handle, the same on all your devices (e.g. priya).")
@click.option("--name", "display_name", help="How teammates see you (default: the handle, capitalised).")
@click.option("--role", type=click.Choice(["member", "lead"]), default="member", show_default=True)
@click.option("--tz", help="Your IANA time zone (default: the system's).")
@click.option("--sync-dir", type=click.Path(file_okay=False), help="The shared folder your sync engine keeps in step.")
@guarded
def init(user: str, display_name: str | None, role: str, tz: str | None, sync_dir: str | None) -> None:
    """Create your replica (your own copy) in this home."""
    from baton.core.replica import Replica
    from baton.core.timezones import guess_system_zone

    home = Home.locate()
    if sync_dir:
        from baton.sync.folder import check_sync_dir

        sync_dir = str(check_sync_dir(Path(sync_dir), home))
    replica = Replica.init(
        home, user, role=role, tz=tz or guess_system_zone(), display_name=display_name, sync_dir=sync_dir
    )
    config = replica.config
    click.echo(f"Replica {config.replica_id} for {config.user} ({config.role}, {config.tz}) in {home.root}")


@cli.command()
@click.option("--home", "home_dir", type=click.Path(file_okay=False), help="Where to build it (default: $BATON_HOME).")
@click.option("--reset", is_flag=True, help="Replace a demo workspace that is already there.")
@guarded
def demo(home_dir: str | None, reset: bool) -> None:
    """Build a demo workspace: a team in four time zones, handoffs in every state."""
    from baton.core.demo import build_demo

    home = Home.locate(home_dir)
    summary = build_demo(home, reset=reset)
    click.echo(summary)
