"""The team screen's dialog for someone's stages, working hours and days away.

Whom it offers, and whether their stages may change, is core's answer
(core/team/allowed.py `member_choices`: a lead, everyone; a member, themself); the
change goes through the same functions as `baton team set` and `baton team away` (days
as those commands take them: `tomorrow`, `fri`, `2w`, in the person's own calendar), and
core's refusal is shown in the dialog, which stays open to fix it. Without it a lead
read "add one with `baton team set …`" in the app and had to leave it to do so.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from baton.core.team.allowed import MemberChoice
from baton.tui.screens.action_modal import ActionModal
from baton.tui.shown import option
from baton.tui.widgets.undo_input import UndoInput

APP_WORDS = ("the first day", "the last day")
"""How core names the two days away here: the fields' own names, not the command's options."""


def choice_line(choice: MemberChoice) -> str:
    """One line per person: who, what they receive for, their hours, and their days away."""
    stages = ", ".join(choice.stages) or "no stages"
    away = "; away " + ", ".join(f"{a} to {b}" for a, b in choice.away) if choice.away else ""
    return f"{choice.user} ({choice.name}) · {stages} · {choice.hours or 'default hours'}{away}"


class MemberHoursScreen(ActionModal):
    """Dismissed with what was written, or None when closed."""

    DEFAULT_CSS = """
    MemberHoursScreen OptionList { max-height: 4; }
    MemberHoursScreen .row { height: auto; }
    MemberHoursScreen .row Label { width: 8; padding: 0 1 0 0; }
    MemberHoursScreen .row Input { width: 1fr; }
    MemberHoursScreen .row .day { width: 14; }
    MemberHoursScreen .row .between { width: 4; padding: 0 1; }
    MemberHoursScreen .note { color: $text-muted; height: auto; padding: 0 0 0 9; }
    MemberHoursScreen .buttons { margin-top: 0; }
    MemberHoursScreen #dialog-title { margin-bottom: 0; }
    """

    def __init__(self, choices: list[MemberChoice], viewer: str) -> None:
        super().__init__()
        self.choices = choices
        self.viewer = viewer
        self.part = "#person"
        """Where the focus goes back to after a refusal, or after "Keep editing"."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Stages, working hours and days away", id="dialog-title")
            yield Label("Whose (↑ ↓):")
            yield OptionList(*(Option(option(choice_line(c)), id=c.user) for c in self.choices), id="person")
            with Horizontal(classes="row"):
                yield Label("Stages")
                yield UndoInput(compact=True, select_on_focus=False, id="stages")
            yield Static("", classes="note", id="stages-note", markup=False)
            with Horizontal(classes="row"):
                yield Label("Hours")
                yield UndoInput(compact=True, select_on_focus=False, id="hours")
            yield Static("in their zone, e.g. mon-fri 09:00-17:00, or mon-fri 09:00-12:00, 13:00-17:00", classes="note")
            with Horizontal(classes="buttons"):
                yield Button("Save stages and hours", id="save", variant="primary", compact=True)
            with Horizontal(classes="row"):
                yield Label("Away")
                yield UndoInput(placeholder="first day", compact=True, classes="day", id="away-from")
                yield Label("to", classes="between")
                yield UndoInput(placeholder="last day", compact=True, classes="day", id="away-to")
            with Horizontal(classes="row"):
                yield Label("Why")
                yield UndoInput(placeholder="optional, for the team to read", compact=True, id="away-reason")
            yield Static("YYYY-MM-DD, tomorrow, fri, 2w… their calendar; both included", classes="note")
            with Horizontal(classes="buttons"):
                yield Button("Record days away", id="away", variant="warning", compact=True)
                yield Button("Close", id="cancel", compact=True)
            yield Static("", classes="error", markup=False)

    def on_mount(self) -> None:
        people = self.query_one("#person", OptionList)
        mine = next((n for n, c in enumerate(self.choices) if c.user == self.viewer), 0)
        people.highlighted = mine if self.choices else None
        self._fill()
        people.focus()

    def chosen(self) -> MemberChoice | None:
        index = self.query_one("#person", OptionList).highlighted
        return self.choices[index] if index is not None and index < len(self.choices) else None

    @on(OptionList.OptionHighlighted, "#person")
    def _fill(self) -> None:
        """The person's stages and hours as the roster holds them; stages stay shut with why, when core says so."""
        choice = self.chosen()
        stages, hours = self.query_one("#stages", Input), self.query_one("#hours", Input)
        stages.value = ", ".join(choice.stages) if choice else ""
        hours.value = choice.hours if choice else ""
        hours.placeholder = "default: mon-fri 09:00-17:00"
        problem = choice.stages_problem if choice else None
        stages.disabled = problem is not None
        stages.placeholder = "the stages they receive for, comma separated"
        note = self.query_one("#stages-note", Static)
        note.update(problem or "")
        note.display = problem is not None  # on a line of its own: a field's placeholder is cut at its width

    @on(OptionList.OptionSelected, "#person")
    def _picked(self) -> None:
        target = self.query_one("#hours") if self.query_one("#stages").disabled else self.query_one("#stages")
        target.focus()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter goes on, as Tab does; in the last field of a part it presses that part's button."""
        event.stop()
        presses = {"hours": "#save", "away-reason": "#away"}
        if event.input.id in presses:
            self.query_one(presses[event.input.id], Button).press()
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        from baton.core.team import membership

        choice = self.chosen()
        if choice is None:
            return
        changes: dict[str, object] = {}
        stages_field = self.query_one("#stages", Input)
        stages = [s.strip() for s in stages_field.value.split(",") if s.strip()]
        if not stages_field.disabled and stages != list(choice.stages):
            changes["stages"] = stages
        hours = self.query_one("#hours", Input).value.strip()
        if hours and hours != choice.hours:
            changes["hours"] = hours
        if not changes:
            self.query_one(".error", Static).update("Nothing to save: the stages and hours are as they were.")
            return
        replica, user = self.app.replica, choice.user

        def write() -> str:
            from baton.core.unknown_stages import unknown_stages_note

            membership.set_member(replica, user, **changes)
            said = [f"stages {', '.join(stages) or 'none'}" if "stages" in changes else ""]
            said += [f"hours {hours}" if "hours" in changes else ""]
            note = unknown_stages_note(replica, user, stages) if "stages" in changes else None
            return f"{user}: " + "; ".join(s for s in said if s) + (f". Note: {note}" if note else "")

        self.part = "#hours"
        self.run_core("member-set", write)

    @on(Button.Pressed, "#away")
    def _away(self) -> None:
        from baton.core.errors import InvalidValue
        from baton.core.members import away_day, check_away
        from baton.core.team import membership

        choice = self.chosen()
        if choice is None:
            return
        start = self.query_one("#away-from", Input).value.strip()
        typed_end = self.query_one("#away-to", Input).value.strip()
        end = typed_end or start  # one day away: the first day alone
        reason = self.query_one("#away-reason", Input).value
        replica, user = self.app.replica, choice.user

        def write() -> str:
            first, last = away_day(replica, user, start), away_day(replica, user, end)  # `fri`: the day it names
            try:
                check_away(first, last, replica.wall(), words=APP_WORDS)
            except InvalidValue as exc:  # the cursor goes to the day refused, if it was typed
                self.part = "#away-to" if exc.field == APP_WORDS[1] and typed_end else "#away-from"
                raise
            membership.away(replica, user, first, last, reason=reason)
            return f"{user}: away {first} to {last}" if last != first else f"{user}: away on {first}"

        self.part = "#away-from"
        self.run_core("member-away", write)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    def refused_place(self) -> Widget | None:
        """The part core refused: its first field, where the fix is typed."""
        return self.query_one(self.part)

    def unsaved_words(self) -> str:
        choice = self.chosen()
        typed = [self.query_one(f"#{f}", Input).value.strip() for f in ("away-from", "away-to", "away-reason")]
        stages = ", ".join(choice.stages) if choice else ""
        changed = choice is not None and (
            (not self.query_one("#stages", Input).disabled and self.query_one("#stages", Input).value.strip() != stages)
            or self.query_one("#hours", Input).value.strip() != choice.hours
        )
        return "What you typed here is not saved." if any(typed) or changed else ""

    def typing_place(self) -> str:
        return self.part
