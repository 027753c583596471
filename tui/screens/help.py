"""`?`: what each screen is for and its keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# baton

A handoff moves one piece of work from one stage to the next. The **sender** walks
the checklist; the **gate** blocks the send until every required item is done (or
a lead has waived it); the **receiver** accepts it (and owns it from then on) or
returns it with a reason.

## Queues (home)
| key | |
|---|---|
| ← → | Inbox · Outbox · Team |
| ↑ ↓ PgUp PgDn | move |
| Enter / double click | open the handoff |
| / | filter as you type (title, person, template) |
| o / click a header | sort (again: the other way) |
| n | new handoff |
| r | read the queue again |

## Handoff
| key | |
|---|---|
| Tab / Shift+Tab | next / previous item |
| Enter | save the item (leaving it saves too; empty clears it) |
| Space | tick a check item |
| Ctrl+S | send (when blocked: says why, jumps to the first blocker) |
| Ctrl+R | accept, or return with a reason (receiver) |
| Ctrl+L / Ctrl+G | waive an item / reassign (leads) |
| F2 F3 F4 | checklist · comments · history |
| Esc | back |

## Everywhere
`Ctrl+P` lists every action; `?` this help; `q` quits (outside a text field).
The same actions exist on the command line: `baton --help`.
"""


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 84; height: 90%; border: thick $primary; background: $surface; }
    """
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(HELP)

    def action_close(self) -> None:
        self.dismiss(None)
