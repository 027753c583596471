"""The live gate: progress over the required items and every remaining blocker.

On a narrow terminal (the screen has the `-narrow` class) the panel is one line:
"2 items block sending", beside the Send button; the list is in the checklist.
Vague answers add a second line there, counted and named ("! 1 vague answer: source-system"):
each item says its own warning in full under its field.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, ProgressBar, Static

from baton.core.answer_checks import Finding
from baton.core.answer_warnings import vague_count, vague_items
from baton.core.gate import Blocker
from baton.tui.shown import plain
from baton.tui.words import gate_words


class GatePanel(Vertical):
    """What still blocks the send, in template order, as core's gate says."""

    DEFAULT_CSS = """
    GatePanel { height: auto; border: round $primary; padding: 0 1; }
    GatePanel #gate-title { text-style: bold; height: auto; }
    GatePanel #gate-blockers { color: $warning; height: auto; }
    GatePanel #gate-blockers.-nothing { display: none; }
    GatePanel #gate-warnings, GatePanel #gate-vague { color: $text-muted; height: auto; display: none; }
    GatePanel.-vague #gate-warnings { display: block; }
    GatePanel #gate-vague { color: $warning; }
    GatePanel.-passes #gate-blockers { color: $success; }
    GatePanel ProgressBar Bar { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static("Gate", id="gate-title")
        yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="gate-progress")
        yield Label("", id="gate-count")
        yield Static("", id="gate-blockers", markup=False)
        yield Static("", id="gate-warnings", markup=False)
        yield Static("", id="gate-vague", markup=False)  # the narrow screen's count of them (handoff.tcss)

    def show(
        self,
        done: int,
        total: int,
        blockers: list[Blocker],
        sending: bool = True,
        warnings: list[Finding] | None = None,
        waived: int = 0,
        refusal: str = "",
    ) -> None:
        """`sending`: the viewer is the sender of a draft or returned handoff (else it only reports).

        `warnings`: vague answers (core's answer checks), a line each under the summary; they never block.
        `waived`: how many required items a lead waived (counted as done, and said so).
        `refusal`: why a send is refused whatever the checklist says (a receiver a lead removed), said first.
        """
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done if total else 1)
        extra = f" ({waived} waived)" if waived else ""
        self.query_one("#gate-count", Label).update(f"{done} of {total} required done{extra}")
        held = bool(blockers or refusal)
        self.set_class(not held, "-passes")
        title = ("✓ " if not held else "✗ ") + ("Cannot send" if refusal else gate_words(len(blockers), sending))
        self.query_one("#gate-title", Static).update(f"{title} · {done}/{total}")
        listed = self.query_one("#gate-blockers", Static)
        lines = [f"✗ {refusal}"] * bool(refusal) + [f"✗ {b.text}: {b.reason}" for b in blockers]
        listed.update(plain("\n".join(lines)) if lines else "✓ nothing blocks sending")
        listed.set_class(not held and not sending, "-nothing")  # a receiver sends nothing: the title says it
        shown = self.query_one("#gate-warnings", Static)
        shown.update(plain("\n".join(f"! {w.item_id}: {w.reason} (a warning, not a blocker)" for w in warnings or [])))
        counted = f"! {vague_count(warnings)}: {', '.join(vague_items(warnings))}" if warnings else ""
        self.query_one("#gate-vague", Static).update(plain(counted))
        self.set_class(bool(warnings), "-vague")
