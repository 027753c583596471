"""`baton init` and `baton demo`: making a home."""

from __future__ import annotations

from pathlib import Path

import click

from baton.core.home import Home
from baton.tui.cli.base import cli, guarded, say


@cli.command()
@click.option("--user", required=True, help="Your user name, the same on all your devices (e.g. priya).")
@click.option("--name", "display_name", help="How teammates see you (default: the user name, capitalised).")
@click.option(
    "--role",
    type=click.Choice(["member", "lead"]),
    default="member",
    show_default=True,
    help="lead, with --sync-dir: found the team in a folder that has none (also on an existing home).",
)
@click.option("--tz", help="Your IANA time zone (default: the system's).")
@click.option("--sync-dir", type=click.Path(file_okay=False), help="The shared folder your sync engine keeps in step.")
@click.option("--invite", "code", help="The one-time code a lead gave you: join their team (also on an existing home).")
@guarded
def init(
    user: str, display_name: str | None, role: str, tz: str | None, sync_dir: str | None, code: str | None
) -> None:
    """Create your replica (your own copy) and device key; found a team (--role lead) or join one (--invite)."""
    from baton.core.team import membership
    from baton.sync.setup import set_up_home
    from baton.tui.cli.team import say_founded, say_joined, sync_notes

    if code and click.get_current_context().get_parameter_source("role") is not click.core.ParameterSource.DEFAULT:
        raise click.UsageError("--role cannot be used with --invite: the invitation names your role")
    home = Home.locate()
    if home.config.exists():
        _on_this_home(home, user, role, sync_dir, code)
        return
    # The same setup as the app's first run (sync/setup.py): checked, made, then joined or founded.
    given = click.get_current_context().get_parameter_source("role") is not click.core.ParameterSource.DEFAULT
    new = set_up_home(
        home, user, role if given else None, tz, display_name, sync_dir, code, folder_option=FOLDER_OPTION
    )
    if new.created:
        say(new.created)
    config = new.replica.config
    said = (
        f"Replica {config.replica_id} for {config.user} ({config.role}, {config.tz}) in {home.root}; "
        f"device {membership.device_key(home).fingerprint}"
    )
    if new.kept is not None:
        from baton.tui.words import kept_home

        say(kept_home(home.config, home.database, config.replica_id))
    if new.sync is not None:
        sync_notes(new.sync)
    if new.joined is not None:
        say_joined(new.replica, new.joined, said)
    elif new.founded:
        say_founded(new.replica, said)
    else:
        say(said)
        if new.folder_team is not None:
            from baton.tui.words import team_in_folder

            say(f"note: {team_in_folder(new.folder_team.get('founder'), user)}", err=True)


FOLDER_OPTION = "--sync-dir DIR"
"""How `init` names the shared folder in the refusal of a code without one."""


def _on_this_home(home: Home, user: str, role: str, sync_dir: str | None, code: str | None) -> None:
    """`init` again on a home already set up for `user`: join a team with a code, or (a lead) found one."""
    from baton.core.config import load_config, save_config
    from baton.core.errors import BatonError, InvalidValue, NotAllowed
    from baton.core.hlc import now_ms
    from baton.core.replica import Replica
    from baton.core.team import membership
    from baton.core.team.invite import read_code
    from baton.sync.setup import join_needs_folder
    from baton.tui.cli.team import found_here, join_here

    missing = False
    if sync_dir:
        from baton.sync.chosen_folder import chosen_sync_dir

        chosen, missing = chosen_sync_dir(Path(sync_dir), home)
        sync_dir = str(chosen)
    invite = read_code(code) if code else None
    if invite is not None:
        membership.check_invite_for(invite, user, now_ms())
    config = load_config(home)
    if config.user != user or (invite is None and role != "lead"):
        raise BatonError(f"{home.root} already holds a replica for {config.user}")
    if code and not (sync_dir or config.sync_dir):  # as a new home is refused it (sync/setup.py)
        raise InvalidValue(join_needs_folder(FOLDER_OPTION))
    replica = Replica.open(home)
    before, pin = replica.config, replica.store.team_pin()
    if not code:  # a founding refused (founded already, on a team already) is said before anything is made
        from baton.sync.founding import may_found

        replica.config = before.with_(sync_dir=sync_dir or before.sync_dir)  # in memory: the folder named
        problem = may_found(replica).problem
        replica.config = before
        if problem is not None:
            raise NotAllowed(problem)
    _create(sync_dir, missing)
    if sync_dir and sync_dir != replica.config.sync_dir:
        replica.config = replica.config.with_(sync_dir=sync_dir)
        save_config(home, replica.config)
    try:
        join_here(replica, code) if code else found_here(replica)
    except BaseException:
        if replica.store.team_pin() == pin:  # refused ("you founded this team already"): the folder stays as it was
            replica.config = before
            save_config(home, before)
            if missing and sync_dir:
                _remove_if_empty(Path(sync_dir))
        raise


def _remove_if_empty(folder: Path) -> None:
    """The shared folder `init` created for a setup that was then refused: gone again, unless something is in it."""
    try:
        folder.rmdir()
    except OSError:
        pass


def _create(sync_dir: str | None, missing: bool) -> None:
    """Create the shared folder the person named, once every check has passed (its parent exists)."""
    if sync_dir and missing:
        from baton.sync.chosen_folder import create_sync_dir

        say(create_sync_dir(Path(sync_dir)))


@cli.command()
@click.option("--home", "home_dir", type=click.Path(file_okay=False), help="Where to build it (default: $BATON_HOME).")
@click.option("--reset", is_flag=True, help="Replace a demo workspace that is already there.")
@guarded
def demo(home_dir: str | None, reset: bool) -> None:
    """Build a demo workspace: a team in four time zones, handoffs in every state."""
    from baton.core.demo import build_demo

    home = Home.locate(home_dir)
    summary = build_demo(home, reset=reset)
    say(summary)
