"""What waits for the app's first frame: the garbage collector, and work the first screen does not need.

Starting the app creates most of the objects it will ever hold (modules, classes,
styles, widgets). A full collection in the middle of that walks every one of them
and frees nothing; at start it cost about 50 ms, a sixth of the time to the first
frame. So the collector pauses from the app's start until the first frame is drawn,
as Textual pauses it while scrolling (`App.PAUSE_GC_ON_SCROLL`); then what start-up
made is moved out of its reach (`gc.freeze`) and it resumes. Work queued with
`after_first_frame` (opening the replica and the rules behind it, watching the
database, syncing) starts then too.

The first frame is the queue's first rows drawn (the queue table says so), the first-run
screen drawn, or, whatever happens, `LATEST_SECONDS` after the start.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from textual.app import App

LATEST_SECONDS = 2.0
"""The collector never stays paused longer than this, even if no screen says it has been drawn."""


class FirstFrame(App[None]):
    """Mixed into BatonApp: `first_frame_drawn` ends the start; `after_first_frame` queues work for it."""

    def __init__(self) -> None:
        super().__init__()
        self._waiting: list[Callable[[], object]] | None = []
        """Work for after the first frame; None once it is drawn."""
        self._paused_gc = False
        self._froze = False

    def on_load(self) -> None:
        if gc.isenabled():
            gc.disable()
            self._paused_gc = True
        self.set_timer(LATEST_SECONDS, self.first_frame_drawn)

    def width_class(self) -> str:
        """The horizontal breakpoint class for the app's width now (`-wide`), for the first screen.

        Textual gives a screen its class when the screen first gets its size, and styles every widget
        on it again; the first screen made with it is styled once (about 10 ms less to the first frame)."""
        width = self.size.width
        reached = [name for edge, name in sorted(self.HORIZONTAL_BREAKPOINTS or []) if width >= edge]
        return reached[-1] if reached else ""

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the first frame is drawn (now, if it has been)."""
        if self._waiting is None:
            callback()
        else:
            self._waiting.append(callback)

    def first_frame_drawn(self) -> None:
        """The first frame is on screen: resume the collector, run what waited (only the first call counts)."""
        if self._waiting is None:
            return
        waiting, self._waiting = self._waiting, None
        self._resume_gc()
        for callback in waiting:
            callback()

    def _resume_gc(self) -> None:
        if self._paused_gc:
            self._paused_gc = False
            gc.freeze()
            self._froze = True
            gc.enable()

    def on_unmount(self) -> None:
        """Give what start-up made back to the collector: an app run in a longer process (the tests) leaves
        nothing frozen behind."""
        self._resume_gc()
        if self._froze:
            gc.unfreeze()
