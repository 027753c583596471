"""Start a handoff: pick a template, give it a title, a receiver (or let its stage pick one) and maybe a due date."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from baton.core.catalog import Entry
from baton.core.errors import BatonError
from baton.tui.screens.action_modal import ActionModal

ROUTE = "@"
ROUTE_LABEL = "route to the stage"


class NewHandoffScreen(ActionModal):
    """Dismissed with the new handoff's id (the app then opens it)."""

    DEFAULT_CSS = """
    NewHandoffScreen OptionList { height: 10; }
    NewHandoffScreen #dialog { width: 90; }
    NewHandoffScreen .row { height: auto; }
    NewHandoffScreen .row Input { width: 1fr; }
    NewHandoffScreen #to { width: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = []
        self.teammates: dict[str, dict] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("New handoff", id="dialog-title")
            yield Input(placeholder="Search templates: stage, trigger, title…", id="template-search")
            yield OptionList(id="templates")
            yield Label("Title, as the receiver will see it")
            yield Input(placeholder="e.g. Acme Corp — 40 seats, annual", id="title")
            with Horizontal(classes="row"):
                yield Select([], prompt="receiver", id="to")
                yield Input(placeholder="due YYYY-MM-DD (optional)", id="due")
            yield Static("", id="route", markup=False)
            yield Static("", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Create", id="create", variant="success")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, group="new-handoff", exit_on_error=False)
    def load(self) -> None:
        replica = self.app.replica
        try:
            entries = list(replica.catalog())
            teammates = replica.teammates()
        except BatonError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._loaded, entries, teammates)

    def _loaded(self, entries: list[Entry], teammates: dict[str, dict]) -> None:
        self.entries, self.teammates = entries, teammates
        me = self.app.replica.user
        receivers = self.query_one("#to", Select)
        receivers.set_options(
            [(ROUTE_LABEL, ROUTE)]
            + [
                (f"{m['display_name']} ({user}, {m['tz']})", user)
                for user, m in sorted(teammates.items())
                if user != me
            ]
        )
        receivers.value = ROUTE
        self._show_templates("")
        self.query_one("#template-search", Input).focus()

    def _show_templates(self, search: str) -> None:
        words = search.lower().split()
        options = self.query_one("#templates", OptionList)
        options.clear_options()
        for entry in self.entries:
            t = entry.template
            haystack = f"{t.id} {t.title} {t.trigger} {t.from_stage} {t.to_stage}".lower()
            if all(word in haystack for word in words):
                options.add_option(
                    Option(
                        f"{t.title}\n  {t.required_count} of {len(t.items)} items required · "
                        f"answer within {t.window} · when: {t.trigger}",
                        id=t.id,
                    )
                )
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
            text = str(exc)
        self.app.call_from_thread(self.query_one("#route", Static).update, text)

    @on(Input.Changed, "#template-search")
    def _search(self, event: Input.Changed) -> None:
        self._show_templates(event.value)

    @on(Input.Submitted, "#template-search")
    @on(OptionList.OptionSelected, "#templates")
    def _picked(self) -> None:
        self.query_one("#title", Input).focus()

    @on(Button.Pressed, "#create")
    @on(Input.Submitted, "#due")
    def _create(self) -> None:
        options = self.query_one("#templates", OptionList)
        highlighted = options.highlighted
        template_id = options.get_option_at_index(highlighted).id if highlighted is not None else ""
        title = self.query_one("#title", Input).value
        choice = self.query_one("#to", Select).value
        to = "" if choice is Select.NULL else str(choice)
        routed = to == ROUTE
        due = self.query_one("#due", Input).value.strip() or None
        replica = self.app.replica
        if not template_id:
            self.query_one(".error", Static).update("✗ pick a template first")
            return
        if not to:
            self.query_one(".error", Static).update("✗ pick a receiver")
            return
        self.run_core("create", lambda: replica.create(str(template_id), title, None if routed else to, due))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
