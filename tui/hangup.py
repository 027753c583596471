"""The app lives as long as its terminal: it ends when the terminal goes away, and does not start without one.

A terminal goes away when its window closes, its multiplexer is killed or its ssh connection drops.
The hang-up signal does not always reach the app (a shell that started it may take it instead), and
Textual's input thread then reads the dead terminal's end of input again and again at full speed: the
app outlived its terminal, holding a core. So the app also asks the terminal every second whether it
still answers, and ends as soon as either says it is gone, saving what was typed in a handoff's fields
as "Save and quit" does (`BatonApp.unsaved_holder`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

CHECK_SECONDS = 1.0
"""How often the app asks its terminal whether it still answers (one system call)."""

SAVE_SECONDS = 10.0
"""How long a save of typed text may take after a hang-up before the app ends without it."""

NO_TERMINAL = (
    "the app needs a terminal to draw in and read keys from, and this input or error output is not one; "
    "in a script use the commands (`baton list`, `baton show ID`, `baton --help`)"
)


def terminal_problem() -> str | None:
    """Why the app cannot run here, or None: Textual reads keys from stdin and draws on stderr."""
    streams = (sys.__stdin__, sys.__stderr__)
    try:
        if all(s is not None and s.isatty() for s in streams):
            return None
    except (ValueError, OSError):  # a closed stream
        pass
    return NO_TERMINAL


def answers(fd: int) -> bool:
    """Whether the terminal on `fd` still answers: once it has hung up, its settings can no longer be read."""
    import termios

    try:
        termios.tcgetattr(fd)
    except (termios.error, OSError, ValueError):
        return False
    return True


class EndsWithTerminal:
    """The app's half that watches its terminal (a mixin of BatonApp)."""

    hung_up = False

    def end_with_terminal(self: Any) -> None:
        """Watch the terminal from the app's mount; a headless app (tests) has none to watch."""
        import asyncio
        import signal

        stdin = sys.__stdin__
        if self.is_headless or stdin is None or not stdin.isatty():
            return
        fd = stdin.fileno()
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.terminal_gone)
        except (AttributeError, NotImplementedError, RuntimeError, ValueError):  # no SIGHUP here, or not main thread
            pass
        self.set_interval(CHECK_SECONDS, lambda: None if answers(fd) else self.terminal_gone(), name="terminal")

    def terminal_gone(self: Any) -> None:
        """End the app: nobody can see it or type into it any more."""
        app: App[Any] = self
        if self.hung_up:
            return
        self.hung_up = True
        holder = self.unsaved_holder()
        if holder is None:
            app.exit()
            return
        holder.write("quit", None, None, holder.unsaved())  # the app ends once it is saved
        app.set_timer(SAVE_SECONDS, app.exit)  # or refused: nobody is there to correct it
