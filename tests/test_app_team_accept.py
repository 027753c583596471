"""The Team screen (F6) of a home whose team founding is not confirmed: it says so first, with the founder's
fingerprint and what it means, offers each founding known, and accepts the one chosen after a confirmation,
through the same call as `baton team accept` (a forged earlier founding, then the real one, as in
test_attack_forged_founding.py)."""

from __future__ import annotations

from sync_support import projection, sync_once, teammate, use_wall
from test_app_support import eventually, settle
from textual.widgets import OptionList, Static

from baton.core.team import acceptance, membership
from baton.core.team.keys import fingerprint
from baton.tui.app import BatonApp
from baton.tui.screens.confirm import Confirm
from baton.tui.screens.team import TeamScreen


def forged_then_real(tmp_path, shared):
    """ben, confirmed by both a forger calling itself ana (founded an hour earlier) and the real ana: ben
    follows the forger's team, unconfirmed."""
    ana = teammate(tmp_path, "ana", shared, role="lead")
    ben = teammate(tmp_path, "ben", shared)
    ana.create("relay", "Acme deal", "ben")
    for replica in (ana, ben, ana):
        sync_once(replica)
    forger = teammate(tmp_path, "ana", shared, role="lead", device="-forged")
    sync_once(forger)
    early = ana.wall() - 3_600_000
    use_wall(forger, lambda: early)
    membership.found(forger)
    membership.confirm(forger, "ben", membership.device_key(ben.home).public, ben.config.replica_id)
    sync_once(forger)
    membership.found(ana)
    membership.confirm(ana, "ben", membership.device_key(ben.home).public, ben.config.replica_id)
    sync_once(ana)
    sync_once(ben)
    assert acceptance.unconfirmed(ben.store)
    return ana, ben, forger


def dialog(app) -> str:
    return " ".join(str(w.render()) for w in app.screen.query(Static))


def shown(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_an_unconfirmed_home_sees_the_fingerprints_and_accepts_the_real_team(tmp_path, shared):
    ana, ben, forger = forged_then_real(tmp_path, shared)
    real = fingerprint(ana.store.roster().founder_key)
    fake = fingerprint(forger.store.roster().founder_key)
    app = BatonApp(ben, ben.home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        screen = app.screen
        await eventually(pilot, lambda: "Not confirmed yet" in shown(screen, "#team-changes-note"))
        assert fake in shown(screen, "#team-changes-note")  # the fingerprint of the founding followed now
        changes = screen.query_one("#team-changes", OptionList)
        await eventually(pilot, lambda: changes.option_count >= 2 and changes.has_focus)
        labels = [str(changes.get_option_at_index(i).prompt) for i in range(changes.option_count)]
        assert fake in labels[0] and "followed now" in labels[0] and real in labels[1], labels
        assert "Choose one, then confirm" in shown(screen, "#team-changes-note")
        await pilot.press("down", "enter")  # the followed one: asked first, and Esc keeps things as they are
        await eventually(pilot, lambda: isinstance(app.screen, Confirm))
        assert fake in dialog(app)
        await pilot.press("escape")
        await eventually(pilot, lambda: app.screen is screen)
        assert acceptance.unconfirmed(ben.store)
        await pilot.press("down", "enter")  # the real ana's
        await eventually(pilot, lambda: isinstance(app.screen, Confirm))
        assert real in dialog(app)
        await pilot.click("#go")
        code = screen.query_one("#team-code", Static)
        await eventually(pilot, lambda: "This home belongs to the team ana founded" in str(code.render()))
        assert real in str(code.render())
        await eventually(pilot, lambda: "Not confirmed yet" not in shown(screen, "#team-changes-note"))
        assert not [a for a in screen.actions if a.kind == "accept"]
    assert not acceptance.unconfirmed(ben.store)
    assert ben.store.roster().founder_key == ana.store.roster().founder_key
    sync_once(ana)
    sync_once(ben)
    assert projection(ben) == projection(ana)


async def test_a_confirmed_home_is_offered_no_acceptance(tmp_path, shared):
    _, ben, followed = forged_then_real(tmp_path, shared)
    acceptance.accept(ben.store, fingerprint(followed.store.roster().founder_key))  # the one it follows: no move
    app = BatonApp(ben, ben.home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        screen = app.screen
        await eventually(pilot, lambda: "Team founded by" in shown(screen, "#team-roster"))
        assert "Not confirmed yet" not in shown(screen, "#team-changes-note")
        assert not [a for a in screen.actions if a.kind == "accept"]
