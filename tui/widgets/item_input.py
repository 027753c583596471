"""One checklist item: its text, why it matters, what an answer must be, and an input that fits its kind.

The widget only collects what the person typed and posts `ItemEdited`; the screen
saves it through core, and core says whether it fits (shown back here inline).
Text typed but not saved yet is `pending()`: the screen asks before it is lost.
"""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from baton.core.template import Item
from baton.core.values import display, rules_line
from baton.tui.in_view import bring_into_view
from baton.tui.messages import ItemEdited
from baton.tui.shown import in_markup, option, plain
from baton.tui.widgets.choice_select import ChoiceSelect
from baton.tui.widgets.shown_fields import ShownInput, ShownTextArea
from baton.tui.widgets.tick import Tick

PLACEHOLDERS = {"date": "YYYY-MM-DD", "url": "https://…", "number": "a number", "text": "type, then Enter"}
PARAGRAPH = 20
"""A text item asking for at least this many characters gets a multi-line box."""
HINT_FITS = 66
"""An example longer than this does not fit a one-line field at 80 columns: it goes on a line of its own."""
PICK_SETTLES = 0.8
"""Seconds after the last letter typed into a choice's field that its pick is saved: typing `works` saves
"works as designed" once, not "workaround" first (the letters `w`, `o` pick it on the way)."""
NOTHING = object()
"""`pending()` when nothing typed differs from what is saved."""


def is_paragraph(item: Item) -> bool:
    return item.kind == "text" and not item.pattern and (item.min_length or 0) >= PARAGRAPH


class ItemInput(Vertical):
    """A checklist line the sender can answer (read-only once the handoff has left them)."""

    DEFAULT_CSS = """
    ItemInput { height: auto; padding: 0 1 1 1; border-left: blank; }
    ItemInput:focus-within { border-left: thick $accent; }
    ItemInput .item-text { text-style: bold; }
    ItemInput .item-why { color: $text-muted; }
    ItemInput .item-rules { color: $text-muted; height: auto; }
    ItemInput .item-hint { color: $text-muted; height: auto; text-style: italic; }
    ItemInput .item-problem { color: $error; height: auto; }
    ItemInput .item-problem.-waived { color: $warning; }
    ItemInput .item-warning { color: $warning; height: auto; }
    ItemInput .item-carried { color: $warning; height: auto; }
    ItemInput .item-changed { color: $warning; height: auto; }
    ItemInput .item-origin { color: $text-muted; height: auto; }
    ItemInput Input, ItemInput Select { width: 100%; }
    ItemInput TextArea { height: auto; min-height: 3; max-height: 8; }
    ItemInput .item-value { margin: 0 0 0 1; height: auto; }
    ItemInput:focus-within .item-text { color: $accent; }
    ItemInput.-blocking .item-text { color: $warning; }
    """

    def __init__(self, item: Item, value: Any, editable: bool) -> None:
        super().__init__(id=f"item-{item.id}")
        self.item = item
        self.value = value
        self.editable = editable
        self._refused_raw: Any = NOTHING
        self.refusal = ""
        """Core's refusal of the last thing typed here; kept until the next edit."""
        self._filled = display(item, value) if item.kind != "check" else ""
        """The text the field was last filled with from the stored value (what "not typed in" means)."""
        self._picked: Any = self._as_picked(value)
        """A choice's or tick's field as last set from the stored value (what "not changed here" means)."""
        self._pick_timer: Timer | None = None
        """Saves the choice typed letters picked, once they stop coming (`PICK_SETTLES`)."""
        self._said: tuple[str, str, str] = ("", "", "")
        """The problem, waiver and warning last shown (said again when a refusal is taken back)."""

    def compose(self) -> ComposeResult:
        item = self.item
        mark = "required" if item.required else "optional"
        yield Static(f"{in_markup(item.text)}  [dim]({mark})[/]", classes="item-text")
        yield Static(plain(f"Why: {item.why}"), classes="item-why", markup=False)
        yield self._input()
        if self._hint_below():
            yield Static(plain(f"e.g. {item.hint}"), classes="item-hint", markup=False)
        yield Static(plain(rules_line(item, self._typed_text())), classes="item-rules", markup=False)
        yield Static("", classes="item-value", markup=False)
        yield Static("", classes="item-origin", markup=False)
        yield Static("", classes="item-carried", markup=False)
        yield Static("", classes="item-changed", markup=False)
        yield Static("", classes="item-problem", markup=False)
        yield Static("", classes="item-warning", markup=False)

    def _typed_text(self) -> str | None:
        return display(self.item, self.value) if self.item.kind == "text" else None

    def _hint_below(self) -> bool:
        """The example is too long for the one-line field's placeholder (a text box wraps its own)."""
        item = self.item
        return (
            bool(item.hint)
            and item.kind not in ("check", "choice")
            and not is_paragraph(item)
            and (len(f"e.g. {item.hint}") > HINT_FITS)
        )

    def _input(self) -> Widget:
        item, value = self.item, self.value
        disabled = not self.editable
        if item.kind == "check":
            return Tick(value is True, disabled=disabled, id="input")
        if item.kind == "choice":
            options = [(option(choice), choice) for choice in item.choices or []]
            return ChoiceSelect(
                item.choices or [],
                options,
                value=value if value in (item.choices or []) else Select.NULL,
                prompt="choose…",
                disabled=disabled,
                compact=True,
                id="input",
            )
        if is_paragraph(item):
            area = ShownTextArea(
                display(item, value), soft_wrap=True, tab_behavior="focus", compact=True, disabled=disabled, id="input"
            )
            area.placeholder = f"e.g. {item.hint}" if item.hint else "type; leaving the box saves"
            return area
        placeholder = f"e.g. {item.hint}" if item.hint and not self._hint_below() else PLACEHOLDERS.get(item.kind, "")
        return ShownInput(
            display(item, value),
            placeholder=placeholder,
            disabled=disabled,
            compact=True,
            select_on_focus=False,
            id="input",
        )

    # ---- what the screen tells us ----------------------------------------
    def show(
        self,
        value: Any,
        problem: str = "",
        waiver: str = "",
        editable: bool | None = None,
        warning: str = "",
        carried: str = "",
        origin: str = "",
    ) -> None:
        """Show the stored value (unless the person is typing here), what is wrong with it, and its vague-answer
        `warning` (core's answer checks: said here in full, as the gate panel only names the item on a narrow screen).
        `carried`: core's note on a value said to be carried from another handoff that this copy does not confirm;
        `origin`: where a value it confirms as carried came from.
        """
        newly_waived = bool(waiver) and not self._said[1]
        self.value = value
        self._said = (problem, waiver, warning)
        widget = self.query_one("#input")
        moot = newly_waived and bool(self.refusal)  # waived now: the text core refused here is no work to keep
        if moot:
            self.refusal, self._refused_raw = "", NOTHING
        if editable is not None and editable != self.editable:
            self.editable = editable
            widget.disabled = not editable
        self._show_read_only(value)
        untouched = moot or not widget.has_focus or self._untouched(widget)
        said = "" if untouched else self._changed_under(widget)
        changed = self.query_one(".item-changed", Static)
        changed.update(plain(said))
        changed.display = bool(said)
        if untouched and not self.refusal:  # a refused value stays
            with widget.prevent(Checkbox.Changed, Select.Changed, Input.Changed, TextArea.Changed):
                if isinstance(widget, Checkbox | Select):
                    widget.value = self._picked = self._as_picked(value)
                elif isinstance(widget, Input):
                    widget.value = self._filled = display(self.item, value)
                elif isinstance(widget, TextArea):
                    self._filled = display(self.item, value)
                    if widget.text != self._filled:
                        widget.text = self._filled
        note = self.query_one(".item-problem", Static)
        note.set_class(bool(waiver), "-waived")
        problem = self.refusal or problem
        shown = f"waived: {waiver}" if waiver else (f"✗ {problem}" if problem else "")
        note.update(plain(shown))
        note.display = bool(shown)
        self.set_class(bool(problem) and not waiver, "-blocking")
        claimed = self.query_one(".item-carried", Static)
        claimed.update(plain(carried))
        claimed.display = bool(carried)
        came = self.query_one(".item-origin", Static)
        came.update(plain(origin))
        came.display = bool(origin)
        warned = self.query_one(".item-warning", Static)
        warned.update(plain(f"! {warning}" if warning else ""))
        warned.display = bool(warning)
        self._count()

    def _changed_under(self, widget: Widget) -> str:
        """What the stored value became while the person was typing here ("" if it stayed): their text stays, and
        leaving the field saves it over that value, so they are told before, not by the history afterwards."""
        if isinstance(widget, Checkbox | Select):
            moved = self._as_picked(self.value) != self._picked
        else:
            moved = display(self.item, self.value) != self._filled
        if not moved:
            return ""
        now = display(self.item, self.value).replace("\n", " ")
        now = f"“{now[:60]}…”" if len(now) > 61 else (f"“{now}”" if now else "empty")
        return f"changed elsewhere while you were typing, now {now}: leaving the field saves yours over it"

    def _untouched(self, widget: Widget) -> bool:
        """A focused field the person has not typed in since it was filled, so it may follow the stored value.

        Otherwise a value changed elsewhere (a teammate's sync, the command line) stays hidden behind the
        old text, and leaving the field writes the old text back over it.
        """
        if isinstance(widget, Checkbox | Select):  # an undo or a teammate's change shows, unless picked here
            if widget.value == self._as_picked(self.value):
                self._picked = widget.value
            return bool(widget.value == self._picked)
        if not isinstance(widget, Input | TextArea):
            return False
        text = widget.text if isinstance(widget, TextArea) else widget.value
        if text == display(self.item, self.value):
            self._filled = text  # what is shown is what is stored
        return text == self._filled

    def _as_picked(self, value: Any) -> Any:
        """The stored value as a tick's or a choice's field holds it."""
        if self.item.kind == "check":
            return value is True
        return value if value in (self.item.choices or []) else Select.NULL

    def _show_read_only(self, value: Any) -> None:
        """Once the handoff has left the sender, the value as wrapped text (an input would clip it)."""
        shown = self.query_one(".item-value", Static)
        shown.display = not self.editable
        self.query_one("#input").display = self.editable
        self.query_one(".item-rules").display = self.editable and bool(rules_line(self.item))
        for hint in self.query(".item-hint"):
            hint.display = self.editable
        if self.item.kind == "check":
            text = "[x] done" if value is True else "[ ] not done"
        else:
            text = display(self.item, value) or "—"
        shown.update(plain(text))

    def refuse(self, message: str) -> None:
        """Core refused what was typed: say why, right under the input (the text stays for fixing)."""
        prefix = f"item `{self.item.id}`"
        for cut in (prefix + ": ", prefix + " "):
            if message.startswith(cut):
                message = message[len(cut) :]
        self.refusal = message
        note = self.query_one(".item-problem", Static)
        note.update(plain(f"✗ {message}"))
        note.display = True
        self.set_class(True, "-blocking")

    def focus_input(self) -> None:
        self.query_one("#input").focus()

    def focus_to_fix(self) -> None:
        """Back to a value core refused, in view with why under it: the Tab that left it had already moved the
        view on to the next item, and what is typed next goes here. The item's own text first: which item
        refused is read there (at 80x24 it had scrolled away above the field)."""
        self.focus_input()
        bring_into_view(self.query_one(".item-text"))
        bring_into_view(self.query_one(".item-problem"))
        bring_into_view(self.query_one("#input"))

    # ---- what the person typed --------------------------------------------
    def typed(self) -> Any:
        """What the input holds now, as raw input for core (None: empty)."""
        widget = self.query_one("#input")
        if isinstance(widget, Checkbox):
            return widget.value
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else str(widget.value)
        text = widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]
        return text.strip() or None

    def pending(self) -> Any:
        """What was typed here and not saved (NOTHING when the input shows the saved value)."""
        if not self.editable or not self.display:
            return NOTHING
        raw = self.typed()
        if self.item.kind == "check":
            return NOTHING if raw == (self.value is True) else raw
        if raw is None:
            return NOTHING if self.value is None else None
        return NOTHING if str(raw) == display(self.item, self.value) else raw

    def _edited(self, raw: Any) -> None:
        if self.refusal and raw == self._refused_raw:
            return  # the same text core just refused (Enter, then leaving the field)
        if self.pending() is NOTHING:  # unchanged: nothing to write (core would write nothing either)
            if self.refusal:  # the saved value typed back: nothing is wrong here any more, and the field
                self.refusal = ""  # follows the stored value again (a refusal would hold a later change out)
                problem, waiver, warning = self._said
                self.show(self.value, problem, waiver, None, warning)
            return
        self.refusal = ""
        self._refused_raw = raw
        self.post_message(ItemEdited(self.item.id, raw))

    def _count(self) -> None:
        if self.item.kind == "text" and self.item.min_length:
            typed = self.typed()
            self.query_one(".item-rules", Static).update(plain(rules_line(self.item, typed or "")))

    @on(Checkbox.Changed)
    def _checked(self, event: Checkbox.Changed) -> None:
        event.stop()
        if event.value != (self.value is True):
            self.refusal = ""
            self.post_message(ItemEdited(self.item.id, event.value))

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.select, ChoiceSelect) and event.select.typed:  # letters still coming: each one
            self._pick_later()  # picks a choice; the last is saved once they stop, or the field is left
            return
        self._edited(None if event.value is Select.NULL else str(event.value))

    def _pick_later(self) -> None:
        if self._pick_timer is not None:
            self._pick_timer.stop()
        self._pick_timer = self.set_timer(PICK_SETTLES, self._pick_now)

    def _pick_now(self) -> None:
        if self._pick_timer is not None:
            self._pick_timer.stop()
            self._pick_timer = None
        if self.app.screen is not self.screen:
            return  # a dialog is open over the handoff (leave, quit): it asks what to do with what was picked
        self._edited(self.typed())

    def take_pick(self) -> Any:
        """The choice letters picked here and not saved yet (NOTHING when none waits), taken out of the wait:
        the caller saves it first (an "Undo mine" then takes back this pick, the change the person made last)."""
        if self._pick_timer is None:
            return NOTHING
        self._pick_timer.stop()
        self._pick_timer = None
        self._picked = self.query_one("#input", Select).value  # saved by the caller: the field follows the store
        return self.pending()

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typing(self, event: Input.Changed | TextArea.Changed) -> None:
        event.stop()
        self._count()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._edited(event.value.strip() or None)
        self.screen.focus_next()

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        self._edited(self.typed())

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, ChoiceSelect):
            self._pick_now()  # a choice picked by typing: saved as the field is left, if not already
        elif isinstance(event.widget, TextArea):  # a paragraph is saved when the box is left
            self._edited(self.typed())
