"""The simple forms of the hot commands, run before click is loaded (tui/entry.py).

`baton show ID [--json]`, `baton send ID` and `baton list [--inbox|--outbox|--all]
[--status STATUS] [--json]` are most of what people type, and loading click costs
more than the rest of `show`. These forms are recognised here and run the same
command bodies as click's commands (hot_commands.py), guarded the same way; any
other form (help, an unknown or repeated option, a missing argument, shell
completion) returns None and goes to click, which stays the one authority on usage.
tests/test_fast_path.py holds both ways to the same output, stderr and exit code.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable

SCOPES = {"--inbox": "inbox", "--outbox": "outbox", "--all": "team"}
"""`baton list`'s scope flags and the scope each stands for (handoffs.py's options)."""


def recognised(args: list[str]) -> Callable[[], None] | None:
    """The command body `args` name in one of the simple forms, ready to call; None for anything else."""
    if not args or "_BATON_COMPLETE" in os.environ:
        return None
    name, rest = args[0], args[1:]
    if name == "show":
        flags = [a for a in rest if a == "--json"]
        named = [a for a in rest if a != "--json"]
        if len(flags) > 1 or len(named) != 1 or not _plain(named[0]):
            return None
        from baton.tui.cli.hot_commands import show_handoff

        return functools.partial(show_handoff, named[0], bool(flags))
    if name == "send":
        if len(rest) != 1 or not _plain(rest[0]):
            return None
        from baton.tui.cli.hot_commands import send_handoff

        return functools.partial(send_handoff, rest[0])
    if name == "list":
        return _list(rest)
    return None


def _plain(arg: str) -> bool:
    """An argument click would take as a value, never as an option."""
    return bool(arg) and not arg.startswith("-")


def _list(rest: list[str]) -> Callable[[], None] | None:
    from baton.core.statuses import STATUSES

    scope: str | None = None
    status: str | None = None
    as_json = False
    words = iter(rest)
    for word in words:
        if word in SCOPES:
            if scope is not None:
                return None
            scope = SCOPES[word]
        elif word == "--json":
            if as_json:
                return None
            as_json = True
        elif word == "--status" or word.startswith("--status="):
            if status is not None:
                return None
            status = word.partition("=")[2] if "=" in word else next(words, None)
            if status not in STATUSES:
                return None
        else:
            return None
    from baton.tui.cli.hot_commands import list_of_handoffs

    return functools.partial(list_of_handoffs, scope, status, as_json)


def run(args: list[str], quick_exit: bool = False) -> bool:
    """Run `args` when they are a simple form (exits like `baton.tui.cli.main` does); False to leave them to click.

    With `quick_exit` (the console script's, never a test's own process) a command that succeeded leaves
    through `os._exit` once its output is flushed: its replica is closed and nothing else is open, so the
    interpreter's teardown would only free memory, about a tenth of a cold `show` (issue 16)."""
    command = recognised(args)
    if command is None:
        return False
    from baton.core.store_moves import moves_shown_by
    from baton.tui.cli.output import closing_after, echo, guarded, reader_left, show_move

    try:
        with closing_after(), moves_shown_by(show_move):
            guarded(command, "--json" in args)()
    except KeyboardInterrupt:
        echo("", err=True)  # as click does before its Abort
        sys.exit(130)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        reader_left()
    if quick_exit:
        try:
            sys.stderr.flush()
        finally:
            os._exit(0)
    sys.exit(0)
