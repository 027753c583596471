"""The `baton` command line. With no command it opens the app.

Every command calls the same core functions the app does. Errors print one line
on stderr and exit with the code the core error carries (1 error, 2 usage,
3 blocked by the gate, 4 not found, 5 not allowed); nothing is written first.
Textual is imported only when the app opens: start-up time is a feature.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from typing import Any, Callable

import click

from baton.core.errors import BatonError, Blocked
from baton.core.home import Home


def fail(message: str, code: int = 1) -> None:
    click.echo(f"baton: {message}", err=True)
    sys.exit(code)


def guarded(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn core refusals into one line on stderr and the right exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import sqlite3

        try:
            return command(*args, **kwargs)
        except Blocked as exc:
            click.echo(f"baton: {exc}", err=True)
            for blocker in exc.blockers:
                click.echo(f"  ✗ {blocker.item_id}: {blocker.reason} — {blocker.text}", err=True)
            sys.exit(exc.exit_code)
        except BatonError as exc:
            fail(str(exc), exc.exit_code)
        except sqlite3.Error as exc:
            fail(f"database error: {exc}")
        except OSError as exc:
            fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        except Exception as exc:  # the promise is: never a traceback
            if os.environ.get("BATON_DEBUG"):
                raise
            fail(f"unexpected error: {type(exc).__name__}: {exc} (set BATON_DEBUG=1 for details)")

    return wrapper


def open_replica():
    from baton.core.replica import Replica

    replica = Replica.open(Home.locate())
    ctx = click.get_current_context(silent=True)
    if ctx is not None:  # hooks run after a change commits; say how they went once the command is done
        ctx.call_on_close(lambda: [click.echo(o.line(), err=True) for o in replica.hook_outcomes
                                   if not o.ok or o.feedback])
    return replica


class Group(click.Group):
    """Lists commands in the order they were added: the order of a handoff's life."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(cls=Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="baton", prog_name="baton")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """baton: handoffs your teammates can trust.

    Run with no command to open the app. Data lives in $BATON_HOME, else the
    platform's user data folder.
    """
    if ctx.invoked_subcommand is None:
        guarded(_run_app)()


def _run_app() -> None:
    from baton.tui.launch import run_app

    run_app(Home.locate())


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

        sync_dir = str(check_sync_dir(sync_dir, home))
    replica = Replica.init(home, user, role=role, tz=tz or guess_system_zone(),
                           display_name=display_name, sync_dir=sync_dir)
    config = replica.config
    click.echo(f"Replica {config.replica_id} for {config.user} ({config.role}, {config.tz}) in {home.root}")


@cli.group(cls=Group)
def templates() -> None:
    """List, show and check checklist templates."""


@templates.command("list")
@guarded
def templates_list() -> None:
    """Every template you can start a handoff from (highest version of each id)."""
    replica = open_replica()
    for entry in replica.catalog():
        t = entry.template
        source = "" if entry.source == "built-in" else f"  [{entry.source}]"
        click.echo(f"{t.id:<34} v{t.version:<3} {t.transition:<28} {len(t.items):>2} items, "
                   f"{t.required_count} required  — {t.trigger}{source}")


@templates.command("show")
@click.argument("template_id")
@guarded
def templates_show(template_id: str) -> None:
    """One template's items: what, why, kind and rules."""
    from baton.tui.cli_output import template_text

    click.echo(template_text(open_replica().catalog().get(template_id)))


@templates.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
def templates_validate(paths: tuple[str, ...]) -> None:
    """Check template files; exit 1 if any is broken."""
    from pathlib import Path

    from baton.core.errors import TemplateError
    from baton.core.template import load_template

    broken = 0
    for path in paths:
        try:
            template = load_template(Path(path))
        except TemplateError as exc:
            broken += 1
            for problem in exc.problems:
                click.echo(f"{exc.source}: {problem}", err=True)
        else:
            click.echo(f"{path}: ok ({template.id} v{template.version}, {len(template.items)} items)")
    if broken:
        sys.exit(1)


@cli.command()
@click.argument("template_id")
@click.option("--title", required=True, help="What the work is, as the receiver will see it.")
@click.option("--to", "to", required=True, help="The receiver's handle.")
@click.option("--due", help="Due date, YYYY-MM-DD.")
@guarded
def new(template_id: str, title: str, to: str, due: str | None) -> None:
    """Start a handoff from a template; prints its id."""
    replica = open_replica()
    handoff_id = replica.create(template_id, title, to, due)
    click.echo(handoff_id)
    if to not in replica.store.teammates():
        click.echo(f"note: nobody called {to} has synced yet; the handoff waits for them", err=True)


@cli.command("set")
@click.argument("handoff")
@click.argument("item_id")
@click.argument("value", required=False)
@guarded
def set_(handoff: str, item_id: str, value: str | None) -> None:
    """Fill in an item (a check item needs no value)."""
    replica = open_replica()
    replica.set_item(handoff, item_id, value)
    _report_gate(replica, handoff)


@cli.command()
@click.argument("handoff")
@click.argument("item_id")
@guarded
def clear(handoff: str, item_id: str) -> None:
    """Empty an item."""
    replica = open_replica()
    replica.clear_item(handoff, item_id)
    _report_gate(replica, handoff)


@cli.command()
@click.argument("handoff")
@click.argument("item_id")
@click.option("--reason", required=True, help="Why the receiver can do without it.")
@guarded
def waive(handoff: str, item_id: str, reason: str) -> None:
    """Waive a required item (leads only); the reason is recorded."""
    replica = open_replica()
    replica.waive(handoff, item_id, reason)
    _report_gate(replica, handoff)


@cli.command()
@click.argument("handoff")
@click.argument("text")
@guarded
def comment(handoff: str, text: str) -> None:
    """Add a comment to the handoff's thread."""
    open_replica().comment(handoff, text)
    click.echo("Comment added.")


@cli.command()
@click.argument("handoff")
@guarded
def send(handoff: str) -> None:
    """Send to the receiver; exit 3 with every blocker when the gate fails."""
    replica = open_replica()
    replica.send(handoff)
    state = replica.state(handoff)
    click.echo(f"Sent to {state.receiver}. {_their_time(replica, state.receiver)}".rstrip())


@cli.command()
@click.argument("handoff")
@guarded
def accept(handoff: str) -> None:
    """Accept a handoff sent to you: from now on you own it."""
    replica = open_replica()
    replica.accept(handoff)
    click.echo(f"Accepted. You own “{replica.state(handoff).title}” now.")


@cli.command("return")
@click.argument("handoff")
@click.option("--reason", required=True, help="What is missing or wrong, so the sender can fix it.")
@guarded
def return_(handoff: str, reason: str) -> None:
    """Return a handoff to its sender with a reason."""
    replica = open_replica()
    replica.return_(handoff, reason)
    click.echo(f"Returned to {replica.state(handoff).sender}.")


@cli.command()
@click.argument("handoff")
@click.option("--reason", required=True)
@guarded
def cancel(handoff: str, reason: str) -> None:
    """Cancel an open handoff with a reason."""
    open_replica().cancel(handoff, reason)
    click.echo("Cancelled.")


@cli.command()
@click.argument("handoff")
@click.option("--to", "to", required=True, help="Who takes over the next step.")
@guarded
def reassign(handoff: str, to: str) -> None:
    """Hand the next step to someone else (the sender of a draft, the receiver of a sent handoff)."""
    replica = open_replica()
    replica.reassign(handoff, to)
    click.echo(f"Reassigned: {to} has the next step.")


@cli.command("list")
@click.option("--inbox", "scope", flag_value="inbox", help="Sent to you, or accepted and yours.")
@click.option("--outbox", "scope", flag_value="outbox", help="Your drafts, sent and returned handoffs.")
@click.option("--all", "scope", flag_value="team", help="Every handoff in the team.")
@click.option("--status", type=click.Choice(["draft", "sent", "returned", "accepted", "cancelled"]))
@click.option("--json", "as_json", is_flag=True, help="Stable JSON, one object per handoff.")
@guarded
def list_(scope: str | None, status: str | None, as_json: bool) -> None:
    """Your handoffs (inbox and outbox), newest change first."""
    from baton.tui.cli_output import list_handoffs

    list_handoffs(Home.locate(), scope or "mine", status, as_json)


@cli.command()
@click.argument("handoff")
@click.option("--json", "as_json", is_flag=True)
@guarded
def show(handoff: str, as_json: bool) -> None:
    """Items, values, blockers, comments and history, in your time zone."""
    from baton.tui.cli_output import handoff_json, handoff_text

    replica = open_replica()
    state = replica.state(handoff)
    if as_json:
        click.echo(json.dumps(handoff_json(replica, state), indent=2, ensure_ascii=False))
    else:
        click.echo(handoff_text(replica, state))


@cli.command()
@click.argument("handoff")
@guarded
def history(handoff: str) -> None:
    """Who changed what, old → new, and when."""
    from baton.tui.cli_output import history_lines

    replica = open_replica()
    for line in history_lines(replica, replica.state(handoff)):
        click.echo(line)


@cli.command()
@click.argument("handoff")
@guarded
def undo(handoff: str) -> None:
    """Revert your last change on a handoff (it survives sync)."""
    click.echo(f"Undone: {open_replica().undo(handoff).summary}.")


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


def _report_gate(replica, handoff: str) -> None:
    state = replica.state(handoff)
    done, total = state.progress()
    blockers = state.blockers()
    tail = "ready to send" if not blockers else f"{len(blockers)} blocker{'s' if len(blockers) != 1 else ''} left"
    click.echo(f"{done}/{total} required done; {tail}.")


def _their_time(replica, user: str) -> str:
    from baton.core.hlc import now_ms
    from baton.core.timezones import local_clock

    mate = replica.store.teammates().get(user)
    if not mate:
        return ""
    return f"It is {local_clock(mate['tz'], now_ms())} for {mate['display_name']} ({mate['tz']})."


def main() -> None:
    """Run the command line; usage errors too are one line on stderr (exit 2)."""
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.format_message(), err=True)
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        where = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
        click.echo(f"baton: {exc.format_message()}{where}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"baton: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.Abort):
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


# Commands defined in other modules register themselves on `cli` when imported here.
from baton.tui import cli_sync  # noqa: E402,F401
from baton.tui import cli_report  # noqa: E402,F401
