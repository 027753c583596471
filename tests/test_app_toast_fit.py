"""A long toast fits an 80x24 screen: Textual's half-width toast wrapped a sync warning into more lines than the
screen holds, and it was cut off mid-command; up to 60 columns wide on any screen, it stays a few lines."""

from __future__ import annotations

from test_app_support import settle
from test_app_typing import world
from textual.widgets._toast import Toast

WARNING = (
    "this shared folder had no folder of yours: your 1 segment written into it. A device claiming to be ben is not "
    "on the team: its segments are kept aside until a lead adds the device (retire it with baton team "
    "remove-device ben 1234:5678) or it is removed from the folder."
)


async def test_a_long_toast_is_sixty_columns_wide_at_80x24_and_fits_the_screen(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.notify(WARNING, severity="warning", timeout=30)
        await settle(pilot)
        [toast] = app.screen.query(Toast)
        assert toast.size.width >= 56 and toast.region.height <= 10
        assert app.screen.region.contains_region(toast.region)
