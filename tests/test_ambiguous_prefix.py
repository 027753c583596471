"""A prefix that starts several handoffs names them (short id and title), so the person can pick one.

Before, the refusal only counted them ("it starts 3 handoffs"), and the person had to run `list`
to find which ids and how many characters tell them apart.
"""

from __future__ import annotations


def test_an_ambiguous_prefix_names_the_handoffs_it_starts(cli_team) -> None:
    ana = cli_team.replica("ana")
    made: dict[str, list[tuple[str, str]]] = {}
    n = 0
    while not any(len(found) > 1 for found in made.values()):
        n += 1
        title = f"Rollout {n}"
        made.setdefault((handoff := ana.create("relay", title, "ben"))[0], []).append((handoff, title))
    both = sorted(next(found for found in made.values() if len(found) > 1))[:2]
    result = cli_team("ana", "show", both[0][0][0])
    assert result.returncode == 4 and result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"baton: '{both[0][0][0]}' is ambiguous: it starts ")
    assert line.endswith("; type more of the id")
    for handoff, title in both:
        assert f"{handoff[:8]} {title}" in line


def test_a_long_title_is_cut_in_the_refusal(cli_team) -> None:
    ana = cli_team.replica("ana")
    long = "A very long title that goes on and on about the rollout"
    by_first: dict[str, int] = {}
    while max(by_first.values(), default=0) < 2:
        handoff = ana.create("relay", long, "ben")
        by_first[handoff[0]] = by_first.get(handoff[0], 0) + 1
    first = next(c for c, n in by_first.items() if n > 1)
    line = cli_team("ana", "send", first).stderr
    assert long not in line and long[:29] + "…" in line
