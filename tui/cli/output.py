"""What every command does with its output and its refusals, without loading click.

`say` prints every line the command line writes, through `harmless` (core/terminal_text.py)
so a teammate's text reaches the terminal with its escape sequences shown, not obeyed.
`echo` writes as click's `echo` does: through click itself where click would do something
of its own (it is loaded, the text holds a terminal escape it may strip, the stream speaks
ASCII), else the same write and flush. `guarded` turns core refusals into one line on stderr and
the right exit code (1 error, 2 usage, 3 blocked by the gate, 4 not found, 5 not
allowed). `open_replica` closes the replica, and says how the team's hooks went,
once the command is done: in click's context when click runs the command, else in
the scope `closing_after` opens (the hot commands' fast path, tui/entry.py).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

from baton.core.errors import BatonError, Blocked


def say(message: object = "", err: bool = False, nl: bool = True, hang: int | None = None) -> None:
    """Print a line of output: every line the command line writes goes through here, so a teammate's text
    (a title, a comment, a name, a file name) reaches the terminal with its escape sequences shown, not obeyed.
    In a terminal, a line wider than it is broken at its spaces, the rest indented `hang` cells (when None:
    under the text after a short label, else indented two more: fit.wrap); a pipe or a file gets every line whole."""
    from baton.core.terminal_text import harmless

    text = harmless(str(message))
    columns = terminal_columns(sys.stderr if err else sys.stdout)
    if columns is not None:
        from baton.tui.cli.fit import fitted

        text = fitted(text, columns, hang)
    echo(text, err=err, nl=nl)


def echo(message: str, err: bool = False, nl: bool = True) -> None:
    """`message` as `click.echo(message, err=err, nl=nl)` writes it (already harmless: see `say`)."""
    stream = sys.stderr if err else sys.stdout
    if "click" in sys.modules or "\x1b" in message or _ascii(stream):
        import click

        click.echo(message, err=err, nl=nl)
        return
    stream.write(message + "\n" if nl else message)
    stream.flush()


def _ascii(stream: Any) -> bool:
    """A stream click would re-wrap before writing to it (see click's `_stream_is_misconfigured`)."""
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "ascii"
    except LookupError:
        return True


def terminal_columns(stream: Any) -> int | None:
    """The width of the terminal `stream` writes to; None for a pipe or a file (they get every line whole).

    A terminal that says it is 0 columns wide (`script`, some serial and editor shells) is as wide as
    `COLUMNS` says, else 80: laid out for 0 columns, every word of a report took a line of its own."""
    try:
        if not stream.isatty():
            return None
        columns = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return None
    if columns > 0:
        return columns
    wanted = os.environ.get("COLUMNS", "").strip()
    return int(wanted) if wanted.isdigit() and 0 < int(wanted) < 10_000 else 80


_refusals_as_json = False
"""Whether the running command was asked for `--json`: its refusal is then also one JSON object on stdout."""


def fail(message: str, code: int = 1) -> None:
    """One line on stderr and exit `code` (and the refusal as JSON on stdout under `--json`)."""
    say(f"baton: {message}", err=True, hang=len("baton: "))
    _json_refusal(message, code)
    sys.exit(code)


def usage_refused(message: str, code: int) -> None:
    """A usage error click found (an unknown option, a missing argument): JSON on stdout too when `--json` was
    typed, as any other refusal of a `--json` command."""
    global _refusals_as_json
    _refusals_as_json = "--json" in sys.argv[1:]
    _json_refusal(message, code)


def _json_refusal(message: str, code: int, missing: list[dict[str, str]] | None = None) -> None:
    """Under `--json`, a refusal is also `{"error", "exit"[, "missing"]}` on stdout, so a script reading stdout
    never meets an empty document."""
    if not _refusals_as_json:
        return
    import json

    refusal: dict[str, object] = {"error": message, "exit": code}
    if missing is not None:
        refusal["missing"] = missing
    echo(json.dumps(refusal, ensure_ascii=True))


def guarded(command: Callable[..., Any], as_json: bool | None = None) -> Callable[..., Any]:
    """Turn core refusals into one line on stderr and the right exit code (and a JSON object on stdout for a
    command asked for `--json`: its `as_json` argument, or `as_json` here where it is passed positionally)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import sqlite3

        global _refusals_as_json
        _refusals_as_json = bool(kwargs.get("as_json")) if as_json is None else as_json
        try:
            return command(*args, **kwargs)
        except Blocked as exc:
            say(f"baton: {exc}", err=True)
            for blocker in exc.blockers:
                say(f"  ✗ {blocker.item_id}: {blocker.reason} — {blocker.text}", err=True, hang=4)
            missing = [{"item": b.item_id, "reason": b.reason, "text": b.text} for b in exc.blockers]
            _json_refusal(str(exc), exc.exit_code, missing)
            sys.exit(exc.exit_code)
        except BatonError as exc:
            fail(str(exc), exc.exit_code)
        except sqlite3.DatabaseError as exc:  # OperationalError too
            if "locked" in str(exc):  # another baton (the app's sync, a long first import) holds the write lock
                fail("the database is busy: another baton is writing to it (a sync?); nothing was changed, try again")
            if str(exc) in ("database disk image is malformed", "file is not a database", "disk I/O error"):
                from baton.core.errors import DamagedDatabase
                from baton.core.home import Home

                fail(str(DamagedDatabase(Home.locate().database, exc)))
            fail(f"database error: {exc}")
        except sqlite3.Error as exc:
            fail(f"database error: {exc}")
        except BrokenPipeError:
            reader_left()
        except OSError as exc:
            fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        except Exception as exc:  # the promise is: never a traceback
            click = sys.modules.get("click")
            if click is not None and isinstance(exc, click.ClickException):
                raise  # a usage error found inside a command: main() prints it (exit 2)
            if os.environ.get("BATON_DEBUG"):
                raise
            fail(f"unexpected error: {type(exc).__name__}: {exc} (set BATON_DEBUG=1 for details)")

    return wrapper


def show_move(step: Any) -> None:
    """A store's move to this version's layout, said on stderr while it runs (tui/moving.py, loaded by a move)."""
    from baton.tui.moving import show

    show(step)


def reader_left() -> None:
    """The reader of our output left (`baton list | head`): what it wanted was printed, so stop quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit does not fail a second time
    except (OSError, ValueError, AttributeError):
        pass  # stdout is no real file (an in-process runner): nothing to flush at exit
    sys.exit(1)


_closers: list[Callable[[], Any]] | None = None
"""What to run when the fast path's command is done, last added first (as click's context does)."""


@contextlib.contextmanager
def closing_after() -> Iterator[None]:
    """The fast path's stand-in for click's context: callbacks added meanwhile run at the end, last first."""
    global _closers
    _closers, outer = [], _closers
    try:
        yield
    finally:
        callbacks, _closers = _closers, outer
        for callback in reversed(callbacks):
            callback()


def when_done(callback: Callable[[], Any]) -> None:
    """Run `callback` once the command is done: in click's context, or the fast path's scope."""
    click = sys.modules.get("click")
    ctx = click.get_current_context(silent=True) if click is not None else None
    if ctx is not None:
        ctx.call_on_close(callback)
    elif _closers is not None:
        _closers.append(callback)


def open_replica(restore: bool = False) -> Any:
    """This home's replica, closed once the command is done (hooks' outcomes said first, on stderr).

    A home whose database went (moved aside when damaged, deleted) is refused, saying what brings it back,
    rather than opened empty as if nothing had happened; `restore` (sync) makes it afresh and fills it from
    the shared folder (sync/backup.py)."""
    from baton.core.home import Home
    from baton.core.replica import Replica

    home = Home.locate()
    if not restore and home.config.exists() and not home.database.exists():
        from baton.core.errors import NotInitialized

        raise NotInitialized(home.no_database())
    replica = Replica.open(home)

    def say_hooks() -> None:
        for outcome in replica.hook_outcomes:
            if not outcome.ok or outcome.feedback:
                say(outcome.line(), err=True)

    when_done(replica.close)  # last: callbacks run in reverse order
    when_done(say_hooks)
    return replica
