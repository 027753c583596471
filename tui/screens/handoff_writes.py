"""The handoff screen's writes: every save and action runs in a worker, one at a time, in the order asked.

Kept apart from the screen's reading so each file stays small. Writes are queued
because thread workers run side by side: a choice changed twice fast must be saved
as the later one, never as whichever thread happened to finish last.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from textual import work
from textual.worker import Worker, WorkerState, get_current_worker

from baton.core.errors import BatonError, Blocked
from baton.tui.messages import ActionDone, ActionFailed, ItemSaved
from baton.tui.words import blocked_words

Write = tuple[str, Callable[[], Any] | None, str | None, dict[str, Any] | None]
"""One write asked: the action's name, its Replica call (None for a save alone), the item saved, the edits saved first."""


def save(replica: Any, handoff: str, item_id: str, raw: Any) -> None:
    """One typed value through core (None clears the item)."""
    if raw is None:
        replica.clear_item(handoff, item_id)
    else:
        replica.set_item(handoff, item_id, raw)


class HandoffWrites:
    """Mixed into HandoffScreen: needs `handoff_id`, `writes`, `writing`, `reload` and the screen's messaging."""

    handoff_id: str
    app: Any
    writes: deque[Write]
    writing: threading.Lock
    send_asked: bool
    comments_asked: deque[str]
    comment_back: Any
    post_message: Any
    notify: Any
    reload: Any

    def write(
        self,
        action: str,
        call: Callable[[], Any] | None,
        item_id: str | None = None,
        edits: dict[str, Any] | None = None,
    ) -> None:
        """Queue one write; the screen's writes run one at a time in the order asked."""
        self.writes.append((action, call, item_id, edits))
        self._write_next()

    @work(thread=True, group="handoff-write", exit_on_error=False)
    def _write_next(self) -> str | None:
        with self.writing:  # each worker runs the oldest write waiting, so the order asked is kept
            asked = self.writes.popleft()
            get_current_worker().name = asked[0]  # a write that fails outright is known by its action
            return self._write(*asked)

    def _write(
        self,
        action: str,
        call: Callable[[], Any] | None,
        item_id: str | None,
        edits: dict[str, Any] | None,
    ) -> str | None:
        """Save `edits` first, then run one Replica command and read the state back.

        A refused value stops there, but for a send: it is said under its field, and the send still meets the gate.
        """
        replica = self.app.replica
        saving: str | None = None
        try:
            ran = len(replica.hook_outcomes)
            for saving, raw in (edits or {}).items():
                try:
                    save(replica, self.handoff_id, saving, raw)
                except BatonError as exc:
                    if action != "send":
                        raise
                    # Said under its field and not saved; the send still meets the gate, which names what blocks.
                    self.post_message(ActionFailed("save", str(exc), saving))
            saving = None
            result = call() if call is not None else None
            hooks = replica.hook_outcomes[ran:]
            state = replica.state(self.handoff_id)
        except Blocked as exc:
            first = exc.blockers[0].item_id if exc.blockers else None
            self.post_message(ActionFailed(action, blocked_words(str(exc), exc.blockers), None, first))
            return None
        except (BatonError, sqlite3.Error) as exc:
            self.post_message(ActionFailed("save" if saving else action, str(exc), saving))
            return None
        if call is None:
            self.post_message(ItemSaved(item_id or "", state))
            return action  # "leave" and "quit" happen once this worker has finished (see below)
        summary = result if isinstance(result, str) else str(getattr(result, "summary", "") or action)
        self.post_message(ActionDone(action, summary, state, hooks))
        return None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Leave (or quit) after saving, once the saving worker is done: leaving earlier would cancel it."""
        if event.state == WorkerState.ERROR and event.worker.group == "handoff-write":
            self.send_asked = False  # asked again by the next key, not waiting for good
            if event.worker.name == "comment" and self.comments_asked:  # not added: it comes back into the box
                self.comment_back(self.comments_asked.popleft())
            self.notify(str(event.worker.error), title="not saved", severity="error")
            self.reload()  # the Send button reads "Send" again, never "Sending…" for good
        if event.state == WorkerState.SUCCESS and event.worker.group == "handoff-write":
            if event.worker.result == "leave":
                self.app.pop_screen()
            elif event.worker.result == "quit":
                self.app.exit()
