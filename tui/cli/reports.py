"""Commands for leads and follow-up: `baton report`, `remind`, `brief` and `export`.

They register on the main `cli` group when `baton.tui.cli` imports this module.
`report` and `remind` read the projections with plain `sqlite3` (no pydantic, no
Textual): they start as fast as `baton list`. Hook problems print one line each on
stderr and never change the exit code: the change or the reading stands.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from baton.core.home import Home
from baton.core.statuses import STATUSES
from baton.core.terminal_text import harmless, harmless_json
from baton.tui.cli.base import cli, guarded, open_replica, say
from baton.tui.cli.output import terminal_columns

STATUS_CHOICES = list(STATUSES)


def _connect(home: Home):
    from baton.core.errors import NotInitialized
    from baton.core.queues import connect

    if not home.database.exists():
        raise NotInitialized(home.no_database())
    from baton.core.config import load_config

    conn = connect(home.database, load_config(home).replica_id)  # this home's database, not another's copied in
    ctx = click.get_current_context(silent=True)
    if ctx is not None:  # closed once the command is done
        ctx.call_on_close(conn.close)
    return conn


def since_option(since: str | None, tz: str, now: int) -> int | None:
    """`--since` read as a time; a value that is none is a usage error (exit 2), like any bad option."""
    from baton.core.errors import InvalidValue
    from baton.core.metrics import parse_since

    if not since:
        return None
    try:
        return parse_since(since, tz, now)
    except InvalidValue as exc:
        raise click.BadParameter(str(exc).removeprefix("--since "), param_hint="'--since'") from None


def report_hook_outcomes(outcomes: list[Any]) -> None:
    """One line on stderr for each hook that failed or had something to say."""
    for outcome in outcomes:
        if not outcome.ok or outcome.feedback:
            say(outcome.line(), err=True)


def _announce(home: Home, conn: Any, user: str, now: int) -> None:
    from baton.core.hooks import Hooks
    from baton.core.remind import announce_breaches

    report_hook_outcomes(announce_breaches(conn, Hooks(home.hooks, user=user), now))


@cli.command()
@click.option(
    "--since", metavar="DATE", help="Count sends, answers, returns and blocks since DATE (YYYY-MM-DD, or 7d, 2w)."
)
@click.option("--transition", metavar="ID", help="One transition: a template id (sales-to-onboarding) or from->to.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=10, show_default=True, help="Rows per list.")
@click.option("--json", "as_json", is_flag=True, help="Stable JSON (see the README).")
@guarded
def report(since: str | None, transition: str | None, limit: int, as_json: bool) -> None:
    """Leading indicators of broken trust: queues, aging, answer times, returns, breaches."""
    from baton.core.hlc import now_ms
    from baton.core.metrics import report as build
    from baton.tui.cli.render import read_identity
    from baton.tui.cli.render_report import report_json, report_text

    home = Home.locate()
    user, tz = read_identity(home)
    conn = _connect(home)
    _keep_figures(home, conn)
    now = now_ms()
    start = since_option(since, tz, now)
    from baton.core.team.gone import removed_people

    gone = removed_people(conn, home.database)
    figures = build(conn, now, since=start, transition=transition, limit=limit, gone=gone)
    if as_json:
        click.echo(harmless_json(json.dumps(report_json(figures), indent=2, ensure_ascii=False)))
    else:
        say(report_text(figures, tz, terminal_columns(sys.stdout)))
    _announce(home, conn, user, now)


def _keep_figures(home: Home, conn: Any) -> None:
    """A store from before the report kept its figures (or of an older REPORT_LAYOUT) fills them once,
    as opening the store does: this report and every later one read them instead of counting afresh."""
    from baton.core.report_tables import ready

    if not ready(conn):
        from baton.core.store import Store

        Store(home.database).close()


@cli.command()
@click.option("--user", "owner", metavar="USER", help="Only what waits on this person.")
@click.option("--me", is_flag=True, help="Only what waits on you.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=20, show_default=True, help="Rows per person.")
@click.option("--json", "as_json", is_flag=True)
@guarded
def remind(owner: str | None, me: bool, limit: int, as_json: bool) -> None:
    """Per person with the next step: what waits on them, oldest first; breaches flagged (!)."""
    if me and owner is not None:
        raise click.UsageError("give --user USER or --me, not both")
    from baton.core.errors import NotFound
    from baton.core.hlc import now_ms
    from baton.core.remind import reminders, unknown_user
    from baton.tui.cli.render import read_identity
    from baton.tui.cli.render_report import remind_json, remind_text

    home = Home.locate()
    user, tz = read_identity(home)
    conn = _connect(home)
    now = now_ms()
    if owner is not None:
        from baton.core.config import check_user

        check_user(owner)  # `--user ''` is no name, not a teammate nobody has heard of
    missing = unknown_user(conn, owner) if owner is not None and not me and owner != user else None
    if missing is not None:
        raise NotFound(missing)
    queues = reminders(conn, now, owner=user if me else owner)
    if as_json:
        click.echo(harmless_json(json.dumps(remind_json(queues), indent=2, ensure_ascii=False)))
    else:
        say(remind_text(queues, conn, limit, now, terminal_columns(sys.stdout), _away(home, queues, now)))
    _announce(home, conn, user, now)


def _away(home: Home, queues: list[Any], now: int) -> dict[str, str]:
    """Who among those with something waiting is away today (core members.not_answering), read only when some wait."""
    owners = [q.owner for q in queues if q.owner]
    if not owners:
        return {}
    from baton.core.members import not_answering
    from baton.core.store import Store

    store = Store(home.database)
    try:
        return not_answering(store, owners, now)
    finally:
        store.close()


@cli.command()
@click.argument("handoff")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the brief to FILE.")
@click.option(
    "--summary",
    is_flag=True,
    help="Add a machine-written summary from the team's `summarize_command` (brief.toml in the home).",
)
@guarded
def brief(handoff: str, output: Path | None, summary: bool) -> None:
    """A Markdown brief for the receiver: trigger, items, vague answers, waivers, comments, open questions, blockers."""
    from baton.core.brief import brief_markdown
    from baton.core.chains import links
    from baton.core.export import write_output
    from baton.core.hlc import now_ms
    from baton.tui.cli.warnings import read_warnings

    replica = open_replica()
    state = replica.state(handoff)
    found = read_warnings(replica, state)
    text = brief_markdown(
        state, replica.config.tz, now_ms(), replica.store.teammates(), found, links(replica.store, state)
    )
    missing = ""
    if summary:
        text, missing = _summarized(replica.home.root, text)
    if output is None:
        say(text, nl=False)
    else:
        write_output(output, harmless(text))  # a document for people to read: escapes shown, as on screen
        say(f"Brief written to {output}.")
    if missing:  # the brief is there, the summary asked for is not: said last, and a script can tell (exit 1)
        say(f"baton: {missing}", err=True)
        sys.exit(1)


def _summarized(home_root: Path, text: str) -> tuple[str, str]:
    """The brief with the team's machine-written summary, and ""; the brief alone and why when there is none."""
    from baton.core.summary import SummaryUnavailable, summarize, summary_command, with_summary

    try:
        return with_summary(text, summarize(text, summary_command(home_root))), ""
    except SummaryUnavailable as exc:
        return text, str(exc)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--status", type=click.Choice(STATUS_CHOICES))
@click.option("--since", metavar="DATE", help="Handoffs created since DATE (YYYY-MM-DD in your time zone, or 7d, 2w).")
@click.option("--items", is_flag=True, help="Include item values (CSV: one row per item).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE, not stdout.")
@guarded
def export(fmt: str, status: str | None, since: str | None, items: bool, output: Path | None) -> None:
    """Handoffs (and their item values) as CSV or JSON, with stable columns."""
    from baton.core.export import export_chunks, write_output
    from baton.core.hlc import now_ms
    from baton.tui.cli.render import read_identity

    home = Home.locate()
    _, tz = read_identity(home)
    start = since_option(since, tz, now_ms())
    chunks = export_chunks(_connect(home), fmt, status=status, since=start, items=items)
    if output is None:
        sys.stdout.writelines(chunks)
        return
    write_output(output, chunks)
    say(f"Exported to {output}.", err=True)
