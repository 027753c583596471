"""The `baton` command line: the root group, its error handling and its entry point.

Every command calls the same core functions the app does. Errors print one line
on stderr and exit with the code the core error carries (1 error, 2 usage,
3 blocked by the gate, 4 not found, 5 not allowed); nothing is written first.
Textual is imported only when the app opens: start-up time is a feature.
"""

from __future__ import annotations

import sys

import click

from baton.core.home import Home
from baton.tui.cli.output import fail, guarded, open_replica, reader_left, say, show_move, usage_refused
from baton.tui.entry import VERSION

__all__ = ["Group", "cli", "fail", "guarded", "main", "open_replica", "say"]


class Group(click.Group):
    """Lists commands in the order they were added: the order of a handoff's life."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command's whole first sentence: the list wraps it rather than cutting it at "..."."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=300)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(VERSION, prog_name="baton")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """baton: handoffs your teammates can trust.

    Run with no command to open the app. Data lives in $BATON_HOME, else the
    platform's user data folder.
    """
    from baton.core.store_moves import moves_shown_by

    ctx.with_resource(moves_shown_by(show_move))  # a store of an older layout is moved with its progress said
    if ctx.invoked_subcommand is None:
        guarded(_run_app)()


def _run_app() -> None:
    from baton.tui.launch import run_app

    run_app(Home.locate())


def main() -> None:
    """Run the command line; usage errors too are one line on stderr (exit 2)."""
    try:
        code = cli.main(prog_name="baton", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        say(exc.format_message(), err=True)
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        where = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
        say(f"baton: {exc.format_message()}{where}", err=True)
        usage_refused(exc.format_message(), exc.exit_code)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        say(f"baton: {exc.format_message()}", err=True)
        usage_refused(exc.format_message(), exc.exit_code)
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.Abort):
        sys.exit(130)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        reader_left()
    sys.exit(code if isinstance(code, int) else 0)
