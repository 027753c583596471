"""Days away and how a stage picks its receiver: `baton away`, `baton stage`."""

from __future__ import annotations

import sys

import click

from baton.tui.cli.base import cli, guarded, open_replica, say


@cli.command()
@click.option("--user", help="Whose days away (leads only for someone else); you by default.")
@click.option("--from", "start", required=True, help="First day away: YYYY-MM-DD, tomorrow, fri, 2w… (their calendar).")
@click.option("--to", "end", required=True, help="Last day away, included: YYYY-MM-DD, fri, eow…")
@click.option("--reason", default="", help="Why, for the team (optional).")
@click.option("--cancel", is_flag=True, help="Take back days away recorded from --from to --to instead.")
@guarded
def away(user: str | None, start: str, end: str, reason: str, cancel: bool) -> None:
    """Record days away: routing skips you and working-hours windows do not count them (roster data once a team exists)."""
    from baton.core.config import check_user
    from baton.core.due_words import WORDS_HINT
    from baton.core.errors import InvalidValue, NotAllowed
    from baton.core.members import add_away, away_day, away_reason
    from baton.core.values import parse_date

    replica = open_replica()
    who = check_user(user) if user is not None else replica.user  # `--user ""` is no name, not "me"
    if who != replica.user and not replica.is_lead:
        raise NotAllowed("only a lead can record days away for someone else")
    if not replica.store.roster().founded:  # a team's roster refuses anyone not on it itself
        from baton.core.members import check_known

        check_known(replica.store, who, replica.user)
    first, last = parse_date(away_day(replica, who, start)), parse_date(away_day(replica, who, end))
    if first is None or last is None:
        raise InvalidValue(f"{start if first is None else end!r} is not a day (use {WORDS_HINT})")
    if cancel:  # the days as recorded, whatever today is: days over may be taken back too
        from baton.core.members import cancel_away

        cancel_away(replica, who, first.isoformat(), last.isoformat())
        say(f"{who} is no longer away {first} to {last}.")
        return
    from baton.core.hlc import now_ms
    from baton.core.members import away_problem

    problem = away_problem(first, last, now_ms())
    if problem is not None:
        raise InvalidValue(problem)
    if replica.store.roster().founded:  # roster data: signed, and the same on every replica
        from baton.core.team.membership import away as roster_away

        roster_away(replica, who, first.isoformat(), last.isoformat(), reason=reason)
    else:
        add_away(replica.store, who, first, last, reason)
    days = (last - first).days + 1
    why = f": {said}" if (said := away_reason(reason)) else ""
    say(f"{who} is away {first} to {last} ({days} day{'s' if days != 1 else ''}){why}.")


@cli.command()
@click.argument("stage")
@click.option(
    "--rule",
    type=click.Choice(["working-hours", "least-loaded", "round-robin", "owner"]),
    help="How the stage picks a receiver (leads only).",
)
@click.option("--owner", help="The fixed triage owner, with --rule owner.")
@guarded
def stage(stage: str, rule: str | None, owner: str | None) -> None:
    """Show a stage's members, its routing rule and whom it would pick now, and why; a lead can change the rule."""
    from baton.core.drafts import receiver_for
    from baton.core.errors import BatonError, InvalidValue, NotAllowed, NotFound
    from baton.core.members import members, set_stage_rule, stage_rule
    from baton.core.template import stage_problem
    from baton.core.timezones import to_local

    problem = stage_problem(stage)
    if problem:
        raise InvalidValue(problem)
    replica = open_replica()
    if rule is not None or owner is not None:
        if not replica.is_lead:
            raise NotAllowed("only a lead can change how a stage routes")
        if owner is not None:
            from baton.core.receivers import check_owner

            check_owner(replica, owner)
        if replica.store.roster().founded:  # for every replica: a signed roster event
            from baton.core.team.membership import set_stage_rule as roster_rule

            set_stage_rule(replica.store, stage, rule or "owner", owner, check_only=True)
            roster_rule(replica, stage, rule or "owner", owner)
        else:
            set_stage_rule(replica.store, stage, rule or "owner", owner)
    try:
        picked, why_not = receiver_for(replica, stage), None
    except NotFound:
        if rule is None and owner is None:
            raise  # a stage no checklist or member knows is a typo (exit 4), not an empty stage
        picked, why_not = None, None
    except BatonError as exc:
        picked, why_not = None, exc
    current = stage_rule(replica.store, stage)
    shown = f"{current.rule} ({current.owner})" if current.owner else current.rule
    from baton.tui.cli.fit import cell_width, table_width, wrapped
    from baton.tui.cli.output import terminal_columns
    from baton.tui.cli.render import aligned

    columns = terminal_columns(sys.stdout)
    say(f"{stage}: routes by {shown}")
    now = replica.wall()
    table: list[list[str]] = []
    for member in members(replica.store):
        if stage in member.stages:
            away_now = member.away_at(now)
            state = (
                away_now.words() if away_now else ("working now" if member.working_at(now) else member.off_words(now))
            )
            if away_now and member.local_day(now) != to_local(now, replica.config.tz).date():
                # "until Tue 1 Dec" is their calendar's: a viewer already in Wed 2 Dec read it as a day gone by
                state += f" (their calendar: it is {member.local_day(now):%a} {member.local_day(now).day} there)"
            table.append(["", member.user, str(member.hours), member.tz, state])
    if table:  # columns aligned whatever a zone's length; what is said of each wraps under its own column
        hang = table_width([row[:4] for row in table], cell_width) + 2
        for line in wrapped(aligned(table, width=cell_width), columns, hang):
            say(line)
    if picked is None:
        said = f"now: {why_not or 'nobody receives for it yet'}"
    else:
        mate = replica.store.teammates().get(picked.user)
        said = "now: " + picked.line(mate["display_name"] if mate else picked.user)
    for line in wrapped([said], columns, len("now: ")):
        say(line)


@cli.command("next")
@click.argument("handoff")
@click.option("--to", "to", help="The next handoff's receiver (a teammate, or @STAGE), instead of routing's pick.")
@guarded
def next_(handoff: str, to: str | None) -> None:
    """Open the chain's next handoff for one you accepted (if accept did not, or it could not then); prints its id."""
    from baton.tui.cli.intake import report_next

    if not report_next(open_replica(), handoff, to):
        sys.exit(1)  # what could not open was said, one line each
