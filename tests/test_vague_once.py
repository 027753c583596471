"""One vague answer, one warning: the most specific check that finds something (the first in the rules' order).

"see above" was both a placeholder and a pointer, two warnings with two fixes under a count of "1 vague answer".
"""

from __future__ import annotations

import json

from test_vague_cli import ana, baton, draft  # noqa: F401 - the fixture

from baton.core.answer_checks import Context
from baton.core.answer_rules import gate_checks
from baton.core.template import Item


def test_see_above_is_one_warning_in_core():
    item = Item(id="scope", text="What was sold, and what was left out", why="Setup starts from it.", kind="text")
    found = gate_checks().item(item, "see above", Context())
    assert [(f.check, f.reason) for f in found] == [("placeholder", "“see above” is a placeholder, not an answer")]


def test_show_and_send_say_one_warning_for_one_answer(ana):  # noqa: F811
    handoff = draft(promises="see above")
    shown = baton("show", handoff)
    assert [line.strip()[:13] for line in shown.stdout.splitlines() if line.strip().startswith("! ")] == [
        "! “see above”"
    ]
    assert "(1 vague answer; a warning, not a blocker)" in shown.stdout
    warned = json.loads(baton("show", handoff, "--json").stdout)["warnings"]
    assert [w["check"] for w in warned] == ["placeholder"]
    sent = baton("send", handoff).stdout.splitlines()
    said = sent[sent.index("Sent with 1 vague answer; the receiver may ask about:") + 1 :]
    assert said == [
        "  ! promises: “see above” is a placeholder, not an answer. Write the answer itself; if it is not known yet, "
        "say what is missing, who will find out and by when."
    ]
