"""Events taken in before the news that they do not count: said when the roster withdraws them.

A replica may take in a segment signed by a device before it hears that a lead retired
that device with a watermark before that segment: in the same import, when the device's
folder is read before the lead's, or in an earlier sync. The roster's fold then stops
applying those events (Roster.withdrawn), as a replica that read the retirement first
keeps the segment aside and says so. This says it here too, once, when it happens: one
line per device, with who retired it. (A removed person's events past a removal's
watermark are taken in everywhere and shown as not applied, with who removed them: the
conflicts say it, the same on every replica.)
"""

from __future__ import annotations

from baton.core.store import Store
from baton.core.team import origins
from baton.core.team.roster import Roster

from .report import SyncReport


def report_withdrawn(store: Store, before: Roster, after: Roster, report: SyncReport) -> None:
    """One warning per device whose events the roster no longer applies since `before`."""
    fresh = after.withdrawn - before.withdrawn
    if not fresh:
        return
    for key, mark in sorted(after.watermarks.items()):
        found = origins.withdrawn(store.conn, {key: mark}) & fresh
        devices = after.devices.get(key)
        if not found or not devices:
            continue
        device = devices[-1]
        retired = after.retired.get(key)
        how = f"a device of {device.user}'s that {retired[1] if retired else 'a lead'} retired"
        count = len(found)
        report.warn(
            f"{count} event{'' if count == 1 else 's'} by {device.user} taken in from replica {mark.replica} "
            f"{'is' if count == 1 else 'are'} no longer applied: signed by {how} (key {device.fingerprint}), past "
            f"the last segment the team took from it ({mark.seq:06d}), whatever time {'it claims' if count == 1 else 'they claim'}"
        )
