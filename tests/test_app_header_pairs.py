"""The handoff's header never breaks a line inside a fact: "due" stays with its date, "ben → maya" together,
"it is 06:00 for Ben Carter, New York" whole, at any width.

Textual wraps at any space, a non-breaking one too: at 80 columns the header ended a line on "due" and
started the next with the date, and parted "it is 06:00 for" from "Ben Carter, New York".
"""

from __future__ import annotations

import re

import pytest
from test_app_support import FrozenClock, kit_handoff, settle, team
from textual.widgets import Static

from baton.tui.app import BatonApp
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.widgets.parted_lines import PartedLines

FACTS = ("due 2025-11-26", "ben → maya", "sales → onboarding", "it is 06:00 for Ben Carter, New York")
"""What the header of Ben's handoff to Maya says, each fact to be read on one line."""


def rows(widget: Static) -> list[str]:
    """The widget's lines as drawn on the screen."""
    return [widget.render_line(y).text.strip() for y in range(widget.size.height)]


def whole(facts: tuple[str, ...], lines: list[str]) -> list[str]:
    """The facts that no line shows whole."""
    return [fact for fact in facts if not any(fact in line for line in lines)]


@pytest.mark.parametrize("size", [(80, 24), (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_due_and_its_date_share_a_line_at_every_width(tmp_path, size):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    handoff = kit_handoff(ben, "Kestrel Foods - pilot, 3 sites", "maya", due="2025-11-26", clock=clock)
    ben.send(handoff)  # 11:00 UTC: 06:00 in New York
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        summary, chain = app.screen.query_one("#summary", Static), app.screen.query_one("#chain", Static)
        answer_by = re.search(r"\w{3} \d\d:\d\d your time", str(chain.render()))  # the line under it: "Answer by …"
        assert answer_by is not None, str(chain.render())
        facts = (*FACTS, answer_by.group(0), "(window: 24h)")
        assert whole(facts, rows(summary) + rows(chain)) == [], rows(summary) + rows(chain)
        for width in range(44, size[0] + 1, 3):  # narrower and wider, as a terminal is resized
            await pilot.resize_terminal(width, size[1])
            await settle(pilot)
            assert whole(facts, rows(summary) + rows(chain)) == [], (width, rows(summary) + rows(chain))


def test_a_part_that_fits_a_line_is_never_broken_and_a_broken_line_ends_on_its_separator_where_it_fits():
    lines = PartedLines(
        [(["[b]Kestrel Foods - pilot, 3 sites[/b]", "sales → onboarding", "sent", "due 2025-11-26"], " · ")]
    )
    for width in range(32, 90):  # the title fits (a longer one wraps inside itself)
        laid = lines.laid_out(width).plain.split("\n")
        assert all(len(line) <= width for line in laid), (width, laid)
        assert any("due 2025-11-26" in line for line in laid), (width, laid)
        assert all(line.endswith(" ·") or len(line) + 2 > width for line in laid[:-1]), (width, laid)
    assert str(lines) == "Kestrel Foods - pilot, 3 sites · sales → onboarding · sent · due 2025-11-26"


def test_the_summary_as_text_ends_no_line_on_a_separator(tmp_path):
    from baton.tui.screens.handoff_text import summary_text

    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    said = summary_text(maya.state(handoff), {}, clock.now, "maya")  # nobody's clock known: only whose move it is
    assert "complete the checklist, then send (Ctrl+S)" in said
    assert not any(line.endswith("·") or line.endswith("· ") for line in said.split("\n")), said
