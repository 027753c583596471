"""One handoff: the sender walks the checklist; the receiver answers; leads waive.

Every change is a Replica call in a worker; the state that comes back (folded by
core) drives the inputs, the conditional items, the progress and the gate panel.
Typed text is never dropped: leaving a field saves it, Ctrl+S saves the field
being typed in before it sends, and Esc with unsaved text asks first.
Which inputs, buttons and keys are open comes from core's answer alone
(allowed.allowed_actions, through Replica.allowed_for): the screen holds no rule of its own.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import deque
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Static, TabbedContent, TabPane

from baton.core.allowed import Reason
from baton.core.errors import BatonError
from baton.core.gate import condition_holds
from baton.core.projection import HandoffState
from baton.core.provenance import origin_notes, unconfirmed_notes
from baton.core.receiver_rules import send_saying, unsent_now
from baton.tui.messages import ActionDone, ActionFailed, ChainRead, HandoffLoaded, ItemEdited, ItemSaved
from baton.tui.screens.handoff_focus import HandoffFocus
from baton.tui.screens.handoff_more import REFUSED, HandoffMore
from baton.tui.screens.handoff_text import checklist_of, comments_text, history_grid, summary_lines
from baton.tui.screens.handoff_writes import HandoffWrites, Write
from baton.tui.shown import one_line, plain
from baton.tui.widgets.gate_panel import GatePanel
from baton.tui.widgets.hanging_text import HangingText
from baton.tui.widgets.item_input import NOTHING, ItemInput
from baton.tui.widgets.parted_lines import PartedLines
from baton.tui.widgets.undo_input import UndoInput
from baton.tui.words import RECEIVER_KEY, toast_seconds, with_note

if TYPE_CHECKING:
    from textual import getters

    from baton.tui.app import BatonApp


class HandoffScreen(HandoffWrites, HandoffFocus, HandoffMore, Screen[None]):
    if TYPE_CHECKING:
        app: getters.app[BatonApp]

    CSS_PATH = "handoff.tcss"
    BINDINGS = [  # the footer shows what fits 80 columns for any viewer; the rest are in Ctrl+P and `?`
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "send", "Send"),
        Binding("ctrl+r", "answer", "Accept / return"),
        Binding("ctrl+l", "waive", "Waive"),
        Binding("ctrl+g", "reassign", "Reassign"),
        Binding("ctrl+z", "undo", "Undo mine"),
        Binding("ctrl+x", "cancel_handoff", "Cancel handoff", show=False, priority=True),  # before an input's cut
        Binding("ctrl+b", "brief", "Brief", show=False),
        Binding("ctrl+u", "upgrade", "Upgrade checklist", show=False, priority=True),  # said above when offered
        Binding("ctrl+o", "open_next", "Open the next handoff", show=False),  # said above when offered
        Binding("f5", "app.sync_screen", "Sync", show=False),
        Binding("q", "app.quit", "Quit", show=False),
        Binding("f2", "tab('checklist')", "Checklist", show=False),
        Binding("f3", "tab('comments')", "Comments", show=False),
        Binding("f4", "tab('history')", "History", show=False),
        *(
            Binding(key, f"refused('{key}')", "", show=False, system=True) for key in REFUSED
        ),  # when the key's own is shut
    ]

    def __init__(self, handoff_id: str) -> None:
        super().__init__()
        self.handoff_id = handoff_id
        self.state: HandoffState | None = None
        self.allowed: dict[str, Reason | None] = {}
        """What this person may do with the handoff now (core's answer), refreshed with every state."""
        self.receiver_gone: str | None = None
        """Why a send is refused while the receiver stays someone a lead removed (core's words), or None."""
        self.teammates: dict[str, dict[str, Any]] = {}
        self.upgrade_offered = False
        self.next_offered = False
        self.left_item: str | None = None
        """The item the focus was on when the fields closed (a send): it goes back there when they open again."""
        self.shown_version = 0
        self.ready_for_keys = False
        """False until the checklist is shown and the focus is in place: keys typed meanwhile wait (first_frame.py)."""
        self.writes: deque[Write] = deque()
        """Writes asked and not yet run, oldest first: they run one at a time in that order."""
        self.writing = threading.Lock()
        self.send_asked = False
        """True from Ctrl+S until core has answered the send: a second Ctrl+S meanwhile asks nothing."""
        self.comments_asked: deque[str] = deque()
        """The comments on their way to core, oldest first: the box emptied as each was taken, and one refused
        comes back into it."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading…", id="summary")
        yield Static("", id="chain")
        with Horizontal(id="body"):
            with TabbedContent(id="tabs", initial="checklist"):
                with TabPane("Checklist F2", id="checklist"):
                    yield VerticalScroll(id="items")
                with TabPane("Comments F3", id="comments"):
                    yield VerticalScroll(HangingText("", id="comment-list"), id="comment-scroll")
                    # a comment half typed, or a return's reason kept here, is not replaced by the next key
                    yield UndoInput(
                        placeholder="Write a comment, then Enter",
                        id="comment-input",
                        select_on_focus=False,
                        empties_on_submit=True,  # the next comment may be typed at once
                    )
                with TabPane("History F4", id="history"):
                    yield VerticalScroll(Static("", id="history-list", markup=False))
            with Vertical(id="side"):
                yield GatePanel()
                yield Button("Send  ^s", id="send", variant="success", disabled=True)
                yield Button("Accept / return  ^r", id="answer", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    # ---- reading ----------------------------------------------------------
    @work(thread=True, group="handoff-load", exit_on_error=False)
    def reload(self) -> None:
        replica = self.app.replica
        try:
            state = replica.state(self.handoff_id)
            teammates = replica.teammates()
            replica.answer_checks()  # the team's answer-checks.toml is read here, off the screen's thread
        except (BatonError, sqlite3.Error) as exc:
            self.post_message(ActionFailed("open", str(exc)))
            return
        self.post_message(HandoffLoaded(state, teammates))

    @work(thread=True, group="handoff-chain", exclusive=True, exit_on_error=False)
    def load_chain(self, state: HandoffState) -> None:
        """The window in both people's time, the chain both ways and an upgrade on offer (handoff_chain.py)."""
        from baton.tui.screens.handoff_chain import chain_lines, read_chain

        replica = self.app.replica
        try:
            with replica.lock:
                facts = read_chain(replica, state)
        except (BatonError, sqlite3.Error):
            return
        lines = chain_lines(state, facts, self.teammates, replica.user, replica.config.tz, self.app.clock())
        self.post_message(ChainRead(lines, bool(facts.upgrade), facts.next_offered))  # dropped once the screen closed

    def on_chain_read(self, message: ChainRead) -> None:
        self.upgrade_offered = message.upgrade_offered
        self.next_offered = message.next_offered
        chain = self.query_one("#chain", Static)
        chain.update(PartedLines(message.lines))
        chain.display = bool(message.lines)
        self.refresh_bindings()

    async def on_handoff_loaded(self, message: HandoffLoaded) -> None:
        self.teammates = message.teammates
        if self.state is None:
            for problem in self.app.replica.answer_checks().problems:
                self.notify(problem, severity="warning")
        await self.show_state(message.state)

    async def show_state(self, state: HandoffState) -> None:
        first = self.state is None
        self.state = state
        app = self.app
        me = app.replica.user
        was_editable = self.allowed.get("edit", "") is None
        self.allowed = allowed = app.replica.allowed_for(state)
        editable = allowed["edit"] is None
        if was_editable and not editable:
            self.left_item = self._item_in_focus()
        send = allowed["send"]
        self.receiver_gone = unsent_now(state, app.replica.store.rules)
        sending = self._theirs_to_send()  # the gate, or a removed receiver, may still hold it
        self.sub_title = one_line(state.title)
        self.query_one("#summary", Static).update(
            PartedLines(summary_lines(state, self.teammates, app.clock(), me, self.receiver_gone is not None))
        )
        self.load_chain(state)
        items = self.query_one("#items", VerticalScroll)
        template = checklist_of(state)
        if first or self.shown_version != template.version:  # an upgrade changes the checklist itself
            await items.remove_children()
            await items.mount_all(ItemInput(item, state.values.get(item.id), editable) for item in template.items)
            self.shown_version = template.version
        blockers = {b.item_id: b for b in state.blockers()}
        warnings = app.replica.warnings(state, app.clock())
        warned = {w.item_id: f"{w.reason} (a warning, not a blocker). {w.fix}" for w in reversed(warnings)}
        carried, origins = unconfirmed_notes(state), origin_notes(state, app.replica.config.tz)  # as `show` says
        for item in template.items:
            widget = self.query_one(f"#item-{item.id}", ItemInput)
            widget.display = condition_holds(item, template, state.values)
            waiver = state.waivers.get(item.id)
            blocker = blockers.get(item.id)
            shown_problem = blocker.reason if blocker and item.id in state.values else ""
            waived = f"{waiver[0]} ({waiver[1]})" if waiver else ""
            value = state.values.get(item.id)
            note = warned.get(item.id, "")
            widget.show(
                value, shown_problem, waived, editable, note, carried.get(item.id, ""), origins.get(item.id, "")
            )
        done, total = state.progress()
        refusal = f"{self.receiver_gone} ({RECEIVER_KEY})" if sending and self.receiver_gone else ""
        self.query_one(GatePanel).show(
            done, total, list(blockers.values()), sending, warnings, len(state.waivers), refusal
        )
        self.query_one("#send", Button).label = "Send  ^s"
        self.query_one("#send", Button).disabled = send is not None
        self.query_one("#send", Button).display = sending
        self.query_one("#answer", Button).display = allowed["accept"] is None or allowed["return"] is None
        self.query_one("#comment-list", Static).update(plain(comments_text(state, app.when)))
        self.query_one("#history-list", Static).update(history_grid(state, app.when))
        self.refresh_bindings()
        if first:
            self.call_after_refresh(self._focus_first_open if editable else self._focus_to_read)
        elif editable and not was_editable:  # a recall or a reopen: typing goes on where it stopped, not nowhere
            self.call_after_refresh(self._focus_again)

    # ---- what was typed and not saved ---------------------------------------
    def unsaved(self) -> dict[str, Any]:
        """Item id -> raw input for every field whose text differs from what is saved."""
        found = {}
        for widget in self.query(ItemInput):
            raw = widget.pending()
            if raw is not NOTHING:
                found[widget.item.id] = raw
        return found

    def on_item_edited(self, message: ItemEdited) -> None:
        message.stop()
        self.write("save", None, message.item_id, {message.item_id: message.raw})

    async def on_item_saved(self, message: ItemSaved) -> None:
        await self.show_state(message.state)

    def on_action_failed(self, message: ActionFailed) -> None:
        if message.action == "send":
            self.send_asked = False
        if message.action == "comment" and self.comments_asked:
            self.comment_back(self.comments_asked.popleft())
        if message.action != "save":  # a refused value is said under its input
            self.notify(plain(message.error), title=f"{message.action} refused", severity="error", markup=False)
        if message.action == "open":
            self.ready_for_keys = True  # the keys typed meanwhile go to the screen below
            self.app.pop_screen()
            return
        if message.item_id:
            refused = self.query_one(f"#item-{message.item_id}", ItemInput)
            refused.refuse(message.error)
            self.query_one(TabbedContent).active = "checklist"
            refused.focus_to_fix()  # fix it here; Tab again leaves it as it is
        if message.first_blocker:
            self.query_one(TabbedContent).active = "checklist"
            widget = self.query_one(f"#item-{message.first_blocker}", ItemInput)
            widget.scroll_visible()
            widget.focus_input()
        if self.state is not None and message.action != "save":
            self.reload()

    async def on_action_done(self, message: ActionDone) -> None:
        if message.state is not None:
            await self.show_state(message.state)
        if message.action == "send":
            self.send_asked = False
        if message.action == "comment" and self.comments_asked:
            self.comments_asked.popleft()
        self.notify(message.summary, timeout=toast_seconds(message.summary))
        self.app.show_hook_outcomes(message.hooks)
        self.app.refresh_screens_below(self)

    # ---- actions ----------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.state
        if state is None:
            return action in ("back", "tab")
        if action == "refused":  # only where the key's own action is shut: it then says core's reason
            return self.refusal(str(parameters[0])) is not None
        allowed = self.allowed
        if action == "send":  # held by the gate or a removed receiver, the key still tries: the refusal says why
            return self._theirs_to_send()
        if action == "answer":
            return allowed.get("accept") is None or allowed.get("return") is None
        if action == "waive":
            return allowed.get("waive", "") is None
        if action == "reassign":  # its dialog moves the next step, or gives a draft another receiver
            return allowed.get("reassign", "") is None or allowed.get("change_receiver", "") is None
        if action == "upgrade":  # core offers it: a newer checklist, and this viewer may apply it
            return self.upgrade_offered
        if action == "open_next":
            return self.next_offered
        if action == "cancel_handoff":
            return allowed.get("cancel", "") is None
        if action == "undo":  # core says whether there is a change of mine to take back (or an answer to explain)
            return self.undo_offered()
        return True

    def unsaved_words(self) -> str:
        """A comment typed and not added yet (Enter adds it): Esc and quit ask before dropping it."""
        typed = self.query_one("#comment-input", Input).value.strip()
        return "The comment you typed is not added yet (Enter adds it)." if typed else ""

    def action_back(self, comment_asked: bool = False) -> None:
        from baton.tui.screens.confirm import UNSAVED, Confirm, drop_typed

        lost = "" if comment_asked else self.unsaved_words()
        if lost:  # first the comment (it can only be kept or dropped), then the fields below as before

            def go_on(answer: str | None) -> None:
                if answer == "discard":
                    self.action_back(comment_asked=True)
                else:
                    self.query_one("#comment-input", Input).focus()

            self.app.push_screen(drop_typed(lost, self.query_one("#comment-input")), go_on)
            return
        edits = self.unsaved()
        if not edits:
            self.app.pop_screen()
            return

        def chosen(answer: str | None) -> None:
            if answer == "save":
                self.write("leave", None, None, edits)
            elif answer == "discard":
                self.app.pop_screen()

        self.app.push_screen(Confirm("Typed text is not saved", self.not_saved_words(edits), UNSAVED), chosen)

    def not_saved_words(self, edits: dict[str, Any]) -> str:
        """The items typed in and not saved, by their text: Esc and quit name them alike."""
        return f"Not saved yet: {', '.join(self.query_one(f'#item-{i}', ItemInput).item.text for i in edits)}."

    def action_tab(self, pane: str) -> None:
        """Show a tab and put the focus in it: focus left in the pane being hidden pulls that pane back."""
        self.set_focus(None)
        self.query_one(TabbedContent).active = pane
        if pane == "comments":
            self.query_one("#comment-input", Input).focus()
            return
        items = [i for i in self.query(ItemInput) if i.editable and i.display] if pane == "checklist" else []
        if items:
            items[0].focus_input()
        else:
            self.query_one(f"#{pane} VerticalScroll").focus()

    def action_send(self) -> None:
        """Save what is typed in the fields first, then send (so nothing typed is lost or blocks by mistake)."""
        replica, handoff, state = self.app.replica, self.handoff_id, self.state
        if state is None or self.send_asked:  # not loaded yet, or a send already on its way: one send
            return
        self.send_asked = True
        button = self.query_one("#send", Button)
        button.label, button.disabled = "Sending…", True  # a team's on-send hook may take seconds

        def send() -> str:
            from baton.core.answer_warnings import sent_with_vague, vague_items
            from baton.core.receivers import absence_note

            send_saying(replica, handoff, RECEIVER_KEY)  # to a removed receiver: says where the app gives another
            # away today or removed since the draft named them: said, as `baton send` does
            said = with_note(f"sent to {state.receiver}", absence_note(replica, state.receiver))
            found = replica.warnings(replica.state(handoff))  # vague answers: said as `baton send` says them
            return f"{said}\n{sent_with_vague(found)} {', '.join(vague_items(found))}" if found else said

        self.write("send", send, None, self.unsaved())

    @on(Button.Pressed, "#send")
    def _send_pressed(self) -> None:
        self.action_send()

    @on(Button.Pressed, "#answer")
    def _answer_pressed(self) -> None:
        self.action_answer()

    @on(Input.Submitted, "#comment-input")
    def _comment(self, event: Input.Submitted) -> None:
        """The box is already empty (it empties as it takes Enter): an Enter again adds nothing."""
        replica, handoff, text = self.app.replica, self.handoff_id, event.value
        if not text.strip():
            return
        self.comments_asked.append(text)
        self.write("comment", lambda: (replica.comment(handoff, text), "comment added")[1])

    def comment_back(self, text: str) -> None:
        """A comment core refused goes back into the box, before anything typed since."""
        self.query_one("#comment-input", UndoInput).give_back(text)
