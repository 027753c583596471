"""`baton team`: the roster from the command line (see core/team/roster.py for the rules).

Founding and joining read the shared folder first, so a founder sees who already
writes there and a joiner's invitation is judged against the roster everyone
holds (a code already used is refused before anything is written).
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from baton.core.terminal_text import harmless_json
from baton.tui.cli.base import Group, cli, guarded, open_replica, say
from baton.tui.cli.folder_people import folder_people


def _sync_quietly(replica: Any, check: bool = True) -> None:
    """Send the new roster events out now, when there is a folder; a problem is said, never raised."""
    if not replica.config.sync_dir:
        return
    from baton.sync.run import sync_once

    sync_notes(sync_once(replica, check=check))


def sync_notes(report: Any) -> None:
    """A sync's problems as notes on stderr: what sent a founding or a join out is not refused by them."""
    for problem in report.problems:
        if not problem.retry:
            say(f"note: {problem.file}: {problem.reason}", err=True)
        elif problem.file == report.sync_dir:  # out of reach: an invitation's record must get there for a join
            say(f"note: {problem.file}: {problem.reason}; the change goes out with the next `baton sync`", err=True)


def found_here(replica: Any, said: str = "") -> None:
    """Found the team from this replica (sync/founding.py: core's rule, the folder read first), send, list who to invite."""
    from baton.sync.founding import found_team

    found_team(replica)  # core's refusal (a member's home, no shared folder, a folder with a team) as NotAllowed
    _sync_quietly(replica)
    say_founded(replica, said)


def say_founded(replica: Any, said: str = "") -> None:
    """The founding in words, and who already writes in the folder without being on the team."""
    from baton.core.team import membership
    from baton.core.team.keys import fingerprint

    if said:
        say(said)
    key = membership.device_key(replica.home)
    say(f"Founded the team: {replica.user} is its first lead. This device: {key.fingerprint}")
    waiting = [p for p in folder_people(replica) if p.user != replica.user]
    if waiting:
        from baton.tui.cli.render import aligned, cell_width

        say("Already writing in the shared folder, not on the team yet:")
        table = [
            [
                f"  {person.user}",
                person.display_name,
                f"device {fingerprint(person.public_key) if person.public_key else 'no key yet (needs a newer baton)'}",
            ]
            for person in waiting
        ]
        for line in aligned(table, width=cell_width):
            say(line)
        say(
            "Invite each (`baton team invite USER`) or, after comparing the fingerprint with them, "
            "confirm the device (`baton team confirm USER --fingerprint FP`)."
        )


def join_here(replica: Any, code: str, said: str = "") -> None:
    """Join the team with an invitation code (sync/joining.py: the folder read first), send, say how it went."""
    from baton.sync.joining import join_team

    invite = join_team(replica, code)
    _sync_quietly(replica, check=False)  # ready now: a starter's check is the next sync's
    say_joined(replica, invite, said)


def say_joined(replica: Any, invite: Any, said: str = "") -> None:
    """The join in words: the role, who invited, this device's fingerprint, where its history came from (a
    teammate's starter), and if the lead's record is not here."""
    from baton.core.team import membership
    from baton.sync.joining import waiting_for_record
    from baton.sync.starter import started_words
    from baton.tui.words import joined_words, record_not_here

    if said:
        say(said)
    started = started_words(replica)
    if started:
        say(f"note: {started}", err=True)
    key = membership.device_key(replica.home)
    if waiting_for_record(replica):
        say(f"note: {record_not_here(invite.by)} (`baton sync` takes it in)", err=True)
    say(joined_words(invite, key.fingerprint))


@cli.group(cls=Group, invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="The roster as JSON.")
@click.pass_context
def team(ctx: click.Context, as_json: bool) -> None:
    """The team's roster: members, roles, stages, devices; invitations (leads)."""
    if ctx.invoked_subcommand is None:
        guarded(_show, as_json)(as_json)


def _show(as_json: bool) -> None:
    from baton.core.hlc import now_ms
    from baton.core.team import acceptance, membership
    from baton.core.team.keys import fingerprint
    from baton.tui.cli.output import terminal_columns
    from baton.tui.cli.render_team import device_line, roster_json, roster_lines

    replica = open_replica()
    roster = replica.store.roster()
    # Which device this is, so its owner can read the fingerprint to a lead (who may confirm it).
    key = membership.device_key(replica.home)
    on_team = roster.is_enrolled(replica.user, key.public)
    rivals = acceptance.rivals_told(replica.store, replica.config.replica_id)  # a confirmed home: asked instead
    if as_json:
        shape = roster_json(roster, now_ms())
        shape["this_device"] = {
            "fingerprint": key.fingerprint,
            "replica": replica.config.replica_id,
            "on_team": on_team,
        }
        if rivals is not None:
            shape["rival_founding"] = {
                "team": rivals.team.id,
                "founder": rivals.team.founder,
                "fingerprint": fingerprint(rivals.team.key),
                "yours_counts": rivals.ours is None,
                "said": rivals.said(replica.user),
            }
        click.echo(harmless_json(json.dumps(shape, indent=2, ensure_ascii=False)))
        return
    for line in roster_lines(roster, replica.config.tz, now_ms(), terminal_columns(sys.stdout)):
        say(line)
    if roster.founded:  # founded and added at: in this reader's zone, said as `list` and `show` say it
        say(f"(times in {replica.config.tz})")
    say("")
    say(device_line(replica, roster, key.fingerprint, on_team))
    if acceptance.unconfirmed(replica.store):
        say(f"Note: {acceptance.said(replica.store)}.")
    if rivals is not None:
        say("")
        say(f"Note: {rivals.said(replica.user)}.")


@team.command("create")
@guarded
def team_create() -> None:
    """Found the team (a lead, in a shared folder that has no team yet)."""
    found_here(open_replica())


@team.command("invite")
@click.argument("user", required=False)
@click.option("--role", type=click.Choice(["member", "lead"]), help="Their role on the team  [default: member]")
@click.option("--stage", "stages", multiple=True, help="A stage they receive work for (repeat for several).")
@click.option("--days", type=float, default=7, show_default=True, help="Days before the code expires.")
@click.option(
    "--device",
    is_flag=True,
    help="A code for a second device of your own; with USER (leads): a new device for a member who lost theirs.",
)
@guarded
def team_invite(user: str | None, role: str | None, stages: tuple[str, ...], days: float, device: bool) -> None:
    """Make a one-time invitation code (leads only; --device: a device of your own, or with USER a member's new
    device). The code is the last line."""
    from baton.core.errors import InvalidValue

    if device and (role is not None or stages):  # taken in silence, a lead would think they had promoted someone
        raise click.UsageError(
            "--role and --stage go with inviting a person; a new device keeps its member's role and stages "
            "(change those with `baton team set USER`)"
        )
    from baton.core.team import membership
    from baton.core.timezones import format_time
    from baton.tui.cli.render_team import note_unknown_stages

    replica = open_replica()
    if not device and not user:
        raise InvalidValue("name the person to invite, or give --device for a device of your own")
    made = membership.invite(
        replica, user or replica.user, role=role or "member", stages=list(stages), days=days, device=device
    )
    _sync_quietly(replica)  # the record goes out now: a join counts only once it has arrived (changes.NOT_RECORDED)
    who = f"a new device of {made.user}" if device else f"{made.user} as {made.role}"
    stages_text = f" (stages: {', '.join(made.stages)})" if made.stages else ""
    say(
        f"Invitation for {who}{stages_text}, valid once, until {format_time(made.expires, replica.config.tz)} ({replica.config.tz})."
    )
    say(f"On that device: baton init --user {made.user} --invite CODE --sync-dir DIR")
    say(made.code())
    note_unknown_stages(replica, made.user, made.stages)
    from baton.core.hlc import now_ms

    others = [
        i.id
        for i in replica.store.roster().pending_invites(now_ms())
        if i.user == made.user and i.device == made.device and i.id != made.id
    ]
    if others:  # each still lets them in: a code given out before and forgotten is a way in nobody watches
        say(
            f"note: {made.user} has {len(others)} other invitation{'s' if len(others) > 1 else ''} not used yet "
            f"({', '.join(others)}); each works until used, expired or revoked (`baton team revoke ID`)",
            err=True,
        )


@team.command("set")
@click.argument("user")
@click.option("--role", type=click.Choice(["member", "lead"]))
@click.option("--stage", "stages", multiple=True, help="The stages they receive for (replaces the list; repeat).")
@click.option(
    "--hours",
    help='Working hours in their zone, e.g. "mon-fri 09:00-17:00", "mon-fri 09:00-12:00, 13:00-17:00" '
    'or a night shift "sun-thu 22:00-06:00".',
)
@click.option("--holidays", help="Public holidays region, e.g. DE or US-CA; none to keep none.")
@click.option("--tz", help="Their IANA time zone.")
@click.option("--name", help="How teammates see them.")
@guarded
def team_set(
    user: str,
    role: str | None,
    stages: tuple[str, ...],
    hours: str | None,
    holidays: str | None,
    tz: str | None,
    name: str | None,
) -> None:
    """Change a member's role or stages (leads only), or hours, holidays, zone, name (themself or a lead)."""
    from baton.core.team import membership
    from baton.tui.cli.render_team import note_unknown_stages, pending_made, revoked_with

    replica = open_replica()
    before = pending_made(replica.store.roster(), user=user)
    membership.set_member(
        replica, user, role=role, stages=list(stages) or None, hours=hours, holidays=holidays, tz=tz, name=name
    )
    member = replica.store.roster().member(user)
    revoked = revoked_with(replica.store.roster(), before)  # a demotion takes their lead's codes with it
    if member is None:
        say(f"{user}: set")
        note_unknown_stages(replica, user, stages)
        return
    said = [member.role, f"stages: {', '.join(member.stages) or '-'}"]
    if hours is not None:
        said.append(f"hours {member.hours}")
    if holidays is not None and member.holidays:
        said.append(f"holidays {member.holidays}{_next_days_off(member.holidays, member.tz or replica.config.tz)}")
    elif holidays is not None:
        said.append("holidays none (no public holidays count: only their hours and days away)")
    if tz is not None:
        said.append(f"tz {member.tz}")
    if name is not None:
        said.append(f"name {member.name}")
    say(f"{user}: {'; '.join(said)}")
    if revoked:
        say(revoked)
    note_unknown_stages(replica, user, stages)


def _next_days_off(region: str, tz: str) -> str:
    """The region's next public holidays in words, so whoever set it sees it is the calendar they meant."""
    from baton.core.day_words import date_words
    from baton.core.hlc import now_ms
    from baton.core.hours import next_holidays
    from baton.core.timezones import to_local

    today = to_local(now_ms(), tz).date()
    days = next_holidays(region, today)
    return f" (next: {', '.join(f'{date_words(day, today)} {name}' for day, name in days)})" if days else ""


@team.command("away")
@click.argument("user")
@click.option("--from", "start", required=True, help="First day away: YYYY-MM-DD, tomorrow, fri, 2w… (their calendar).")
@click.option("--to", "end", required=True, help="Last day away, included: YYYY-MM-DD, fri, eow…")
@click.option("--reason", default="", help="Why, for the team (optional): senders naming them are told it.")
@click.option("--cancel", is_flag=True, help="Withdraw that period instead.")
@guarded
def team_away(user: str, start: str, end: str, reason: str, cancel: bool) -> None:
    """Record days away (themself or a lead): routing passes them by."""
    from baton.core.members import away_day
    from baton.core.team import membership

    replica = open_replica()
    start, end = away_day(replica, user, start), away_day(replica, user, end)  # `tomorrow`, `fri`… in their calendar
    membership.away(replica, user, start, end, cancel=cancel, reason=reason)
    member = replica.store.roster().member(user)
    why = next((a.reason for a in member.away if (a.first, a.last) == (start, end)), "") if member else ""
    say(f"{user}: {'no longer ' if cancel else ''}away {start} to {end}{f' ({why})' if why and not cancel else ''}")


@team.command("remove")
@click.argument("user")
@click.option("--reason", default="", help="Why, for the record.")
@guarded
def team_remove(user: str, reason: str) -> None:
    """Take someone off the team (leads only): their later events are kept, not applied."""
    from baton.core.team import membership
    from baton.tui.cli.render_team import left_waiting, pending_made, revoked_with

    replica = open_replica()
    before = pending_made(replica.store.roster(), user=user)
    membership.remove(replica, user, reason)
    say(f"{user} is no longer on the team; what they write from now on is kept but not applied.")
    if said := revoked_with(replica.store.roster(), before):
        say(said)
    if said := left_waiting(replica, user):
        say(said)


@team.command("remove-device")
@click.argument("user")
@click.argument("device")
@guarded
def team_remove_device(user: str, device: str) -> None:
    """Retire one of USER's devices by its fingerprint (leads only): a lost or stolen laptop. What it signed before
    counts; what it signs from now on is kept aside by every teammate."""
    from baton.core.team import membership
    from baton.tui.cli.render_team import pending_made, revoked_with

    replica = open_replica()
    before = pending_made(replica.store.roster())  # any maker's: only the retired key's are revoked with it
    event = membership.retire_device(replica, user, device)
    upto = event.payload.get("upto")
    if upto is None:
        say(f"Retired {user}'s device {device.strip()}: what it signs from now on is kept aside on every copy.")
    elif upto["seq"]:
        say(
            f"Retired {user}'s device {device.strip()}: what it wrote up to its segment {upto['seq']:06d} (the last "
            "this copy took in) still counts; anything else it signs is kept aside on every copy, whatever time "
            "it claims."
        )
    else:
        say(
            f"Retired {user}'s device {device.strip()}: this copy took nothing in from it, so nothing it signs "
            "counts on any copy, whatever time it claims."
        )
    if said := revoked_with(replica.store.roster(), before):
        say(said)


@team.command("revoke")
@click.argument("code")
@guarded
def team_revoke(code: str) -> None:
    """Revoke an invitation not used yet, by its code or id (leads, or whoever made it): no device can join with it."""
    from baton.core.team import membership

    invite = membership.revoke_invite(open_replica(), code)
    say(f"Revoked the invitation for {invite.user} ({invite.id}): a join with it is refused on every copy.")


@team.command("confirm")
@click.argument("user")
@click.option("--fingerprint", "given", required=True, help="The device fingerprint, as its owner reads it to you.")
@guarded
def team_confirm(user: str, given: str) -> None:
    """Enrol a device already writing in the shared folder (leads; after comparing its fingerprint)."""
    from baton.core.errors import NotFound
    from baton.core.team import membership
    from baton.core.team.keys import fingerprint

    replica = open_replica()
    wanted = given.strip().lower()
    matches = [p for p in folder_people(replica) if p.user == user and p.public_key]
    chosen = [p for p in matches if fingerprint(p.public_key) == wanted]
    if not chosen:
        if not matches:
            raise NotFound(f"no device of {user} writes in the shared folder yet: run `baton sync` after {user} has")
        # The folder's fingerprint is not printed: pasting it would confirm whichever device wrote there unchecked.
        raise NotFound(
            f"{given} is not the fingerprint of {user}'s device in the shared folder: ask {user} to read out the "
            f"one their own `baton team` ends with, and compare"
        )
    person = chosen[0]
    membership.confirm(replica, user, person.public_key, person.replica, person.display_name, person.tz)
    say(f"Confirmed {user}'s device {wanted}: it is on the team.")


__all__ = ["found_here", "join_here", "team"]
