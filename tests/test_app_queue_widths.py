"""A wide queue gives each column what its cells need before Title takes the rest: at 200 columns a transition
longer than its 24 cells ("delivery → account-management") was cut while Title had room to spare."""

from __future__ import annotations

from test_app_support import KIT, FrozenClock, settle, team

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.widgets.queue_columns import WIDE_TITLE
from baton.tui.widgets.queue_table import QueueTable

TITLE = "Northwind — live, hand to account management after the pilot"
LONG = (
    KIT.replace('id = "kit"', 'id = "handover"')
    .replace('"sales"', '"delivery"')
    .replace('"onboarding"', '"account-management"')
)


def line(table: QueueTable, y: int) -> str:
    return "".join(segment.text for segment in table.render_line(y))


async def test_a_long_transition_is_shown_whole_when_title_has_room(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    (tmp_path / "checklists" / "handover.toml").write_text(LONG, encoding="utf-8")
    maya.create("handover", TITLE, "ben")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        app.screen.query_one("#scopes").active = "team"
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        assert table.total == 1
        row = line(table, 1)
        assert "delivery → account-management " in row and f" {TITLE} " in row
        widths = dict(zip([c.key for c in table.shown_columns()], table._widths(table.size.width)))
        assert widths["transition"] == len("delivery → account-management")
        assert widths["title"] > WIDE_TITLE  # and Title takes what is left
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert f" {TITLE[:20]}" in line(table, 1)  # narrow: Title keeps its room, as before


async def test_at_80_columns_the_status_shows_whole_with_its_conflict_mark(tmp_path):
    """ "! accept…" at 80 columns: the mark and the status could not both be read. The Title column gives the room."""
    from test_app_everything import world
    from test_app_support import settle
    from textual.geometry import Region

    from baton.core.events import Event
    from baton.core.home import Home
    from baton.core.ids import new_id
    from baton.tui.app import BatonApp

    clock, maya, ben, handoff = world(tmp_path)
    maya.send(handoff)
    ben.accept(handoff)
    forged = Event(  # a second accept, from a copy that had not seen the first: kept as a conflict
        id=new_id(),
        handoff=handoff,
        kind="accepted",
        hlc=ben.clock.tick(),
        at=clock(),
        author="ben",
        replica=ben.config.replica_id,
    )
    ben.store.append([forged.row()])
    assert ben.store.handoff_row(handoff)["conflicts"] == 1
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#queue")
        table.focus()
        await pilot.press("a")  # every handoff, the accepted one too
        await settle(pilot)
        lines = [strip.text for strip in table.render_lines(Region(0, 0, table.size.width, 3))]
        assert any("! accepted " in line for line in lines), lines
