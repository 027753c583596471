"""A store's move to this version's layout, shown on stderr while it runs (core/store_moves.py does it).

After an upgrade the first command (or the app) to open the store moves it: about a minute at 100,000
handoffs. Without a word the terminal would look frozen, and someone would press Ctrl+C or think baton
hung. So the move is said at once, with what is happening and why, then where it stands: on a terminal one
line redrawn in place (at most ten times a second), elsewhere (a log, a pipe) a line at each tenth of the
way; then a closing line with the time it took. A store small enough to move in well under a second moves
without a word, unless it turns out slow after all.

Stopping is safe (core/store_moves.py): a Ctrl+C, or a SIGTERM (caught while a move runs), ends in
one line that says what state the records are in, never a traceback (exit status 130, 143 for SIGTERM).
"""

from __future__ import annotations

import signal
import sys
import threading
from typing import Any, TextIO

from baton.core.store_moves import COPY, DONE, FOLD, PACK, RECOUNT, START, STOPPED, MoveStep

QUIET_BELOW = 1_000
"""Handoffs under which a move is not shown: such a store moves in about a third of a second (0.37 ms a
handoff at 10,000 here, 3.77 s of CPU for 10,060; BENCHMARKS.md "A store's move on its first open")."""
LATE = 2.0
"""Seconds after which a move is shown whatever its size (a slow disk, a busy machine, an older layout)."""
REDRAW = 0.1
"""Seconds between two redraws of the line on a terminal."""
TENTHS = 10
"""Lines a log gets for each stage that counts (one each tenth of the way)."""


class MoveLines:
    """What one move writes to `stream` (stderr), step by step."""

    def __init__(
        self, stream: TextIO, terminal: bool, quiet_below: int = QUIET_BELOW, late: float = LATE, redraw: float = REDRAW
    ) -> None:
        self.stream = stream
        self.terminal = terminal
        self.quiet_below = quiet_below
        self.late = late
        self.redraw = redraw
        self.shown = False
        self.open_line = 0
        """The length of the line drawn in place and not yet ended (a terminal's)."""
        self.drawn_at = float("-inf")
        self.next_tenth = 1
        self.counting = ""
        """The stage whose count is being shown (COPY, then FOLD)."""
        self.finishing = False
        self.gone = False
        """The stream can no longer be written to."""
        """Only an earlier move's packing is left (it was stopped, or another process held the file)."""

    def __call__(self, step: MoveStep) -> None:
        if step.stage == STOPPED:
            self._end_line()
            self._line(_stopped(step))
            return
        if not self.shown:
            if step.stage == START and step.handoffs < self.quiet_below:
                return
            if step.stage != START and step.seconds < self.late:
                return
            self.shown, self.finishing = True, step.stage == START and step.moved
            for line in _opening(step):
                self._line(self._fitted(line))
            if step.stage == START:
                return
        if step.stage in (COPY, FOLD):
            self._counted(step)
        elif step.stage in (RECOUNT, PACK):
            self._end_line()
            self._in_place(_working(step))
        elif step.stage == DONE:
            self._end_line()
            self._line(_done(step, self.finishing))

    def _counted(self, step: MoveStep) -> None:
        if step.stage != self.counting:  # the copy's line is left as it ended; the fold's starts below it
            self._end_line()
            self.counting, self.next_tenth, self.drawn_at = step.stage, 1, float("-inf")
        text = _counted(step)
        if self.terminal:
            if step.done >= step.total or step.seconds - self.drawn_at >= self.redraw:
                self.drawn_at = step.seconds
                self._in_place(text)
            return
        if step.total and step.done * TENTHS >= self.next_tenth * step.total:
            self.next_tenth = step.done * TENTHS // step.total + 1
            self._line(text)

    def _fitted(self, line: str) -> str:
        """A long line broken between words at a terminal's width (the terminal would break it mid-word)."""
        from baton.tui.cli.output import terminal_columns

        columns = terminal_columns(self.stream) if self.terminal else None
        if columns is None:
            return line
        from baton.tui.cli.fit import fitted

        return fitted(line, max(columns - 1, 40), len(line) - len(line.lstrip(" ")) or 2)

    def _in_place(self, text: str) -> None:
        """On a terminal the line is redrawn where it is; elsewhere each is a line of its own."""
        if not self.terminal:
            self._line(text)
            return
        self._write("\r" + text + " " * max(0, self.open_line - len(text)))
        self.open_line = len(text)

    def _end_line(self) -> None:
        if self.open_line:
            self._write("\n")
            self.open_line = 0

    def _line(self, text: str) -> None:
        self._write(text + "\n")

    def _write(self, text: str) -> None:
        """Written and flushed; a stderr no one reads any more (`baton list 2>&1 | head -1`) ends the showing,
        never the move."""
        if self.gone:
            return
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            self.gone = True


def _opening(step: MoveStep) -> list[str]:
    if step.moved:  # an earlier move stopped while packing: only that is left
        return [f"baton: finishing the move of your records to this version's layout ({_handoffs(step.handoffs)})."]
    return [
        f"baton: moving your records to this version's layout ({_handoffs(step.handoffs)}); "
        "this happens once, after an upgrade.",
        "  Stopping it (Ctrl+C) is safe: your records stay as they were and move the next time baton opens them.",
    ]


def _done(step: MoveStep, finishing: bool) -> str:
    if finishing:
        return f"baton: the move is finished: the file is packed ({_took(step.seconds)})."
    return f"baton: moved {_handoffs(step.handoffs)} to this version's layout in {_took(step.seconds)}."


def _counted(step: MoveStep) -> str:
    what = "events copied" if step.stage == COPY else "handoffs folded"
    share = step.done * 100 // step.total if step.total else 100
    text = f"  {step.done:,} / {step.total:,} {what} ({share}%)"
    if step.stage == FOLD and 0 < step.done < step.total and share >= 5 and step.seconds >= 2:
        to_go = step.seconds / step.done * (step.total - step.done)  # at the pace so far (the copy counted in)
        if to_go >= 1:
            text += f", about {_took(to_go)} to go"
    return text


def _working(step: MoveStep) -> str:
    if step.stage == RECOUNT:
        return "  recounting the report's figures"
    return "  packing the file (one VACUUM; your records are already moved)"


def _stopped(step: MoveStep) -> str:
    """Said even for a move too small to show: whoever stopped it learns what state their records are in."""
    if step.moved:
        return (
            "baton: stopped while packing the file after the move: your records are moved to this version's "
            "layout; the file is packed the next time baton opens it."
        )
    return (
        "baton: stopped before your records were moved to this version's layout: they are as they were, "
        "and move the next time baton opens them."
    )


def _handoffs(count: int) -> str:
    return f"{count:,} handoff{'' if count == 1 else 's'}"


def _took(seconds: float) -> str:
    """A duration as a person reads it: `0.4 s`, `12 s`, `1 min 3 s`."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    return f"{whole // 60} min {whole % 60} s"


_showing: MoveLines | None = None
_handlers: dict[int, Any] = {}


def show(step: MoveStep) -> None:
    """The command line's `Progress` (core/store_moves.py): each move on this process's stderr."""
    global _showing
    if step.stage == START:
        stream = sys.stderr
        _showing = MoveLines(stream, _terminal(stream), QUIET_BELOW, LATE)  # read now: a test sets them
        _stop_on_sigterm()
    showing = _showing
    if showing is None:
        return
    try:
        showing(step)
    finally:
        if step.stage in (DONE, STOPPED):
            _showing = None
            _restore_handlers()


def _terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _stop_on_sigterm() -> None:
    """While a move runs, a SIGTERM stops it as a Ctrl+C does (rolled back, one line) rather than silently;
    the process then ends with the status a SIGTERM gives (143)."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        _handlers[signal.SIGTERM] = signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)  # rolls the move back like a Ctrl+C; the exit status a SIGTERM gives


def _restore_handlers() -> None:
    while _handlers:
        signum, handler = _handlers.popitem()
        signal.signal(signum, handler)
