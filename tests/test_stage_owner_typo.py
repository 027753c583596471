"""`baton stage STAGE --rule owner --owner USER` refuses a near-miss of a teammate's name, as a receiver's is.

`--owner call` for cal was taken: every handoff for the stage then went past the owner, and the only
word of it was "triage owner call is away or not in beta". Now it is one line naming whom it probably
meant, exit 4, and the stage's rule is as it was."""

from __future__ import annotations

from test_cli_routing import Baton, baton  # noqa: F401  (the fixture)


def test_a_misspelt_owner_is_refused_and_the_rule_is_kept(baton: Baton) -> None:  # noqa: F811
    before = baton("stage", "beta").stdout
    typo = baton("stage", "beta", "--rule", "owner", "--owner", "call", user="lea", role="lead")
    assert typo.returncode == 4 and typo.stdout == ""
    assert typo.stderr.strip() == "baton: no teammate named 'call' — did you mean cal?"
    assert baton("stage", "beta").stdout == before
    assert "routes by working-hours" in before


def test_a_slip_of_the_leads_own_name_is_caught_before_whether_they_receive_is_asked(baton: Baton) -> None:  # noqa: F811
    mine = baton("stage", "beta", "--rule", "owner", "--owner", "lea", user="lea", role="lead")
    assert mine.returncode == 1 and "receives for beta" in mine.stderr  # test_stage_owner_receives.py
    slip = baton("stage", "beta", "--rule", "owner", "--owner", "lae", user="lea", role="lead")
    assert slip.returncode == 4 and "did you mean lea?" in slip.stderr


def test_a_name_close_to_nobody_is_no_owner(baton: Baton) -> None:  # noqa: F811
    before = baton("stage", "beta").stdout
    result = baton("stage", "beta", "--rule", "owner", "--owner", "zoltan", user="lea", role="lead")
    assert result.returncode == 1 and result.stderr.strip() == (
        "baton: zoltan is no teammate who receives for beta: name one who does"
    )
    assert baton("stage", "beta").stdout == before


def test_an_owner_with_another_rule_and_the_owner_rule_without_one_are_said_as_they_are(baton: Baton) -> None:  # noqa: F811
    """`--rule least-loaded --owner cal` was told "a fixed triage owner needs --owner USER", though it had one."""
    before = baton("stage", "beta").stdout
    extra = baton("stage", "beta", "--rule", "least-loaded", "--owner", "cal", user="lea", role="lead")
    assert extra.returncode == 1
    assert (
        extra.stderr.strip()
        == "baton: --owner goes only with --rule owner: least-loaded picks among the stage's members"
    )
    bare = baton("stage", "beta", "--rule", "owner", user="lea", role="lead")
    assert bare.returncode == 1 and "the owner rule needs --owner USER" in bare.stderr
    assert baton("stage", "beta").stdout == before
