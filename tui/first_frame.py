"""What waits for the app's first frame: the garbage collector, and work the first screen does not need.

Starting the app creates most of the objects it will ever hold (modules, classes,
styles, widgets). A full collection in the middle of that walks every one of them
and frees nothing; at start it cost about 50 ms, a sixth of the time to the first
frame. So the collector pauses from the app's start until the first frame is drawn,
as Textual pauses it while scrolling (`App.PAUSE_GC_ON_SCROLL`); then what start-up
made is moved out of its reach (`gc.freeze`) and it resumes. Work queued with
`after_first_frame` (opening the replica and the rules behind it, watching the
database, syncing, the parts of the screen that wait: tui/widgets/held_place.py)
starts then too.

Keys typed before those parts are there wait for them, in order, and are then handled
as if typed now: `/` finds the filter field to focus, and the letters after it land in
it rather than on the queue.

The first frame is the queue's first rows drawn (the queue table says so), the first-run
screen drawn, or, whatever happens, `LATEST_SECONDS` after the start.

The same holds for every screen opened later (and one about to open: the handoff "Create" made): keys typed while a screen is being built (a
dialog opened with `n`, a handoff whose checklist is still being read) wait until the screen
says it is ready for them (mounted, and `ready_for_keys` when it has that attribute), so
"n", then a search typed at once, lands in the dialog's search rather than on the queue
below it. A screen that never says so gets the keys after `SCREEN_WAIT_SECONDS` anyway. And a key
that arrives while what the one before set off is still on its way (a burst typed faster than the
app answers) waits its turn the same way, rather than overtaking it.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable, Callable
from inspect import isawaitable

from textual import events, work
from textual.app import App

LATEST_SECONDS = 2.0
"""The collector never stays paused longer than this, even if no screen says it has been drawn."""
SCREEN_WAIT_SECONDS = 5.0
"""Keys wait at most this long for a screen being built (a bound: a screen is usually ready in milliseconds)."""
QUIET_TURNS = 200
"""Turns of the event loop a key that waited may take before the next is handed on (a bound: it is
usually done in a few)."""


class FirstFrame(App[None]):
    """Mixed into BatonApp: `first_frame_drawn` ends the start; `after_first_frame` queues work for it."""

    def __init__(self) -> None:
        super().__init__()
        self._waiting: list[Callable[[], object]] | None = []
        """Work for after the first frame; None once it is drawn."""
        self._paused_gc = False
        self._froze = False
        self._held_keys: list[events.Event] | None = []
        """Keys and pastes typed before the first screen is whole; None once they have been handled."""
        self._handing_on: events.Event | None = None
        self.screen_coming = False
        """True while a screen is about to open on top (the handoff a dialog has just created): keys wait for it
        rather than fall on the screen below, or in the dialog closing."""

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

    @property
    def drawing_first_frame(self) -> bool:
        """True until the first frame is drawn: a screen composed now keeps places for what can wait."""
        return self._waiting is not None

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the first frame is drawn (now, if it has been). When it returns an awaitable
        (parts of the screen being mounted), keys typed meanwhile wait until it is done."""
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
        pending = [done for done in (callback() for callback in waiting) if isawaitable(done)]
        self.call_next(self._hand_on_keys, pending)  # before whatever a thread started above says back

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes wait while the first screen is not whole, while a screen opened later is being
        built, and while those that waited are handled."""
        if event is not self._handing_on and isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if self._held_keys is not None:
                self._held_keys.append(event)
                return
            if (self.screen_not_ready() or self._messages_waiting()) and not self._leaving(event):
                self._held_keys = [event]
                self._handle_held_keys()
                return
        await super().on_event(event)

    def _leaving(self, event: events.Event) -> bool:
        """Esc and Ctrl+Q with nothing typed before them waiting: the person wants out of a screen still
        reading (a big team's figures), not to wait for it."""
        try:
            mounted = self.screen.is_mounted
        except Exception:  # no screen yet
            return False
        return mounted and isinstance(event, events.Key) and event.key in ("escape", "ctrl+q")

    def screen_not_ready(self) -> bool:
        """The screen on top is still being built (or says it is not ready for keys yet)."""
        try:
            screen = self.screen
        except Exception:  # no screen yet
            return True
        return self.screen_coming or not screen.is_mounted or not getattr(screen, "ready_for_keys", True)

    async def _until_screen_ready(self) -> None:
        for _ in range(int(SCREEN_WAIT_SECONDS / 0.01)):
            if not self.screen_not_ready():
                return
            await asyncio.sleep(0.01)

    async def _hand_on_keys(self, pending: list[Awaitable[object]]) -> None:
        """Once what was mounted after the first frame is there, hand on the keys typed before it."""
        for done in pending:
            await done
        self._handle_held_keys()

    @work(group="held-keys", exit_on_error=False)
    async def _handle_held_keys(self) -> None:
        """Each key that waited, in the order typed, as if typed now: the next only once the app has done with
        the last (a `/` has moved the focus to the filter field before the letters after it arrive). Keys typed
        meanwhile join the end of the line."""
        held = self._held_keys
        try:
            while held:
                await self._until_screen_ready()  # a key before may have opened a screen: it is built first
                await self._quiet()  # and what the key before set off has landed (a Tab has moved the focus)
                self._handing_on = held.pop(0)
                self.post_message(self._handing_on)
                await self._quiet()
        finally:
            self._held_keys = self._handing_on = None

    async def _quiet(self) -> None:
        """Until no message waits in the app or on its screen (what a key sets off travels through them)."""
        for _ in range(QUIET_TURNS):
            await asyncio.sleep(0)
            if not self._messages_waiting():
                return

    def _messages_waiting(self) -> bool:
        """A message or callback waits in the app or on its screen: what the last key set off (a `n` opening
        a dialog) is still on its way, and a key handed on now could overtake it."""
        try:
            pumps = [self, *self.screen.walk_children(with_self=True)]
        except Exception:  # no screen yet
            return True
        return any(pump.message_queue_size or pump._next_callbacks for pump in pumps)

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
