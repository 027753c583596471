"""A handoff a stage routed names whom routing picked, even after a reassignment moved it to someone else:
`show`, `show --json` and the brief never say the stage picked the person it was handed to later."""

from __future__ import annotations

import json

from conftest import GOOD_VALUES
from test_cli_routing import Baton, baton  # noqa: F401  (the fixture)


def test_a_reassigned_handoff_still_names_whom_routing_picked(baton: Baton) -> None:  # noqa: F811
    sets = [f"--set={k}={v or 'yes'}" for k, v in GOOD_VALUES.items()]
    handoff = baton("new", "relay", "--title", "Acme rollout", *sets).stdout.strip()
    assert baton("send", handoff).returncode == 0
    moved = baton("reassign", handoff, "--to", "cal", user="ben")
    assert moved.returncode == 0, moved.stderr
    shown = baton("show", handoff).stdout
    assert "ana → cal" in shown
    assert "  routed to ben: in working hours, 0 waiting (stage beta)" in shown
    data = json.loads(baton("show", handoff, "--json").stdout)
    assert data["receiver"] == "cal" and data["route"]["to"] == "ben"
    assert "- **Routed:** to ben: in working hours, 0 waiting" in baton("brief", handoff).stdout
