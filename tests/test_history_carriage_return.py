"""A lone carriage return in an answer or a comment is shown as `\\r` in `history` and `show`, as everywhere else.

`str.splitlines` cuts at `\\r` (and form feeds, and other separators), so history and the comment thread
printed the text after a lone `\\r` on a line of its own while the item line showed `\\r`: the same
answer read two ways. Only real line breaks (`\\n`, `\\r\\n`) start a new line.
"""

from __future__ import annotations

from cli_support import baton, started


def test_a_lone_carriage_return_stays_on_its_line(tmp_path) -> None:
    handoff = started(tmp_path)
    assert (
        baton(tmp_path, "set", handoff, "summary", "Phase one done\rphase two next, all agreed with Jo").exit_code == 0
    )
    assert baton(tmp_path, "comment", handoff, "first\rsecond\r\nthird").exit_code == 0
    history = baton(tmp_path, "history", handoff).stdout
    assert "Phase one done\\rphase two next, all agreed with Jo" in history
    shown = baton(tmp_path, "show", handoff).stdout
    [comment] = [line for line in shown.splitlines() if "ana: first" in line]
    assert comment.endswith("ana: first\\rsecond")
    after = shown.splitlines()[shown.splitlines().index(comment) + 1]
    assert after.strip() == "third"  # a real line break still starts a new line, under the text
