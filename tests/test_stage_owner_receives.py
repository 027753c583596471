"""`baton stage S --rule owner --owner USER` for someone who does not receive for S: routing would pass them
over on every handoff ("triage owner nia is away or not in onboarding"), so it is refused in one line, exit 1,
nothing written, with the `team set` that gives them the stage and keeps their others."""

from __future__ import annotations

from conftest import dump
from test_cli_routing import Baton, baton  # noqa: F401  (the fixture)


def test_an_owner_outside_the_stage_is_refused_with_how_to_give_them_it(baton: Baton) -> None:  # noqa: F811
    before = dump(baton.root)
    refused = baton("stage", "gamma", "--rule", "owner", "--owner", "ben", user="lea", role="lead")
    assert (refused.returncode, refused.stdout) == (1, "")
    assert refused.stderr == (
        "baton: ben does not receive for gamma, so routing would pass them over: "
        "give them the stage first (`baton team set ben --stage beta --stage gamma`)\n"
    )
    unknown = baton("stage", "gamma", "--rule", "owner", "--owner", "zed", user="lea", role="lead")
    assert (unknown.returncode, unknown.stderr) == (
        1,
        "baton: zed is no teammate who receives for gamma: name one who does\n",
    )
    assert dump(baton.root) == before
    assert "routes by working-hours" in baton("stage", "gamma").stdout


def test_an_owner_in_the_stage_is_taken(baton: Baton) -> None:  # noqa: F811
    taken = baton("stage", "gamma", "--rule", "owner", "--owner", "cal", user="lea", role="lead")
    assert taken.returncode == 0 and "routes by owner (cal)" in taken.stdout
