"""`baton report` cuts a long title by terminal cells, with `…`, as `list` does: a title in wide characters
(CJK, emoji) cut at 40 characters took up to 80 cells and pushed the rest of its line off the screen."""

from __future__ import annotations

import pytest

from baton.core.report_shapes import Breach, Figures, OpenConflict, Report, Unowned
from baton.tui.cli.fit import cell_width
from baton.tui.cli.render_report import report_text

PLAIN = "Acme rollout for the finance team"
LONG = "Acme rollout for the finance team, all twelve offices at once"
WIDE = "顧客の引き継ぎ：経理チームの全オフィス一斉展開と研修計画の確認"
EMOJI = "🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀 launch"
TITLE = 40
"""The cells a title keeps on a report line."""


def _report(title: str) -> Report:
    breach = Breach("h1" * 8, title, "sales → onboarding", "ana", "ben", 1, 0, 1, None, None, 3_600_000, "e1")
    unowned = Unowned("h2" * 8, title, "sent", "cal", "cal was removed from the team")
    conflict = OpenConflict("e2", "h3" * 8, title, "reassigned", "dan", 0, "the next step moved meanwhile")
    return Report(
        now=86_400_000, since=None, transition=None, total=Figures(""), transitions=[], people=[], return_reasons=[],
        breaches_by_receiver={"ben": (1, 0)}, breaches=[breach], blocking_items=[], waived_items=[],
        unowned=[unowned], unowned_total=1, conflicts=[conflict], conflicts_total=1, returns_by_week=[],
        answers_by_week=[],
    )  # fmt: skip


def _titles(text: str) -> list[str]:
    """The title on each breach, no-clear-owner and conflict line: after the short id and two spaces."""
    ids = ("h1" * 4, "h2" * 4, "h3" * 4)
    found = [line.split(f"{i}  ", 1)[1].split("  ")[0] for line in text.splitlines() for i in ids if f"{i}  " in line]
    assert len(found) == 3, text
    return found


@pytest.mark.parametrize("title", [WIDE, EMOJI, LONG])
def test_a_long_title_is_cut_to_forty_cells_with_an_ellipsis(title: str) -> None:
    for shown in _titles(report_text(_report(title), "UTC")):
        assert shown.endswith("…") and cell_width(shown) <= TITLE, shown
        assert title.startswith(shown[:-1])
        assert cell_width(shown) >= TITLE - 1  # a wide character that would not fit leaves one cell


def test_a_plain_title_that_fits_is_printed_whole_as_before() -> None:
    assert _titles(report_text(_report(PLAIN), "UTC")) == [PLAIN] * 3
    forty = "x" * TITLE
    assert _titles(report_text(_report(forty), "UTC")) == [forty] * 3
