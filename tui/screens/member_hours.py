"""The team screen's dialog for someone's stages, working hours and days away.

Whom it offers, and whether their stages may change, is core's answer
(core/team/allowed.py `member_choices`: a lead, everyone; a member, themself); the
change goes through the same functions as `baton team set` and `baton team away` (days
as those commands take them: `tomorrow`, `fri`, `2w`, in the person's own calendar), and
core's refusal is shown in the dialog, which stays open to fix it. Without it a lead
read "add one with `baton team set …`" in the app and had to leave it to do so.

Unlike a dialog of one command it stays open once a change is written, saying so in its last line: a lead
who saved someone's hours goes on to their days away without opening it again. Each spell of days away
recorded is listed, and taken back through `baton team away --cancel`'s own core call.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from baton.core.team.allowed import MemberChoice, member_choices
from baton.tui.screens.action_modal import ActionModal
from baton.tui.shown import option, plain
from baton.tui.widgets.undo_input import UndoInput

APP_WORDS = ("the first day", "the last day")
"""How core names the two days away here: the fields' own names, not the command's options."""


AWAY_FIELDS = ("#away-from", "#away-to", "#away-reason")
"""One spell of days away: emptied for the next once it is asked."""


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
    MemberHoursScreen #spells { max-height: 3; }
    MemberHoursScreen .error.-done { color: $success; }
    """

    def __init__(self, choices: list[MemberChoice], viewer: str) -> None:
        super().__init__()
        self.choices = choices
        self.viewer = viewer
        self.part = "#person"
        """Where the focus goes back to after a refusal, or after "Keep editing"."""
        self.away_asked: list[str] = []
        """The days away being recorded, taken out of their fields: put back if core refuses them."""
        self.fresh: list[MemberChoice] | None = None
        """Whom the dialog offers, as the roster holds them once core wrote (read in the write's thread)."""

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
            yield Label("", id="spells-label")
            yield OptionList(id="spells", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Record days away", id="away", variant="warning", compact=True)
                yield Button("Take back the days chosen", id="take-back", compact=True)
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
        self._fill_spells()

    def _fill_spells(self) -> None:
        """The person's spells of days away, each one that may be taken back, as the roster holds them."""
        choice = self.chosen()
        away = choice.away if choice else ()
        spells = self.query_one("#spells", OptionList)
        spells.clear_options()
        spells.add_options([Option(f"{first} to {last}") for first, last in away])
        spells.highlighted = 0 if away else None
        spells.display = bool(away)
        self.query_one("#take-back", Button).display = bool(away)
        self.query_one("#spells-label", Label).update(
            "Days away recorded (↑ ↓, Enter, then Enter again on Take back):" if away else "No days away recorded."
        )

    @on(OptionList.OptionSelected, "#spells")
    def _spell_picked(self) -> None:
        self.query_one("#take-back", Button).focus()

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
            self.say("Nothing to save: the stages and hours are as they were.")
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
        self._write("member-set", write)

    @on(Button.Pressed, "#away")
    def _away(self) -> None:
        from baton.core.errors import InvalidValue
        from baton.core.members import away_day, check_away
        from baton.core.team import membership

        choice = self.chosen()
        if choice is None:
            return
        # the fields are free for the next spell at once (each one recorded is listed); a refusal puts them back
        self.away_asked = [self.query_one(field, UndoInput).take() for field in AWAY_FIELDS]
        start, typed_end, reason = self.away_asked[0].strip(), self.away_asked[1].strip(), self.away_asked[2]
        end = typed_end or start  # one day away: the first day alone
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
        self._write("member-away", write)

    @on(Button.Pressed, "#take-back")
    def _take_back(self) -> None:
        """The spell chosen in the list goes, through `baton team away --cancel`'s own core call."""
        from baton.core.team import membership

        choice = self.chosen()
        index = self.query_one("#spells", OptionList).highlighted
        if choice is None or index is None or index >= len(choice.away):
            return
        first, last = choice.away[index]
        replica, user = self.app.replica, choice.user

        def write() -> str:
            membership.away(replica, user, first, last, cancel=True)
            return f"{user}: no longer away {first} to {last}"

        self.part = "#spells"
        self._write("member-away", write)

    def _write(self, action: str, call: Callable[[], str]) -> None:
        """Run core's change, then read whom the dialog offers as the roster now holds them."""
        replica = self.app.replica

        def write_and_read() -> str:
            said = call()
            with replica.lock:
                self.fresh = member_choices(replica.store.roster(), self.viewer)
            return said

        self.query_one(".error", Static).remove_class("-done")
        self.run_core(action, write_and_read)

    def written(self, summary: str) -> None:
        """Stays open, saying what was written: the other part (hours, days away) may be next."""
        self.working = False
        for button in self.query(Button):
            button.disabled = False
        people = self.query_one("#person", OptionList)
        if self.fresh is not None and [c.user for c in self.fresh] == [c.user for c in self.choices]:
            self.choices = self.fresh
            for index, choice in enumerate(self.choices):
                people.replace_option_prompt_at_index(index, option(choice_line(choice)))
        if self.part == "#hours":  # as saved; what is typed for days away stays
            self._fill()
        else:  # days recorded (their fields were emptied as asked) or taken back: the stages and hours typed stay
            self.away_asked = []
            self._fill_spells()
        status = self.query_one(".error", Static)
        status.update(plain(f"✓ {summary}"))
        status.add_class("-done")
        places = [self.before, self.query_one(self.part), self.query_one("#away-from")]  # the last one shown
        next(p for p in places if p is not None and p.display and not p.disabled).focus()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    def not_written(self) -> None:
        """Days away refused: the days and reason typed for them come back, to be fixed."""
        for field, text in zip(AWAY_FIELDS, self.away_asked, strict=False):
            self.query_one(field, UndoInput).give_back(text)
        self.away_asked = []

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
