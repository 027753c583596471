"""Every event kind has a noun for the lines that name one ("ben's recall of a send was not applied"), where the
kind's own word read "ben's recalled was not applied"."""

from __future__ import annotations

from baton.core.events import KINDS, kind_noun


def test_every_kind_reads_as_a_noun() -> None:
    for kind in KINDS:
        noun = kind_noun(kind)
        assert (noun and "_" not in noun and noun != kind.replace("_", " ")) or kind == "stage_rule", kind
    assert kind_noun("recalled") == "recall of a send" and kind_noun("accepted") == "acceptance"
