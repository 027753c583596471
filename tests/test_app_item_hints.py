"""An example too long for a one-line field is shown whole on a line under it, not cut off as its placeholder."""

from __future__ import annotations

from test_app_support import FrozenClock, settle, team
from textual.widgets import Input, Static

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.widgets.item_input import HINT_FITS

LONG = "Two extra admin training sessions; a custom CSV export mentioned as 'possible' on the call"
PROMISES = f"""
[[items]]
id = "promises"
text = "Promises beyond the standard contract, or none"
why = "A side promise that never reached the receiver comes back later."
kind = "text"
min_length = 4
hint = "{LONG}"

[[items]]
id = "owner"
text = "Who owns the account"
why = "The receiver needs one name."
kind = "text"
hint = "Dana Ruiz, CFO"
"""


async def test_a_long_example_goes_under_the_field_and_a_short_one_stays_its_placeholder(tmp_path):
    assert len(f"e.g. {LONG}") > HINT_FITS
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    kit = tmp_path / "checklists" / "kit.toml"
    kit.write_text(kit.read_text(encoding="utf-8") + PROMISES, encoding="utf-8")
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        promises = app.screen.query_one("#item-promises")
        assert promises.query_one("#input", Input).placeholder == "type, then Enter"
        [hint] = promises.query(".item-hint").results(Static)
        assert str(hint.content) == f"e.g. {LONG}" and hint.display
        owner = app.screen.query_one("#item-owner")
        assert owner.query_one("#input", Input).placeholder == "e.g. Dana Ruiz, CFO"
        assert not owner.query(".item-hint")
        maya.set_item(handoff, "promises", "none")
        for item, value in {"signed": True, "summary": "Forty seats, annual", "start": "2025-12-01"}.items():
            maya.set_item(handoff, item, value)
        for item, value in {"crm": "https://crm.example.com/d/1", "seats": 4, "plan": "growth"}.items():
            maya.set_item(handoff, item, value)
        maya.send(handoff)
        app.screen.reload()
        await settle(pilot)
        assert not hint.display  # sent: the value is shown, the example is not
