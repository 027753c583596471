"""One checklist item: its text, why it matters, and an input that fits its kind.

The widget only collects what the person typed and posts `ItemEdited`; the screen
saves it through core, and core says whether it fits (shown back here inline).
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, Static

from baton.core.template import Item
from baton.core.values import display
from baton.tui.messages import ItemEdited

PLACEHOLDERS = {"date": "YYYY-MM-DD", "url": "https://…", "number": "a number", "text": "type, then Enter"}


class ItemInput(Vertical):
    """A checklist line the sender can answer (read-only once the handoff has left them)."""

    DEFAULT_CSS = """
    ItemInput { height: auto; padding: 0 1 1 1; }
    ItemInput .item-text { text-style: bold; }
    ItemInput .item-why { color: $text-muted; }
    ItemInput .item-problem { color: $error; height: auto; }
    ItemInput .item-problem.-waived { color: $warning; }
    ItemInput Input, ItemInput Select { width: 100%; margin-top: 1; }
    ItemInput Checkbox { margin-top: 1; }
    ItemInput .item-value { margin: 1 0 0 1; height: auto; }
    ItemInput:focus-within .item-text { color: $accent; }
    ItemInput Input.-textual-compact { background: $boost; }
    ItemInput.-blocking .item-text { color: $warning; }
    """

    def __init__(self, item: Item, value: Any, editable: bool) -> None:
        super().__init__(id=f"item-{item.id}")
        self.item = item
        self.value = value
        self.editable = editable
        self._refused_raw: Any = None
        self.refusal = ""
        """Core's refusal of the last thing typed here; kept until the next edit."""

    def compose(self) -> ComposeResult:
        item = self.item
        mark = "required" if item.required else "optional"
        yield Static(f"{escape(item.text)}  [dim]({mark})[/]", classes="item-text")
        yield Static(f"Why: {item.why}", classes="item-why", markup=False)
        yield self._input()
        yield Static("", classes="item-value", markup=False)
        yield Static("", classes="item-problem", markup=False)

    def _input(self) -> Widget:
        item, value = self.item, self.value
        disabled = not self.editable
        if item.kind == "check":
            return Checkbox("done", value is True, disabled=disabled, compact=True, id="input")
        if item.kind == "choice":
            options = [(choice, choice) for choice in item.choices or []]
            return Select(
                options,
                value=value if value in (item.choices or []) else Select.NULL,
                prompt="choose…",
                disabled=disabled,
                compact=True,
                id="input",
            )
        placeholder = f"e.g. {item.hint}" if item.hint else PLACEHOLDERS.get(item.kind, "")
        return Input(display(item, value), placeholder=placeholder, disabled=disabled, compact=True, id="input")

    # ---- what the screen tells us ----------------------------------------
    def show(self, value: Any, problem: str = "", waiver: str = "", editable: bool | None = None) -> None:
        """Show the stored value (unless the person is typing here), and what is wrong with it."""
        self.value = value
        widget = self.query_one("#input")
        if editable is not None and editable != self.editable:
            self.editable = editable
            widget.disabled = not editable
        self._show_read_only(value)
        if not widget.has_focus:
            with widget.prevent(Checkbox.Changed, Select.Changed, Input.Changed):
                if isinstance(widget, Checkbox):
                    widget.value = value is True
                elif isinstance(widget, Select):
                    widget.value = value if value in (self.item.choices or []) else Select.NULL
                elif isinstance(widget, Input):
                    widget.value = display(self.item, value)
        note = self.query_one(".item-problem", Static)
        note.set_class(bool(waiver), "-waived")
        problem = self.refusal or problem
        note.update(f"waived: {waiver}" if waiver else (f"✗ {problem}" if problem else ""))
        self.set_class(bool(problem) and not waiver, "-blocking")

    def _show_read_only(self, value: Any) -> None:
        """Once the handoff has left the sender, the value as wrapped text (an input would clip it)."""
        shown = self.query_one(".item-value", Static)
        shown.display = not self.editable
        self.query_one("#input").display = self.editable
        if self.item.kind == "check":
            text = "✓ done" if value is True else "✗ not done"
        else:
            text = display(self.item, value) or "—"
        shown.update(text)

    def refuse(self, message: str) -> None:
        """Core refused what was typed: say why, right under the input."""
        prefix = f"item `{self.item.id}`: "
        self.refusal = message[len(prefix) :] if message.startswith(prefix) else message
        message = self.refusal
        self.query_one(".item-problem", Static).update(f"✗ {message}")

    def focus_input(self) -> None:
        self.query_one("#input").focus()

    # ---- what the person does --------------------------------------------
    def _edited(self, raw: Any) -> None:
        if self.refusal and raw == self._refused_raw:
            return  # the same text core just refused (Enter, then leaving the field)
        self.refusal = ""
        current = self.value
        if raw is None and current is None:
            return
        if raw is not None and current is not None and str(raw) == display(self.item, current):
            return
        self._refused_raw = raw
        self.post_message(ItemEdited(self.item.id, raw))

    @on(Checkbox.Changed)
    def _checked(self, event: Checkbox.Changed) -> None:
        event.stop()
        if event.value != (self.value is True):
            self.refusal = ""
            self.post_message(ItemEdited(self.item.id, event.value))

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        event.stop()
        self._edited(None if event.value is Select.NULL else str(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._edited(event.value.strip() or None)
        self.screen.focus_next()

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        self._edited(event.value.strip() or None)
