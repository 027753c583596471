"""An event's times are held to what a real writer produces: its wall time never far after its own clock stamp, and
a send's deadline between the send and the longest window a checklist may set. A wall time far before its stamp
is what a device whose clock was reset writes: taken, so that person's work is not lost."""

from __future__ import annotations

import json

import pytest

from baton.core.event_check import times_problem
from baton.core.hlc import ABSURD_MS
from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.times import DAY, HOUR
from baton.core.windows import LONGEST_HOURS
from baton.sync import wire

NOW = 1_796_000_000_000
STAMP = f"{NOW:016d}-0000-0123456789abcdef"


def _sent(at: int, payload: dict) -> bytes:
    event = {
        "v": 1,
        "id": "a" * 32,
        "handoff": "b" * 32,
        "kind": "sent",
        "hlc": STAMP,
        "at": at,
        "author": "ben",
        "replica": "0123456789abcdef",
        "payload": payload,
    }
    return json.dumps(event, separators=(",", ":")).encode()


@pytest.mark.parametrize(
    ("at", "answer_by", "said"),
    [
        (NOW + ABSURD_MS + 1, NOW + 40 * DAY, "more than 30 days after its own clock stamp"),
        (NOW, 0, "payload.answer_by: before the send"),
        (NOW, NOW - HOUR, "payload.answer_by: before the send"),
        (NOW, NOW + LONGEST_HOURS * HOUR + 1, "payload.answer_by: more than 87,600 hours after the send"),
    ],
)
def test_a_line_with_times_no_writer_produces_is_refused_with_the_reason(at, answer_by, said):
    with pytest.raises(wire.BadLine, match=said):
        wire.event_row(_sent(at, {"answer_by": answer_by}))


@pytest.mark.parametrize(
    ("at", "answer_by"),
    [
        (NOW, NOW + DAY),
        (NOW - ABSURD_MS, NOW + DAY),  # a clock moved up to a teammate's stamp 30 days ahead
        (1000, 1000 + DAY),  # a device whose clock was reset to 1970: its work still counts
        (NOW - ABSURD_MS - 1, NOW - ABSURD_MS + DAY),
        (NOW + ABSURD_MS, NOW + ABSURD_MS + HOUR),
        (NOW, NOW + LONGEST_HOURS * HOUR),  # the longest window a checklist may set
    ],
)
def test_times_a_writer_produces_are_taken(at, answer_by):
    assert wire.event_row(_sent(at, {"answer_by": answer_by}))["at"] == at


def test_a_real_send_meets_the_check_on_the_longest_working_hours_window(tmp_path):
    replica = Replica.init(Home(tmp_path / "ana"), "ana", role="lead")
    template = tmp_path / "ana" / "checklists"
    template.mkdir()
    (template / "zz.toml").write_text(
        'id = "zz"\nversion = 1\ntitle = "Zed things"\nfrom_stage = "sales"\nto_stage = "onboarding"\n'
        'trigger = "Trigger happens"\naccept_within = "2000 working hours"\n[[items]]\nid = "a"\n'
        'text = "Aaa item"\nwhy = "Because reasons."\nkind = "check"\nrequired = true\n'
    )
    handoff = replica.create("zz", "Testing", "ben")
    replica.set_item(handoff, "a", "yes")
    event = replica.send(handoff)
    assert times_problem("sent", event.at, event.hlc, event.payload) is None


def test_a_checklist_cannot_ask_for_more_working_hours_than_a_deadline_search_finds(tmp_path):
    """87,000 working hours used to be counted on the wall clock without a word (about ten years, not forty)."""
    from baton.core.errors import TemplateError
    from baton.core.template import load_template

    path = tmp_path / "zz.toml"
    path.write_text(
        'id = "zz"\nversion = 1\ntitle = "Zed things"\nfrom_stage = "sales"\nto_stage = "onboarding"\n'
        'trigger = "Trigger happens"\naccept_within = "87000 working hours"\n[[items]]\nid = "a"\n'
        'text = "Aaa item"\nwhy = "Because reasons."\nkind = "check"\nrequired = true\n'
    )
    with pytest.raises(TemplateError, match="at most 2,000 working hours"):
        load_template(path)
    path.write_text(path.read_text().replace("87000 working hours", "87000h"))
    assert load_template(path).window.hours == 87_000
