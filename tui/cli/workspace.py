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
    from baton.core.config import load_config
    from baton.core.errors import BatonError
    from baton.core.hlc import now_ms
    from baton.core.new_home import paths_to_create, remove
    from baton.core.replica import Replica
    from baton.core.team import membership
    from baton.core.team.invite import read_code
    from baton.core.timezones import guess_system_zone
    from baton.tui.cli.team import found_here, join_here

    if code and click.get_current_context().get_parameter_source("role") is not click.core.ParameterSource.DEFAULT:
        raise click.UsageError("--role cannot be used with --invite: the invitation names your role")
    home = Home.locate()
    missing = False
    if sync_dir:
        from baton.sync.chosen_folder import chosen_sync_dir

        chosen, missing = chosen_sync_dir(Path(sync_dir), home)
        sync_dir = str(chosen)
    invite = read_code(code) if code else None
    if invite is not None:
        membership.check_invite_for(invite, user, now_ms())
    if home.config.exists():
        config = load_config(home)
        if config.user != user or (invite is None and role != "lead"):
            raise BatonError(f"{home.root} already holds a replica for {config.user}")
        replica = Replica.open(home)
        _create(sync_dir, missing)
        if sync_dir and sync_dir != replica.config.sync_dir:
            from baton.core.config import save_config

            replica.config = replica.config.with_(sync_dir=sync_dir)
            save_config(home, replica.config)
        join_here(replica, code) if code else found_here(replica)
        return
    founding = invite is None and role == "lead" and bool(sync_dir)
    if founding and sync_dir:
        _refuse_a_second_team(sync_dir)
    created = paths_to_create(home)
    replica = Replica.init(
        home,
        user,
        role=invite.role if invite else role,
        tz=tz or guess_system_zone(),
        display_name=display_name,
        sync_dir=sync_dir,
    )
    try:
        if sync_dir and missing:
            created.append(Path(sync_dir))  # a refusal from here on takes the new folder away too
        _create(sync_dir, missing)
        key = membership.device_key(home)
        config = replica.config
        said = (
            f"Replica {config.replica_id} for {config.user} ({config.role}, {config.tz}) in {home.root}; "
            f"device {key.fingerprint}"
        )
        if code:
            join_here(replica, code, said)
        elif founding:
            found_here(replica, said)
        else:
            say(said)
            if sync_dir:
                _note_a_team(sync_dir, user)
    except BaseException:
        replica.close()
        remove(created)
        raise


def _create(sync_dir: str | None, missing: bool) -> None:
    """Create the shared folder the person named, once every check has passed (its parent exists)."""
    if sync_dir and missing:
        from baton.sync.chosen_folder import create_sync_dir

        say(create_sync_dir(Path(sync_dir)))


def _refuse_a_second_team(sync_dir: str) -> None:
    from pathlib import Path

    from baton.core.errors import NotAllowed
    from baton.sync.folder import team_hint

    hint = team_hint(Path(sync_dir))
    if hint is not None:
        raise NotAllowed(
            f"{sync_dir} already has a team (founded by {hint.get('founder')}, fingerprint {hint.get('fingerprint')}): "
            "ask a lead for `baton team invite USER`, then `baton init --user USER --invite CODE`"
        )


def _note_a_team(sync_dir: str, user: str) -> None:
    from pathlib import Path

    from baton.sync.folder import team_hint

    hint = team_hint(Path(sync_dir))
    if hint is not None:
        from baton.tui.words import team_in_folder

        say(f"note: {team_in_folder(hint.get('founder'), user)}", err=True)


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
