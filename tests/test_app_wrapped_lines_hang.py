"""At 80 columns a long line wraps under its own text: a member's "away …" line on the Team screen kept its
indent only on its first line, and a comment's later lines (wrapped, or lines of their own) started at the margin,
where they read as the next member or the next comment."""

from __future__ import annotations

from test_app_support import FrozenClock, eventually, settle
from test_app_support import team as pair
from textual.geometry import Region

from baton.core.team import membership
from baton.tui.app import BatonApp
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.team import TeamScreen
from tests.team_support import Clock, team

SIZE = (80, 24)
REASON = "family wedding in Penang, back on the Monday after, reachable by phone for anything urgent"


def drawn(widget) -> list[str]:
    """The widget's lines as the terminal shows them, right-trimmed."""
    width, height = widget.size
    return [strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, width, height))]


def after(lines: list[str], start: str, count: int) -> list[str]:
    """`count` lines from the first one that starts with `start` (after its indent)."""
    index = next(i for i, line in enumerate(lines) if line.lstrip().startswith(start))
    return lines[index : index + count]


async def test_a_members_away_line_wraps_under_its_own_text(tmp_path):
    ana = team(tmp_path, Clock())["ana"]
    membership.away(ana, "ben", "2030-12-01", "2030-12-10", reason=REASON)
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        roster = app.screen.query_one("#team-roster")
        await eventually(pilot, lambda: "away 2030-12-01" in str(roster.render()))
        await settle(pilot)
        lines = drawn(roster)
        first = next(i for i, line in enumerate(lines) if "away 2030-12-01" in line)
        indent = len(lines[first]) - len(lines[first].lstrip())
        rest = lines[first + 1 : first + 3]
        assert indent == 4 and all(line.startswith(" " * indent) and line.strip() for line in rest), lines
        assert "anything urgent" in " ".join(lines[first : first + 3])  # nothing cut
        assert max(len(line) for line in lines) <= roster.size.width


async def test_a_comments_later_lines_keep_its_indent(tmp_path):
    clock = FrozenClock()
    maya, _ = pair(tmp_path, clock)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    maya.comment(handoff, "The pilot covers three sites: the Leeds warehouse, the Bristol depot and the head office.")
    maya.comment(
        handoff,
        "Open before kickoff:\n- the Bristol depot's network allow-list (IT ticket 4471), waiting on their vendor since May\nok",
    )
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        await pilot.press("f3")
        await settle(pilot)
        lines = drawn(app.screen.query_one("#comment-list"))
        wrapped = after(lines, "The pilot covers", 2)
        assert wrapped[0].startswith("  The pilot") and wrapped[1].startswith("  ") and wrapped[1][2] != " ", lines
        listed = after(lines, "Open before kickoff:", 4)
        assert listed[0] == "  Open before kickoff:"
        assert listed[1].startswith("  - the Bristol") and listed[2].startswith("    ") and listed[2][4] != " ", lines
        assert listed[3] == "  ok"  # a line of its own keeps the comment's indent


def test_a_line_of_parts_breaks_only_between_them_and_a_marked_line_hangs_under_its_text():
    """The Sync screen's teammates: "last seen 13m" above a lone "ago" read as two facts; a problem's or a
    warning's later lines go under its text, not under its mark."""
    from rich.console import Console

    from baton.tui.widgets.hanging_text import HangingLines, entry_indent

    def lines(renderable, width: int = 60) -> list[str]:
        console = Console(width=width, record=True, color_system=None)
        console.print(renderable)
        return [line.rstrip() for line in console.export_text().splitlines()]

    person = "Tomás Silva (tomas, member) · 02:55 there (America/Sao_Paulo) · last seen 10m ago"
    drawn_person = lines(HangingLines(person, entry_indent, " · "))
    parts = set(person.split(" · "))
    assert len(drawn_person) == 2 and drawn_person[1].startswith("  ") and not drawn_person[1].startswith("   ")
    for line in drawn_person:  # every line is whole parts, a separator at an end at most
        assert {p.strip(" ·") for p in line.split(" · ")} <= parts, drawn_person
    warning = "⚠ ben's clock is about 10 h ahead of this device: their changes are ordered as if made later"
    said = lines(HangingLines(warning))
    assert len(said) == 2 and said[1].startswith("  ") and not said[1].startswith("   ")
    assert str(HangingLines(person, entry_indent, " · ")) == person  # what a copy or a test reads: whole
