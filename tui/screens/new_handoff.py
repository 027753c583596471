"""Start a handoff: pick a template, give it a title, a receiver (or let its stage pick one) and maybe a due date."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from baton.core.catalog import Entry, skipped_words
from baton.core.errors import BatonError
from baton.core.template import Template
from baton.tui.messages import ActionDone, ChecklistsRead, RoutePreviewed
from baton.tui.screens.action_modal import ActionModal
from baton.tui.shown import escape, option, plain
from baton.tui.widgets.parted_lines import PartedLines
from baton.tui.widgets.undo_input import UndoInput
from baton.tui.words import refusal_words

ROUTE = "@"
ROUTE_LABEL = "route to the stage"


def route_rank(template: Template, search: str) -> int:
    """Where a checklist goes in the list for what was typed: its route read in the order typed first.

    "sales to" (or "sales", "sales-to-onb") puts Sales → Onboarding above Marketing → Sales, and "to onboarding"
    puts it above Onboarding → Delivery: Enter or Tab takes the first one, and it was the alphabetical first,
    so a search that read as one route picked another. 0: the route starts as typed; 1: holds it; 2: the rest.
    """
    typed = " ".join(search.lower().replace("→", " to ").replace("-", " ").split())
    if not typed:
        return 2
    route = f"{template.from_stage} to {template.to_stage}".lower().replace("-", " ")
    if route.startswith(typed):
        return 0
    return 1 if f" {typed}" in f" {route}" else 2


DUE_LABEL = "Due date (optional)"
"""Above the due field while it names no day; once it does, the day it names (`due Fri 2026-12-04`)."""


class NewHandoffScreen(ActionModal):
    """Dismissed with the new handoff's id (the app then opens it)."""

    DEFAULT_CSS = """
    NewHandoffScreen #templates { height: auto; max-height: 5; }
    NewHandoffScreen #to { height: auto; max-height: 3; }
    NewHandoffScreen #route { color: $text-muted; height: auto; }
    NewHandoffScreen #dialog { width: 90; }
    NewHandoffScreen Label { margin-top: 1; }
    NewHandoffScreen #dialog-title { margin: 0; }
    NewHandoffScreen #to-row { height: auto; }
    NewHandoffScreen #to-column { width: 1fr; height: auto; }
    NewHandoffScreen #due-column { width: 24; height: auto; margin-left: 2; }
    NewHandoffScreen #due { width: 100%; }
    NewHandoffScreen .buttons .error { width: 1fr; height: auto; min-height: 3; content-align: left middle; }
    NewHandoffScreen OptionList { border: none; padding: 0; }
    NewHandoffScreen OptionList:focus { border: none; border-left: outer $accent; }
    NewHandoffScreen .buttons { dock: bottom; height: auto; margin: 0; background: $surface; }
    """
    """Every field in view at 80x24: the due date sits beside the receivers (Tab and Enter reach it after them)."""
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        # The list of checklists is picked from the search box (↑ ↓), not a Tab stop of its own: a Tab after
        # the search lands in the title, and a title typed then is not swallowed by the list.
        Binding("up", "template(-1)", "Previous template", show=False),
        Binding("down", "template(1)", "Next template", show=False),
        Binding("pageup", "template(-5)", "Previous templates", show=False),
        Binding("pagedown", "template(5)", "Next templates", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = []
        self.teammates: dict[str, dict] = {}
        self.listed = False
        """False until the checklists and teammates are listed."""

    @property
    def ready_for_keys(self) -> bool:
        """Keys typed before the lists are there, or while the handoff is being created, wait (first_frame.py): a
        Down and Enter typed ahead pick a receiver rather than fall on an empty list, and what is typed right
        after "Create" goes to the new handoff's first field, not into this dialog as it closes."""
        return self.listed and not self.working

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Created: the app opens the handoff once this dialog has closed, and keys wait for it meanwhile
        (ActionModal's own handler then closes the dialog)."""
        if event.worker.group == "modal-write" and isinstance(event.worker.result, ActionDone):
            self.app.screen_coming = True

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Label("New handoff", id="dialog-title")
            yield UndoInput(
                placeholder="Search templates (↑ ↓ to pick): stage, trigger…", compact=True, id="template-search"
            )
            templates = OptionList(id="templates")
            templates.can_focus = False
            yield templates
            yield Label("Title, as the receiver will see it")
            yield UndoInput(placeholder="e.g. Acme Corp — 40 seats, annual", compact=True, id="title")
            with Horizontal(id="to-row"):
                with Vertical(id="to-column"):
                    yield Label("Receiver (↑ ↓)")
                    yield OptionList(id="to")
                with Vertical(id="due-column"):
                    yield Label(DUE_LABEL, id="due-label")
                    yield UndoInput(placeholder="fri, 2w or YYYY-MM-DD", compact=True, id="due")
            yield Static("", id="route", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Create", id="create", variant="success")
                yield Button("Cancel", id="cancel")
                yield Static("", classes="error", markup=False)  # beside the buttons: always in view
        yield Footer()

    def on_resize(self) -> None:
        """Five lines of checklists at 24 rows (the footer takes one), more on a taller terminal (in CSS, a `vh`
        height left the dialog as tall as the whole list, with a gap above the buttons)."""
        self.query_one("#templates").styles.max_height = max(5, self.app.size.height // 4 - 1)

    def on_mount(self) -> None:
        self.on_resize()
        self.query_one("#template-search", Input).focus()  # typing starts at once; the list fills as it comes
        self.load()

    @work(thread=True, group="new-handoff", exit_on_error=False)
    def load(self) -> None:
        from baton.core.receivers import not_removed

        replica = self.app.replica
        try:
            catalog = replica.catalog()
            entries = list(catalog)
            everyone = replica.teammates()
            on_team = set(not_removed(replica, sorted(everyone)))  # never offer someone removed
            teammates = {user: m for user, m in everyone.items() if user in on_team}
        except BatonError as exc:
            self.post_message(ChecklistsRead([], {}, error=str(exc)))
            return
        skipped = skipped_words(catalog.skipped)
        self.post_message(ChecklistsRead(entries, teammates, skipped=skipped))  # dropped if the dialog closed

    def on_checklists_read(self, message: ChecklistsRead) -> None:
        self.listed = True
        if message.error:
            self.notify(message.error, severity="error")
            return
        self.entries, self.teammates = message.entries, message.teammates
        if message.skipped:  # once, as the list comes: the usable checklists are all there
            self.notify(message.skipped, severity="warning", timeout=10)
        me = self.app.replica.user
        receivers = self.query_one("#to", OptionList)
        receivers.clear_options()
        receivers.add_options(
            [Option(ROUTE_LABEL, id=ROUTE)]
            + [
                Option(option(f"{m['display_name']} ({user}, {m['tz']})"), id=user)
                for user, m in sorted(self.teammates.items())
                if user != me
            ]
        )
        receivers.highlighted = 0  # routing to the stage, unless a person is picked
        self._show_templates(self.query_one("#template-search", Input).value)  # what was typed while they came

    def _show_templates(self, search: str) -> None:
        words = search.lower().split()
        options = self.query_one("#templates", OptionList)
        options.clear_options()
        for entry in sorted(self.entries, key=lambda e: route_rank(e.template, search)):
            t = entry.template
            haystack = f"{t.id} {t.title} {t.trigger} {t.from_stage} {t.to_stage}".lower()
            if all(word in haystack for word in words):
                details = [f"  {t.required_count} of {len(t.items)} items required", f"answer within {t.window}"]
                details.append(f"when: {option(t.trigger)}")  # at 80 columns wrapped under the details, not the title
                prompt = PartedLines([([option(t.title)], ""), (details, " · ")], hang=2)
                options.add_option(Option(prompt, id=t.id))
        if options.option_count:
            options.highlighted = 0

    @on(OptionList.OptionHighlighted, "#templates")
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        entry = next((e for e in self.entries if e.template.id == event.option.id), None)
        if entry is not None:
            self.preview_route(entry.template.to_stage)

    @work(thread=True, group="route-preview", exclusive=True, exit_on_error=False)
    def preview_route(self, stage: str) -> None:
        """Whom the stage would pick now, and why (core decides; the dialog only shows it)."""
        from baton.core.drafts import receiver_for

        replica = self.app.replica
        try:
            with replica.lock:
                picked = receiver_for(replica, stage)
            name = self.teammates.get(picked.user, {}).get("display_name", picked.user)
            text = f"{stage} stage: would be {picked.line(name)}"
        except BatonError as exc:
            text = refusal_words(exc)
        self.post_message(RoutePreviewed(plain(text)))

    def on_route_previewed(self, message: RoutePreviewed) -> None:
        """Broken at a colon when it wraps, so "(Wed 09:00 their time)" stays on one line."""
        pieces = [escape(piece) for piece in message.text.split(": ")]
        self.query_one("#route", Static).update(PartedLines([(pieces, ": ")]))

    @on(OptionList.OptionHighlighted, "#to")
    def _receiver_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Whom the stage would pick matters only while the handoff is to be routed to it."""
        self.query_one("#route", Static).display = event.option.id == ROUTE

    def action_template(self, step: int) -> None:
        """↑ ↓ in the search box move through the checklists it lists (elsewhere they do nothing here)."""
        if self.focused is not self.query_one("#template-search"):
            return
        options = self.query_one("#templates", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    @on(Input.Changed, "#template-search")
    def _search(self, event: Input.Changed) -> None:
        self._show_templates(event.value)

    @on(Input.Submitted, "#template-search")
    @on(OptionList.OptionSelected, "#templates")
    def _picked(self) -> None:
        self.query_one("#title", Input).focus()

    @on(Input.Submitted, "#title")
    def _titled(self) -> None:
        self.query_one("#to", OptionList).focus()

    @on(Input.Changed, "#due")
    def _due_typed(self, event: Input.Changed) -> None:
        """The day a word means (`fri` → `due Fri 2026-12-04`) said above the field as it is typed."""
        from baton.core.due_words import chosen_due

        replica = self.app.replica
        said = chosen_due(event.value, replica.wall(), replica.config.tz) if event.value.strip() else None
        self.query_one("#due-label", Label).update(said or DUE_LABEL)

    @on(OptionList.OptionSelected, "#to")
    def _addressed(self) -> None:
        self.query_one("#due", Input).focus()

    @on(Button.Pressed, "#create")
    @on(Input.Submitted, "#due")
    def _create(self) -> None:
        options = self.query_one("#templates", OptionList)
        highlighted = options.highlighted
        template_id = options.get_option_at_index(highlighted).id if highlighted is not None else ""
        title = self.query_one("#title", Input).value
        receivers = self.query_one("#to", OptionList)
        to = str(receivers.get_option_at_index(receivers.highlighted).id) if receivers.highlighted is not None else ""
        routed = to == ROUTE
        due = self.query_one("#due", Input).value.strip() or None
        replica = self.app.replica
        if not template_id:
            self.say("pick a template first", refusal=True)
            return
        if not to:
            self.say("pick a receiver", refusal=True)
            return
        self.run_core("create", lambda: replica.create(str(template_id), title, None if routed else to, due))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    def unsaved_words(self) -> str:
        """A title typed is asked about before Esc, Cancel or quitting drops it: nothing is created yet."""
        if self.query_one("#title", Input).value.strip():
            return "The title you typed is not saved: the handoff is not created yet."
        return ""

    def typing_place(self) -> str:
        return "#title"
