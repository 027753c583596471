"""Retirements that ended a device by stamp only, given a watermark by a lead's copy.

A retirement names the last segment of the device's folder the retiring lead's copy
had taken in (origins.py): what the key signs past it never counts, whatever time it
claims. A retirement written by an older baton names none, and then the device is
judged by stamp: a segment with any change stamped after the retirement is kept
aside, but one whose every stamp is set back before it is taken in, so a stolen key
could still act. No replica can name that watermark for the older lead after the fact:
which segments that copy had taken in when it retired the key is known to nobody else,
and guessing would either drop the device's genuine work or count a forgery.

So a lead's copy names it now: the last segment of that folder *it* has taken in (its
own, later watermark), in a `device_retired` for the same key that carries `upto`
(changes.py). What was taken in by then keeps counting, as it did; anything the key
signs past it is kept aside on every replica from then on, whatever time it claims,
as for a retirement made with a watermark. The first such mark (by stamp) stands.
Until a lead's copy of this baton syncs, what protects such a device is the stamp
rule alone (verify.py, rule 3), and a lead can still remove the person.

A removal from an older baton is the same: it ended its person's devices at its stamp,
so a removed person setting a clock back could still act as the member (or lead) they
were. A lead's copy names, in a `member_removed` for the same person, the last segment
of each of those devices' folders it has taken in; what they sign past it is shown as
not applied, and a roster change among it never counts (roster_fold.py). A demotion from
an older baton likewise: a `member_set` keeping the person a member names the watermark,
and what their devices sign past it is judged at the demotion's stamp (a member's doing).
An older baton revoked none of their pending invitations either: the copy that names the
mark revokes them with it, as a retirement, removal or demotion made today does (voided.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import NotAllowed
from .folder_marks import _watermark
from .membership import _build, _write, device_key
from .older_marks import ended_by_removal, unmarked_demotion
from .roster import Device
from .voided import void_pending

if TYPE_CHECKING:
    from ..replica import Replica


def mark_retirements(replica: Replica) -> list[tuple[str, Device, int]]:
    """A lead's copy: every retirement and removal that named no watermark gets this copy's (see the module
    docstring). Returns (retired, removed or demoted; the device; the last number of its folder that counts)
    for each one marked; nothing
    is written by a member's copy, by a device not on the team, or for a folder this copy has taken no segment
    of (a lead that just joined has not read the folder yet: "nothing counts" would drop the device's genuine
    work on every replica), nor for one it holds events of but no segments: those stay judged by stamp."""
    roster = replica.store.roster()
    if not roster.founded or not roster.is_lead(replica.user):
        return []
    unmarked = sorted(key for key in roster.retired if key not in roster.watermarks)
    removed = {
        user: ended
        for user in sorted(roster.removals)
        if roster.member(user) is None
        and (ended := ended_by_removal(roster, user))
        and not any(d.key in roster.removal_marks for d in ended)
        and not any(d.key in roster.retired for d in ended)
    }
    demoted = [m.user for m in roster.members() if m.role == "member" and unmarked_demotion(roster, m.user)]
    if not unmarked and not removed and not demoted:
        return []
    key = device_key(replica.home)
    if roster.device_user(key.public) != replica.user:
        return []
    done: list[tuple[str, Device, int]] = []
    for retired in unmarked:
        device = roster.devices[retired][-1]
        upto = _watermark(replica, device.replica)
        if upto is None or not upto["seq"]:
            continue
        with replica.transaction():  # the mark, and the codes made with that key (voided.py): one change
            if _wrote(replica, "device_retired", {"user": device.user, "key": retired, "upto": upto}):
                void_pending(replica, key=retired)
                done.append(("retired", device, int(upto["seq"])))
    for user, ended in removed.items():
        found = {d.replica: _watermark(replica, d.replica) for d in ended}
        marks = {folder: mark for folder, mark in sorted(found.items()) if mark is not None and mark["seq"]}
        if not marks:
            continue
        with replica.transaction():
            if _wrote(replica, "member_removed", {"user": user, "upto": marks}):
                void_pending(replica, user=user)
                done += [("removed", d, int(marks[d.replica]["seq"])) for d in ended if d.replica in marks]
    for user in demoted:
        current = [d for d in roster.devices_of(user) if d.until is None]
        found = {d.replica: _watermark(replica, d.replica) for d in current}
        marks = {folder: mark for folder, mark in sorted(found.items()) if mark is not None and mark["seq"]}
        if not marks:
            continue
        with replica.transaction():
            if _wrote(replica, "member_set", {"user": user, "role": "member", "upto": marks}):
                void_pending(replica, user=user, lead_only=True)
                done += [("demoted", d, int(marks[d.replica]["seq"])) for d in current if d.replica in marks]
    return done


def _wrote(replica: Replica, kind: str, payload: dict[str, object]) -> bool:
    try:
        _write(replica, _build(replica, kind, payload, device_key(replica.home)))
    except NotAllowed:
        return False
    return True
