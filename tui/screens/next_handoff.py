"""After an accept: open the chain's next handoff now? (core opens it; this dialog only asks)."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from baton.tui.messages import NextChecklistsNamed, RoutePreviewed
from baton.tui.screens.action_modal import ActionModal
from baton.tui.shown import option, plain

ROUTED = "@"
"""The receiver option that lets the next stage's rule pick, as `baton next` does without --to."""


class NextHandoffScreen(ActionModal):
    """Dismissed with the opened draft's id (or what went wrong, in words), or None for "not now".

    Routing picks the receiver unless one is chosen: the way on when nobody receives for the next stage."""

    DEFAULT_CSS = """
    NextHandoffScreen #to { height: auto; max-height: 6; }
    NextHandoffScreen #route { color: $text-muted; height: auto; }
    """

    nobody = False
    """Core said the next stage's rule can pick nobody now: "Open it" waits for a receiver named in the list."""

    def __init__(
        self, handoff_id: str, next_ids: list[str], teammates: dict[str, dict[str, Any]] | None = None, me: str = ""
    ) -> None:
        super().__init__()
        self.handoff_id = handoff_id
        self.next_ids = next_ids
        self.teammates = teammates or {}
        self.me = me

    def people(self) -> list[tuple[str, str]]:
        """Whom the next handoff may go to: teammates a lead has not removed (core's list), not oneself."""
        from baton.core.receivers import not_removed

        mates = self.teammates
        return [
            (f"{mates[user].get('display_name') or user} ({user})", user)
            for user in not_removed(self.app.replica, sorted(mates))
            if user != self.me
        ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Open the next handoff?", id="dialog-title")
            yield Static(self._said(", ".join(self.next_ids)), id="next-what", markup=False)
            yield Static("Receiver (↑ ↓, Enter, then Enter again on Open it):", markup=False)
            yield OptionList(
                Option("the next stage's rule picks", id=ROUTED),
                *(Option(option(label), id=user) for label, user in self.people()),
                id="to",
            )
            yield Static("", id="route", markup=False)  # whom the rule picks: "the rule picks" said nobody
            yield Static("", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Open it", id="open", variant="success")
                yield Button("Not now", id="cancel")

    @staticmethod
    def _said(what: str) -> str:
        return (
            f"This work goes on as {what}. baton can open it now as your draft, "
            "with the values already given carried over, each marked with where it came from."
        )

    def on_mount(self) -> None:
        self.name_next()

    @work(thread=True, exit_on_error=False)
    def name_next(self) -> None:
        """The next checklists by their titles, as the new-handoff list shows them (ids until they are read)."""
        from baton.core.errors import BatonError

        try:
            titles = {entry.template.id: entry.template.title for entry in self.app.replica.catalog()}
        except BatonError:
            return
        named = ", ".join(f"“{titles[i]}”" if i in titles else i for i in self.next_ids)
        self.post_message(NextChecklistsNamed(plain(named)))
        self.preview_routes()

    def preview_routes(self) -> None:
        """Whom each next checklist's stage would pick now, and why, or why nobody (core decides, as for a new
        handoff): a person choosing between "the rule picks" and a name sees what the rule would do."""
        from baton.core.drafts import receiver_for
        from baton.core.errors import BatonError
        from baton.core.routing import NoCandidate
        from baton.tui.words import APP_FIX, refusal_words

        replica, said, picks = self.app.replica, [], False
        try:
            stages = [entry.template.to_stage for entry in replica.catalog() if entry.template.id in self.next_ids]
        except BatonError:
            return
        for stage in dict.fromkeys(stages):
            try:
                with replica.lock:
                    picked = receiver_for(replica, stage)  # what `open_next` routes with: its refusal, said here once
                name = self.teammates.get(picked.user, {}).get("display_name", picked.user)
                said.append(f"{stage} stage: would be {picked.line(name)}")
                picks = True
            except NoCandidate as exc:  # the way to name one is right above
                said.append(exc.said(APP_FIX, " in the list above"))
            except BatonError as exc:
                said.append(refusal_words(exc))
        self.post_message(RoutePreviewed(plain("\n".join(said)), picks=picks or not stages))

    def on_next_checklists_named(self, message: NextChecklistsNamed) -> None:
        self.query_one("#next-what", Static).update(self._said(message.names))

    def on_route_previewed(self, message: RoutePreviewed) -> None:
        self.query_one("#route", Static).update(message.text)
        self.nobody = not message.picks
        self.free_buttons()

    def routed(self) -> bool:
        """The highlighted receiver is "the rule picks" (or none is highlighted, which means the same)."""
        options = self.query_one("#to", OptionList)
        picked = options.highlighted
        return picked is None or options.get_option_at_index(picked).id == ROUTED

    def free_buttons(self) -> None:
        """The "Open it" button stays off while the rule is to pick and core said it can pick nobody: pressing it
        would only repeat the refusal the dialog already shows."""
        if self.working:
            return
        super().free_buttons()
        self.query_one("#open", Button).disabled = self.nobody and self.routed()

    @on(OptionList.OptionHighlighted, "#to")
    def _receiver_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Whom the stage would pick matters only while the rule is to pick."""
        self.query_one("#route", Static).display = event.option.id == ROUTED
        self.free_buttons()

    @on(Button.Pressed, "#open")
    def _open(self) -> None:
        from baton.core.chains import open_next
        from baton.core.errors import BatonError
        from baton.tui.words import refusal_words

        replica, handoff = self.app.replica, self.handoff_id
        options = self.query_one("#to", OptionList)
        picked = options.highlighted
        chosen = str(options.get_option_at_index(picked).id) if picked is not None else ROUTED
        to = None if chosen == ROUTED else chosen

        def call() -> str:
            results = open_next(replica, handoff, to)
            opened = [r for r in results if r.handoff_id]
            if not opened:
                said = [refusal_words(r.refusal) if r.refusal else r.problem for r in results]
                raise BatonError("; ".join(said) or "nothing to open")
            return opened[0].handoff_id

        self.run_core("open next", call)

    def refused_place(self) -> Widget | None:
        """Refusals here are about whom to open it for (nobody receives for the stage): back to the list."""
        return self.query_one("#to", OptionList)

    @on(OptionList.OptionSelected, "#to")
    def _picked(self) -> None:
        button = self.query_one("#open", Button)
        if button.disabled:  # the rule picks nobody: the line under the list says so, and the focus stays here
            self.app.bell()
            return
        button.focus()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
