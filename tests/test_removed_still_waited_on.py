"""A handoff waiting on someone a lead removed says so wherever it is read: `team remove` names what still waits
on them, `show` says who removed them and that a lead reassigns it, and `remind` says it beside their queue.
Before, all three still read "next: fay" and "accept or return", as if she would answer."""

from __future__ import annotations

import random

from cli_support import baton
from sync_support import sync_once, teammate
from test_sync_trust import join

from baton.core.demo import fill
from baton.core.team import membership


def test_what_waits_on_a_removed_teammate_says_so_in_remove_show_and_remind(tmp_path, shared) -> None:
    ana = teammate(tmp_path, "ana", shared, role="lead")
    membership.found(ana)
    sync_once(ana)
    fay = join(tmp_path, shared, ana, "fay")
    sync_once(ana)
    handoff = ana.create("sales-to-onboarding", "Acme - 40 seats", "fay")
    fill(ana, handoff, ana.state(handoff).template, random.Random(1))
    ana.send(handoff)
    home = ana.home.root
    ana.close()
    fay.close()
    short = handoff[:6]
    assert not [line for line in baton(home, "show", handoff).stdout.splitlines() if "fay was removed" in line]
    removed = baton(home, "team", "remove", "fay", "--reason", "left the company")
    assert removed.exit_code == 0, removed.output
    waits = [line for line in removed.stdout.splitlines() if "still waits on fay" in line]
    assert len(waits) == 1 and waits[0].startswith("1 open handoff still waits on fay (")
    assert short in waits[0] and waits[0].endswith("reassign each (`baton reassign ID --to USER`)")
    shown = baton(home, "show", handoff).stdout.splitlines()
    assert "  ⚠ fay was removed from the team by ana: a lead reassigns it" in shown
    reminded = baton(home, "remind").stdout.splitlines()
    assert "fay — 1 waiting; fay was removed from the team by ana: a lead reassigns what waits on them" in reminded
