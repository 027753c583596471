"""`?`: what each screen is for and its keys."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

INTRO = (
    "A handoff moves one piece of work from one stage to the next. The sender walks the checklist; "
    "the gate blocks the send until every required item is done (or a lead has waived it); the "
    "receiver accepts it (and owns it from then on) or returns it with a reason."
)
SECTIONS: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "Queues (home)",
        "The line under the queue says when the last sync ran, which teammates were seen, "
        "and whether anything went wrong.",
        [
            ("← →", "Inbox · Outbox · Team (the counts are open handoffs)"),
            ("↑ ↓ PgUp PgDn Home End", "move"),
            ("Enter, double click", "open the handoff"),
            ("/", "filter as you type: title, person, template (Enter: back to the list)"),
            ("o, click a header", "sort by the next column; a header again sorts the other way"),
            ("O", "the same column, the other way"),
            ("a", "open handoffs only, or all (accepted and cancelled too)"),
            ("n, Ctrl+N", "new handoff"),
            ("r", "read the queue again (it also reads itself when anything changes)"),
            ("F5 · F6 · Ctrl+D", "sync status · team · lead dashboard"),
        ],
    ),
    (
        "Handoff",
        "",
        [
            ("Tab, Shift+Tab", "next / previous item"),
            ("Enter", "save the item (leaving it saves too; empty clears it)"),
            ("Space", "tick a check item"),
            ("letters, Enter", "in a choice: pick the choice holding them, then on to the next item"),
            ("Space, Enter, ↑ ↓", "in a choice: open its list (type there to jump, Enter picks)"),
            ("Ctrl+S", "save what is typed, then send (when blocked: says why, jumps to the first blocker)"),
            ("Ctrl+R", "accept, or return with a reason (receiver)"),
            ("Ctrl+L", "waive a required item, with a reason (leads)"),
            (
                "Ctrl+G",
                "give the next step to someone else (whoever's turn it is, or a lead), or a draft another receiver",
            ),
            (
                "Ctrl+Z",
                "undo mine: my last saved change, a value, a comment, a send (recall), a cancel (reopen); "
                "outside a text field, or Ctrl+P (in a field, Ctrl+Z undoes the typing)",
            ),
            ("Ctrl+X", "cancel the handoff, with a reason"),
            ("Ctrl+B", "the brief: read it, or save it as a Markdown file"),
            ("Ctrl+U", "move to the newest version of its checklist, when one is offered"),
            ("Ctrl+O", "open the next handoff of one you accepted, when it is not open yet (after Not now)"),
            ("F2 F3 F4", "checklist · comments · history"),
            ("Esc", "back (asks first when typed text is not saved)"),
        ],
    ),
    (
        "Sync (F5)",
        "The shared folder (set it here), the last sync, teammates and their local time, every warning "
        "(a teammate's clock far ahead) and every problem (which file, why). Teammates' changes arrive "
        "by themselves.",
        [
            ("s", "sync now"),
            ("f", "set the shared folder (moving to another one asks first)"),
            ("Esc", "back"),
        ],
    ),
    (
        "Team (F6)",
        "The roster: members, roles, stages, devices (fingerprints to compare out of band), "
        "invitations not used yet. A lead invites here: the code appears to pass on; and retires a "
        "device (a lost laptop) or revokes an invitation from the list below it, after confirming. "
        "Everyone sets their own working hours and days away here; a lead sets anyone's, and their stages. "
        "Before a team is founded it lists the teammates this copy knows, with what routing reads of each; "
        "a lead founds the team here (c) once a shared folder is set (F5, then f), as `baton team create` does.",
        [
            ("c", "found the team (a lead, before a team): asks first, says what founding means"),
            (
                "h",
                "stages, working hours and days away (outside a field; or its button): a lead's for anyone, a member's own",
            ),
            ("↑ ↓ Enter", "choose a device to retire or an invitation to revoke (leads)"),
            ("r", "read the roster again"),
            ("Esc", "back"),
        ],
    ),
    (
        "Lead dashboard (Ctrl+D)",
        "Queues, bounce-backs, answer times and breaches across the team; below the two tables, why work "
        "bounces back, windows missed, the items that block and are waived, vague answers and unclear owners.",
        [
            ("↑ ↓ Enter", "a row of a table, and the handoffs behind it"),
            ("Tab", "the next table, then the page below them (↑ ↓ PgUp PgDn End read it)"),
            ("r", "read the figures again"),
            ("Esc", "back"),
        ],
    ),
    (
        "Text fields",
        "Inside a field the keys edit the line, as in a shell; Tab leaves the field.",
        [
            ("Ctrl+A, Home", "start of the line"),
            ("Ctrl+E, End", "end of the line (outside a field: export)"),
            ("Ctrl+D, Delete", "delete the character under the cursor (outside a field: lead dashboard)"),
            ("Ctrl+K", "delete to the end of the line"),
            ("Ctrl+W", "delete the word before the cursor"),
            ("Ctrl+Z, Ctrl+Y", "undo, redo the typing (outside a field on a handoff, Ctrl+Z is undo mine)"),
        ],
    ),
    (
        "Everywhere",
        "The same actions exist on the command line: baton --help.",
        [
            ("Ctrl+P", "every action, searchable (from a text field too)"),
            ("Ctrl+E", "export every handoff as CSV (outside a text field)"),
            ("?", "this help (Esc closes it)"),
            ("F5", "sync status"),
            ("F6", "team"),
            ("Ctrl+D", "lead dashboard (outside a text field)"),
            ("Ctrl+N", "new handoff"),
            ("q", "quit (outside a text field; asks when typed text is not saved)"),
            ("Ctrl+Q", "quit, from anywhere"),
        ],
    ),
]
KEY_WIDTH = 22


def help_text() -> Text:
    text = Text()
    text.append("baton\n\n", style="bold")
    text.append(INTRO + "\n")
    for title, intro, keys in SECTIONS:
        text.append(f"\n{title}\n", style="bold underline")
        if intro:
            text.append(intro + "\n")
        for key, what in keys:
            text.append(f"  {key:<{KEY_WIDTH}}", style="bold")
            text.append(f"{what}\n")
    return text


def help_table() -> Group:
    """The help with keys in a column of their own, so a narrow terminal wraps only the words."""
    parts: list[Text | Table] = [Text("baton\n", style="bold"), Text(INTRO)]
    for title, intro, keys in SECTIONS:
        parts.append(Text(f"\n{title}", style="bold underline"))
        if intro:
            parts.append(Text(intro))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1)
        for key, what in keys:
            grid.add_row(key, what)
        parts.append(grid)
    return Group(*parts)


HELP = help_text().plain
"""The help as plain text (tests read it)."""


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 96; max-width: 100%; height: 90%; max-height: 100%;
                                  border: thick $primary; background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(help_table())
        yield Footer()  # "esc Close": the way out, where every other screen says it

    def action_close(self) -> None:
        self.dismiss(None)
