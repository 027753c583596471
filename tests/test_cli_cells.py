"""Terminal cells counted the quick way agree with rich's count, character by character and on whole text."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st
from rich.cells import cell_len, set_cell_size

from baton.tui.cli.render import NARROW, cell_width, cut_to_cells


def test_every_character_taken_as_narrow_takes_one_cell_for_rich():
    narrow = [chr(c) for c in range(0x3000) if NARROW.fullmatch(chr(c))]
    assert len(narrow) > 1000 and "→" in narrow and "–" in narrow and "é" in narrow
    assert [c for c in narrow if cell_len(c) != 1] == []
    assert not any(NARROW.fullmatch(c) for c in ("\u0301", "\u200d", "\ufe0f", "漢", "😀", "\t", "\x1b"))


@example("\u200d\u200daa", 1)  # joiners with nothing to join: rich's own cut decides
@given(st.text(alphabet=st.sampled_from("ab →–é漢😀\u0301\u200dЖΩ"), max_size=30), st.integers(0, 40))
def test_widths_and_cuts_agree_with_rich(text, cells):
    assert cell_width(text) == cell_len(text)
    assert cut_to_cells(text, cells) == (text if cell_len(text) <= cells else set_cell_size(text, cells).rstrip(" "))
