# ruff: noqa: UP031  (JSON lines built with %s read better than with doubled braces)
"""Snapshot sharing on import: exactly `json.loads`, with equal checklists parsed once."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baton.core.catalog import builtin_entries
from baton.core.events import Event
from baton.sync import snapshots as snapshots_module
from baton.sync.exporter import wire_line
from baton.sync.snapshots import Snapshots

TEMPLATES = [entry.template.as_dict() for entry in builtin_entries()]
BASE = dict(
    v=1,
    id="a" * 32,
    handoff="b" * 32,
    kind="created",
    hlc="0001763740000000-0000-" + "c" * 16,
    at=1763740000000,
    author="ana",
    replica="c" * 16,
)


def created_line(
    template: dict, title: str = "Acme renewal", to: str = "ben", due: str | None = None, **extra: object
) -> str:
    """A created event exactly as export writes it (canonical payload, fixed key order)."""
    payload = {"template": template, "title": title, "to": to, "due": due, **extra}
    row = Event.model_validate({**BASE, "payload": payload}).row()
    return wire_line(tuple(row.values())).decode()


def test_lines_with_the_same_checklist_share_one_parsed_snapshot():
    snapshots = Snapshots()
    first = snapshots.loads(created_line(TEMPLATES[0], title="First one"))
    second = snapshots.loads(created_line(TEMPLATES[0], title="Second one", due="2026-12-01"))
    other = snapshots.loads(created_line(TEMPLATES[1]))
    assert first["payload"]["template"] is second["payload"]["template"]
    assert other["payload"]["template"] is not first["payload"]["template"]
    assert second == json.loads(created_line(TEMPLATES[0], title="Second one", due="2026-12-01"))
    assert other["payload"]["template"] == TEMPLATES[1]


KNOWN = json.dumps(TEMPLATES[0], sort_keys=True, separators=(",", ":"))
"""The first template's snapshot text exactly as a created line carries it."""
ODD = {
    "template text inside a string before the real key": created_line(
        TEMPLATES[0], title='not a "template":{"id":"x"} at all'
    ),
    "a key that merely ends in template, holding the known text": created_line(
        TEMPLATES[0], **{'a"template': TEMPLATES[0]}
    ),
    "NaN inside a string": created_line(TEMPLATES[0], title="NaN and more"),
    "a bare NaN token elsewhere in the line": created_line(TEMPLATES[0]).replace('"due":null', '"due":NaN'),
    "two template keys, the last wins": '{"v":1,"kind":"created","payload":{"template":%s,"template":%s}}'
    % (KNOWN, json.dumps(TEMPLATES[1])),
    "the known text nested one level down": '{"v":1,"kind":"created","payload":{"x":{"template":%s}}}' % KNOWN,
    "the known text as a key's value before the payload": '{"v":1,"kind":"created","t":{"template":%s},"payload":{"template":{}}}'
    % KNOWN,
    "a list where the snapshot should be": '{"v":1,"kind":"created","payload":{"template":[1,2,3]}}',
    "a string where the snapshot should be": '{"v":1,"kind":"created","payload":{"template":"text"}}',
    "not an object": '["kind","created","payload",{"template":{}}]',
}


@pytest.mark.parametrize("line", ODD.values(), ids=ODD.keys())
def test_odd_lines_parse_exactly_as_json_loads_does(line):
    snapshots = Snapshots()
    snapshots.loads(created_line(TEMPLATES[0]))  # the snapshot is known before the odd line comes
    assert KNOWN in created_line(TEMPLATES[0])
    # repr, not ==: a NaN is never equal to itself
    assert repr(snapshots.loads(line)) == repr(json.loads(line))


@pytest.mark.parametrize("cut", [10, 200, 1000, -40, -2, -1])
def test_a_cut_line_fails_as_json_loads_fails(cut):
    snapshots = Snapshots()
    whole = created_line(TEMPLATES[0])
    snapshots.loads(whole)
    with pytest.raises(ValueError):
        json.loads(whole[:cut])
    with pytest.raises(ValueError):
        snapshots.loads(whole[:cut])


def test_past_the_limit_lines_still_parse(monkeypatch):
    monkeypatch.setattr(snapshots_module, "LIMIT", 1)
    snapshots = Snapshots()
    lines = [created_line(template) for template in TEMPLATES[:3]]
    assert [snapshots.loads(line) for line in lines] == [json.loads(line) for line in lines]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


@given(
    template=st.sampled_from(TEMPLATES),
    title=st.text(min_size=3, max_size=20),
    extra=st.dictionaries(st.sampled_from(["a", "template2", "zz", "note"]), json_values, max_size=3),
    cut=st.none() | st.integers(min_value=0, max_value=6000),
    splice=st.text(max_size=12),
)
@settings(max_examples=300, deadline=None)
def test_any_line_parses_exactly_as_json_loads_does(template, title, extra, cut, splice):
    """Whole lines, and lines damaged at any place (a cut, a few characters put in)."""
    snapshots = Snapshots()
    known = created_line(template)
    snapshots.loads(known)
    line = created_line(template, title=title, **extra)
    if cut is not None:
        line = line[:cut] + splice + line[cut:]
    try:
        expected = json.loads(line)
    except ValueError:
        with pytest.raises(ValueError):
            snapshots.loads(line)
        return
    assert snapshots.loads(line) == expected


@pytest.mark.parametrize(
    "tail",
    [
        ',"payload":{"template":"x","title":"second","to":"ben"}}',
        ',"payload":' + '{"due":null,"template":{},"title":"t","to":"ben"}' + "}",
    ],
)
def test_a_created_line_with_a_key_after_its_payload_stores_only_its_payload(tail):
    from baton.sync import wire

    shared = Snapshots()
    shared.loads(created_line(TEMPLATES[0]))  # the snapshot is known: the next line takes the shared path
    line = created_line(TEMPLATES[0])[:-1] + tail
    data = wire.parse(line, shared.loads)
    try:
        row = wire.row_of(data, line, shared.reduced_of(line))
    except wire.BadLine:
        return  # refused whole: nothing stored
    assert json.loads(row["payload"]) == json.loads(line)["payload"]


def test_a_created_line_as_exported_keeps_its_payload_text_and_takes_the_shared_path():
    from baton.sync import wire

    shared = Snapshots()
    shared.loads(created_line(TEMPLATES[0]))
    line = created_line(TEMPLATES[0])
    data = wire.parse(line, shared.loads)
    assert shared.reduced_of(line) is not None
    row = wire.row_of(data, line, shared.reduced_of(line))
    assert row["payload"] == line[line.index('"payload":') + len('"payload":') : -1]
