"""The handoff screen's less frequent actions: answer, waive, reassign, undo, cancel, brief, upgrade.

Kept apart from the screen's reading and saving so each file stays small; every
action still goes through a Replica command (core decides) or a dialog that does.
"""

from __future__ import annotations

from typing import Any

from baton.tui.words import toast_seconds

REFUSED = {
    "ctrl+s": ("Send", ("send",)),
    "ctrl+r": ("Accept / return", ("accept", "return")),
    "ctrl+l": ("Waive", ("waive",)),
    "ctrl+g": ("Reassign", ("reassign", "change_receiver")),
    "ctrl+x": ("Cancel handoff", ("cancel",)),
    "ctrl+z": ("Undo mine", ()),  # core's `undo_refused` answers for it
}
"""A handoff key whose action is not this viewer's now, and the actions core answers for it: pressed, it says
core's reason (a receiver's Ctrl+S did nothing at all, not even say why)."""


class HandoffMore:
    """Mixed into HandoffScreen: needs `state`, `teammates`, `handoff_id`, `allowed`, `receiver_gone`, `write`, `reload`."""

    state: Any
    teammates: dict[str, dict[str, Any]]
    handoff_id: str
    app: Any
    allowed: dict[str, Any]
    receiver_gone: str | None

    def _theirs_to_send(self) -> bool:
        """Whether the viewer sends this handoff (core's answer), though the gate or a removed receiver holds it."""
        from baton.core.permissions import BLOCKED

        send = self.allowed.get("send", "")
        return send is None or getattr(send, "category", "") == BLOCKED or send == self.receiver_gone

    def refusal(self, key: str) -> str | None:
        """Core's reason the key's action is not open to this viewer now; None when it is (its own binding runs)."""
        _, actions = REFUSED[key]
        if key == "ctrl+z":
            return self.undo_refusal()
        if key == "ctrl+s" and self._theirs_to_send():
            return None
        reasons = [self.allowed.get(action, "") for action in actions]
        return None if any(reason is None for reason in reasons) else str(reasons[0] or "") or None

    def undo_offered(self) -> bool:
        """Whether Ctrl+Z takes back a change of mine here now (core says: there is one, and the rules take it)."""
        from baton.core.undo import undo_offered

        replica = self.app.replica
        return undo_offered(self.state, replica.user, replica.store.rules, replica.is_lead)

    def undo_refusal(self) -> str | None:
        """The rules' reason Ctrl+Z may not take back my last change here (a waiver, once no longer a lead)."""
        from baton.core.undo import undo_refused

        replica = self.app.replica
        return undo_refused(self.state, replica.user, replica.store.rules, replica.is_lead)

    def action_refused(self, key: str) -> None:
        reason = self.refusal(key)
        if reason:
            self.app.notify(reason[0].upper() + reason[1:], title=REFUSED[key][0], severity="warning")

    def action_answer(self) -> None:
        from baton.tui.screens.answer import AnswerScreen

        if self.state is None:
            return
        dialog = AnswerScreen(self.state, self.teammates)

        def answered(summary: str | None) -> None:
            if not summary and dialog.reason_kept():
                self.keep_as_comment(dialog.reason_kept())
            self._answered(summary)

        self.app.push_screen(dialog, answered)

    def keep_as_comment(self, reason: str) -> None:
        """A return's reason that could not be sent (the sender took the send back meanwhile) waits in the comment
        box, one line, not added: Enter adds it, or it is edited or dropped there."""
        from textual.widgets import Input, TabbedContent

        box = self.query_one("#comment-input", Input)  # type: ignore[attr-defined]
        box.value = " ".join(f"{box.value} {reason}".split())
        self.query_one(TabbedContent).active = "comments"  # type: ignore[attr-defined]
        box.focus()
        box.action_end()  # the box never selects all as it gets the focus (handoff.py): a key would replace it
        # Said on the box itself: a toast covered the box it spoke of at 80×24
        box.border_title = "your reason, not added yet: Enter adds it as a comment"

    def on_input_changed(self, event: Any) -> None:
        """The kept reason's note goes once the box is empty (the comment added, or the text dropped)."""
        if event.input.id == "comment-input" and not event.value.strip():
            event.input.border_title = None

    def action_waive(self) -> None:
        from baton.tui.screens.waive import WaiveScreen

        if self.state is not None:
            on_item = self._item_in_focus()  # type: ignore[attr-defined]
            self.app.push_screen(WaiveScreen(self.state, on_item), self._answered)

    def action_reassign(self) -> None:
        from baton.tui.screens.reassign import ReassignScreen

        if self.state is not None:
            self.app.push_screen(ReassignScreen(self.state, self.teammates), self._answered)

    def action_cancel_handoff(self) -> None:
        from baton.tui.screens.cancel import CancelScreen

        if self.state is not None:
            self.app.push_screen(CancelScreen(self.state), self._answered)

    def action_undo(self) -> None:
        """Revert my last change here (a recall of a send, a comment taken back, a reopen): core says which."""
        from baton.tui.widgets.item_input import NOTHING, ItemInput

        replica, handoff = self.app.replica, self.handoff_id
        picks = {box.item.id: box.take_pick() for box in self.query(ItemInput)}  # type: ignore[attr-defined]
        edits = {item: raw for item, raw in picks.items() if raw is not NOTHING}
        self.write("undo", lambda: replica.undo(handoff).summary, edits=edits or None)  # type: ignore[attr-defined]

    def action_brief(self) -> None:
        from baton.tui.screens.brief import BriefScreen

        if self.state is not None:
            self.app.push_screen(BriefScreen(self.state, self.teammates))

    def action_upgrade(self) -> None:
        from baton.core.upgrade import upgrade

        replica, handoff = self.app.replica, self.handoff_id
        self.write("upgrade", lambda: "; ".join(upgrade(replica, handoff).lines()))  # type: ignore[attr-defined]

    def _answered(self, summary: str | None) -> None:
        if summary:
            self.app.notify(summary, timeout=toast_seconds(summary))
            self.reload()  # type: ignore[attr-defined]
            self.app.refresh_screens_below(self)
            state = self.state
            if summary.startswith("accepted") and state is not None and state.template and state.template.next:
                self.action_open_next()

    def action_open_next(self) -> None:
        """Ask to open what comes next: right after an accept, and later with Ctrl+O after "Not now"."""
        from baton.tui.screens.next_handoff import NextHandoffScreen

        state = self.state
        if state is not None and state.template is not None and state.template.next:
            self.app.push_screen(
                NextHandoffScreen(state.id, list(state.template.next), self.teammates, self.app.replica.user),
                self._next_opened,
            )

    def _next_opened(self, handoff_id: str | None) -> None:
        if handoff_id:
            self.reload()  # type: ignore[attr-defined]  # this handoff now links to the next one
            self.app.refresh_screens_below(self)
            self.app.open_handoff(handoff_id)
