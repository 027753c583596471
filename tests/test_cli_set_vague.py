"""`baton set` says a vague answer at once, as the app does under its field: before, the command line said
nothing until `show` or the send, though the app flagged the same answer as it was typed."""

from __future__ import annotations

from cli_support import baton, started


def test_set_says_a_vague_answer_as_a_note_and_saves_it(tmp_path) -> None:
    home = tmp_path / "ana"
    handoff = started(home)
    vague = baton(home, "set", handoff, "summary", "As discussed, see the email thread for the details")
    assert vague.exit_code == 0
    [note] = vague.stderr.splitlines()
    assert note.startswith("baton: note: ") and "sends the receiver to look for the answer somewhere else" in note
    assert "(a warning, not a blocker)" in note
    assert "As discussed" in baton(home, "show", handoff).stdout  # saved as typed: a warning, not a refusal
    plain = baton(home, "set", handoff, "summary", "Forty seats, annual, signed by the CFO")
    assert plain.exit_code == 0 and plain.stderr == ""
