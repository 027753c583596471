"""The `baton` command line: the root group, its error handling and its entry point.

Every command calls the same core functions the app does. Errors print one line
on stderr and exit with the code the core error carries (1 error, 2 usage,
3 blocked by the gate, 4 not found, 5 not allowed); nothing is written first.
Textual is imported only when the app opens: start-up time is a feature.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from baton.core.errors import BatonError, Blocked
from baton.core.home import Home
from baton.core.terminal_text import harmless
from baton.tui.entry import VERSION


def say(message: object = "", err: bool = False, nl: bool = True) -> None:
    """Print a line of output: every line the command line writes goes through here, so a teammate's text
    (a title, a comment, a name, a file name) reaches the terminal with its escape sequences shown, not obeyed."""
    click.echo(harmless(str(message)), err=err, nl=nl)


def fail(message: str, code: int = 1) -> None:
    say(f"baton: {message}", err=True)
    sys.exit(code)


def guarded(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn core refusals into one line on stderr and the right exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import sqlite3

        try:
            return command(*args, **kwargs)
        except Blocked as exc:
            say(f"baton: {exc}", err=True)
            for blocker in exc.blockers:
                say(f"  ✗ {blocker.item_id}: {blocker.reason} — {blocker.text}", err=True)
            sys.exit(exc.exit_code)
        except BatonError as exc:
            fail(str(exc), exc.exit_code)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):  # another baton (the app's sync, a long first import) holds the write lock
                fail("the database is busy: another baton is writing to it (a sync?); nothing was changed, try again")
            fail(f"database error: {exc}")
        except sqlite3.Error as exc:
            fail(f"database error: {exc}")
        except BrokenPipeError:
            _reader_left()
        except click.ClickException:
            raise  # a usage error found inside a command: main() prints it (exit 2)
        except OSError as exc:
            fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        except Exception as exc:  # the promise is: never a traceback
            if os.environ.get("BATON_DEBUG"):
                raise
            fail(f"unexpected error: {type(exc).__name__}: {exc} (set BATON_DEBUG=1 for details)")

    return wrapper


def _reader_left() -> None:
    """The reader of our output left (`baton list | head`): what it wanted was printed, so stop quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit does not fail a second time
    except (OSError, ValueError, AttributeError):
        pass  # stdout is no real file (an in-process runner): nothing to flush at exit
    sys.exit(1)


def open_replica():
    from baton.core.replica import Replica

    replica = Replica.open(Home.locate())
    ctx = click.get_current_context(silent=True)
    if ctx is not None:  # hooks run after a change commits; say how they went once the command is done
        ctx.call_on_close(replica.close)  # last: callbacks run in reverse order
        ctx.call_on_close(lambda: [say(o.line(), err=True) for o in replica.hook_outcomes if not o.ok or o.feedback])
    return replica


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
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        say(f"baton: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.Abort):
        sys.exit(130)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_left()
    sys.exit(code if isinstance(code, int) else 0)
