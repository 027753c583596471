"""Damage a real team's shared folder in every way a disk, a sync engine or a hostile teammate can.

Each kind of damage is a function `(scene, pick) -> str`: it breaks the folder and says
what it did (for the failing example's report). `pick(options)` chooses one of a list
(hypothesis draws it; a plain test passes `lambda o: o[0]`). A damage whose target is
gone (an earlier damage removed the folder) does nothing and says so.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable

from folder_scene import AS_ROOT, Pick, Scene, gone, json_object, listed, real_folder, restore, target

from baton.sync import segment
from baton.sync.folder import MAX_REPLICA_FILE

# Damage to one segment (or, with `name`, one per-folder file such as replica.json).


def truncate_mid_line(scene: Scene, pick: Pick) -> str:
    path = target(scene, pick)
    if path is None:
        return "no segment to cut"
    data = path.read_bytes()
    cut = pick([len(data) // 2, len(data) - 2, 1])
    path.write_bytes(data[:cut])
    return f"cut {path.name} to {cut} bytes"


def truncate_to_zero(scene: Scene, pick: Pick) -> str:
    path = target(scene, pick, pick([None, "replica.json", "acks.json", "team.json"]))
    if path is None:
        return "nothing to empty"
    path.write_bytes(b"")
    return f"emptied {path.name}"


def flip_bytes(scene: Scene, pick: Pick) -> str:
    path = target(scene, pick, pick([None, None, "replica.json", "acks.json"]))
    if path is None:
        return "nothing to flip"
    data = bytearray(path.read_bytes())
    for at in {len(data) // 3, pick([0, len(data) // 2, len(data) - 1])}:
        if data:
            data[at] ^= pick([0x01, 0x80, 0xFF])
    path.write_bytes(bytes(data))
    return f"flipped bytes of {path.name}"


def append_garbage(scene: Scene, pick: Pick) -> str:
    path = target(scene, pick)
    if path is None:
        return "no segment to pad"
    garbage = pick([b"garbage\n", b"\xff\xfe\x00\n", b'{"count": 1}\n', b"[" * 5000 + b"\n", b"{}\n" * 3])
    with open(path, "ab") as handle:
        handle.write(garbage)
    return f"appended garbage to {path.name}"


def replace_with(kind: str) -> Callable[[Scene, Pick], str]:
    """A segment or per-folder file replaced by something that is not a regular file."""

    def damage(scene: Scene, pick: Pick) -> str:
        path = target(scene, pick, pick([None, None, "replica.json", "acks.json", "team.json"]))
        if path is None:
            return f"nothing to replace with {kind}"
        path.unlink()
        if kind == "folder":
            path.mkdir()
            (path / "inside.jsonl").write_text("{}\n")
        elif kind == "link-to-zero":
            os.symlink("/dev/zero", path)
        elif kind == "link-outside":
            os.symlink(scene.outside / "private.txt", path)
        elif kind == "link-loop":
            os.symlink(path.name, path)
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "huge":
            with open(path, "wb") as handle:
                handle.truncate(max(segment.MAX_BYTES, MAX_REPLICA_FILE) + 1)
        return f"{path.name} replaced by {kind}"

    damage.__name__ = f"replace_with_{kind.replace('-', '_')}"
    return damage


def unreadable(scene: Scene, pick: Pick) -> str:
    path = target(scene, pick, pick([None, "replica.json"]))
    if path is None or AS_ROOT:
        return "no file made unreadable (root reads anything)"
    os.chmod(path, 0)
    return f"{path.name} made unreadable"


def renumbered(scene: Scene, pick: Pick) -> str:
    path = target(scene, pick)
    if path is None:
        return "no segment to renumber"
    name = segment.parse_name(path.name)
    seq = pick([name.seq + 1, name.seq + 7, 1, 999_999, 0, 999_999_999_999_999_999])
    new = path.with_name(path.name.replace(f"{name.seq:06d}-", f"{seq:06d}-", 1))
    os.replace(path, new)
    return f"{path.name} renamed to {new.name}"


def moved_to_another_folder(scene: Scene, pick: Pick) -> str:
    path = target(scene, pick)
    others = [f for f in scene.folders() if path is not None and f != path.parent]
    if path is None or not others:
        return "no segment to move"
    into = pick(others)
    how = pick(["move", "copy"])
    if os.path.lexists(into / path.name):
        return f"{path.name} is in {into.name} already"
    (shutil.move if how == "move" else shutil.copy)(path, into / path.name)
    return f"{how}d {path.name} into {into.name}"


def duplicated(scene: Scene, pick: Pick) -> str:
    path = target(scene, pick)
    if path is None:
        return "no segment to duplicate"
    name = segment.parse_name(path.name)
    copy = pick(
        [
            path.with_name(path.stem + ".sync-conflict-20261201-101010-ABCDEFG.jsonl"),
            path.with_name(f"{name.seq:06d}-{name.sha8} (ana's conflicted copy 2026-12-01).jsonl"),
            path.with_name(f"{name.seq + 50:06d}-{name.sha8}.jsonl"),
            path.with_name(f"{name.seq:06d}-{name.sha8}.snapshot.jsonl"),
        ]
    )
    if os.path.lexists(copy):
        return f"{copy.name} is there already"
    shutil.copy(path, copy)
    return f"{path.name} copied as {copy.name}"


def squatted_next_number(scene: Scene, pick: Pick) -> str:
    """Something already there under the number the victim writes next (its export must not adopt it)."""
    own = scene.replicas / scene.victim
    if not real_folder(scene, own):
        return "no own folder"
    numbers = [name.seq for p in listed(own) if (name := segment.parse_name(p.name)) is not None]
    path = own / f"{max(numbers, default=0) + 1:06d}-0badf00d.jsonl"
    others = [p for p in scene.segments() if p.parent != own]
    choice = pick(["garbage", "a seal in the wrong form", "a teammate's segment", "folder", "fifo", "link"])
    if os.path.lexists(path):
        return f"{path.name} is there already"
    if choice == "garbage":
        path.write_bytes(b"\x00\xff garbage\n")
    elif choice == "a seal in the wrong form":
        data, _ = segment.encode([b"{}"])
        path.write_bytes(data.replace(b'"sha256"', b'"prev":7,"key":"k","sig":"s","sha256"'))
    elif choice == "a teammate's segment" and others:
        shutil.copy(pick(others), path)
    elif choice == "folder":
        path.mkdir()
    elif choice == "fifo":
        os.mkfifo(path)
    else:
        os.symlink("/dev/zero", path)
    return f"{path.name} in the victim's folder: {choice}"


# Damage to replica.json and the team's other files.


def bad_replica_json(scene: Scene, pick: Pick) -> str:
    path = target(scene, pick, "replica.json")
    if path is None:
        return "no replica.json"
    good = json_object(path)
    others = [p for p in scene.files("replica.json") if p != path]
    choice = pick(
        ["missing", "garbage", "huge", "deep", "wrong types", "another user's", "claims another user", "a list", "null"]
    )
    if choice == "missing":
        path.unlink()
    elif choice == "garbage":
        path.write_bytes(b"\x00\xffnot json at all{{{")
    elif choice == "huge":
        path.write_bytes(b'{"user": "' + b"a" * (2 * MAX_REPLICA_FILE) + b'"}')
    elif choice == "deep":
        path.write_text('{"a":' * 100_000 + "1" + "}" * 100_000)
    elif choice == "wrong types":
        path.write_text(json.dumps({**good, "user": 7, "tz": ["UTC"], "public_key": {"k": 1}, "role": None}))
    elif choice == "another user's" and others:
        shutil.copy(pick(others), path)
    elif choice == "claims another user" and others:  # the folder's own replica id, someone else's name and key
        claimed = json_object(pick(others))
        path.write_text(json.dumps({**good, **{k: claimed.get(k) for k in ("user", "role", "public_key")}}))
    elif choice == "a list":
        path.write_text("[1, 2, 3]")
    else:
        path.write_text("null")
    return f"{path.parent.name}/replica.json: {choice}"


def bad_team_files(scene: Scene, pick: Pick) -> str:
    name = pick(["team.json", "acks.json"])
    path = target(scene, pick, name)
    if path is None:
        return f"no {name}"
    choice = pick(["garbage", "deep", "wrong types", "forged"])
    if choice == "garbage":
        path.write_bytes(b"\xff" * 64)
    elif choice == "deep":
        path.write_text("[" * 100_000 + "]" * 100_000)
    elif choice == "wrong types":
        path.write_text(json.dumps({"team": 5, "acks": "all", "replica": [], "sig": 1, "founder": {}}))
    else:
        data = json_object(path)
        data.update({key: 999_999 for key, value in data.items() if isinstance(value, int)})
        if isinstance(data.get("acks"), dict):
            data["acks"] = {key: 999_999 for key in data["acks"]}
        path.write_text(json.dumps(data))
    return f"{path.parent.name}/{name}: {choice}"


# Damage to names and to the layout.


def odd_names(scene: Scene, pick: Pick) -> str:
    """Files and folders whose names are not UTF-8, hold control characters, or only look like ids.
    (No file name can hold a NUL byte: the OS refuses it, so a folder never shows one.)"""
    where = pick([scene.replicas, *scene.folders()])
    if not real_folder(scene, where):
        return "no folder for odd names"
    base = os.fsencode(where)
    name = pick(
        [
            b"000009-deadbeef\xff.jsonl",
            b"\xff\xfe-folder",
            b"line\nbreak.jsonl",
            b"\x1b[2Jescape.jsonl",
            b"ABCDEF0123456789",
            b"0123456789abcdef0123456789abcdef0",
            b"000001-DEADBEEF.jsonl",
        ]
    )
    full = os.path.join(base, name)
    if os.path.lexists(full):
        return f"odd name {name!r} is in {where.name} already"
    if name.endswith(b".jsonl"):
        with open(full, "wb") as handle:
            handle.write(b'{"count":0,"sha256":"e3b0"}\n')
    else:
        os.mkdir(full)
        with open(os.path.join(full, b"replica.json"), "wb") as handle:
            handle.write(b'{"user": "zed"}')
    return f"odd name {name!r} in {where.name}"


def stray_files(scene: Scene, pick: Pick) -> str:
    """A stray file (and a stray folder) at every level of the layout."""
    levels = [scene.shared, scene.shared / "baton", scene.shared / "baton" / "v1", scene.replicas, *scene.folders()]
    for level in levels:
        if real_folder(scene, level):
            (level / "notes.txt").write_text("not baton's")
            (level / "stray.jsonl").write_bytes(b"\x00\x01garbage\n")
            (level / "000001-deadbeef.jsonl.part").write_bytes(b"half")
            if not os.path.lexists(level / "junk-folder"):  # an earlier damage may have made it a file or a link
                (level / "junk-folder").mkdir()
    return "stray files at every level"


def replica_folder_replaced(scene: Scene, pick: Pick) -> str:
    folders = scene.folders()
    if not folders:
        return "no replica folder"
    folder = pick(folders)
    choice = pick(["file", "link-loop", "link-to-parent", "emptied"])
    gone(folder)
    if choice == "file":
        folder.write_bytes(b"a file where a folder was")
    elif choice == "link-loop":
        os.symlink(folder.name, folder)
    elif choice == "link-to-parent":
        os.symlink("..", folder)
    else:
        folder.mkdir()
    return f"replica folder {folder.name}: {choice}"


def layout_replaced(scene: Scene, pick: Pick) -> str:
    level = pick([scene.shared / "baton" / "v1", scene.replicas, scene.shared / "baton"])
    choice = pick(["file", "link-outside", "fifo"])
    if not real_folder(scene, level.parent):
        return f"{level.name} is not inside a folder now"
    gone(level)
    if choice == "file":
        level.write_bytes(b"not a folder")
    elif choice == "link-outside":
        os.symlink(scene.outside, level)
    else:
        os.mkfifo(level)
    return f"{level.relative_to(scene.shared)} replaced by {choice}"


def emptied_shared_folder(scene: Scene, pick: Pick) -> str:
    for inner in listed(scene.shared):
        gone(inner)
    return "shared folder emptied"


def shared_folder_gone(scene: Scene, pick: Pick) -> str:
    gone(scene.shared)
    choice = pick(["gone", "a file", "a link to itself", "a link to nowhere"])
    if choice == "a file":
        scene.shared.write_bytes(b"a file where the shared folder was")
    elif choice == "a link to itself":
        os.symlink(scene.shared.name, scene.shared)
    elif choice == "a link to nowhere":
        os.symlink(scene.shared.parent / "unmounted", scene.shared)
    return f"shared folder: {choice}"


def read_only(scene: Scene, pick: Pick) -> str:
    if AS_ROOT:
        return "nothing made read-only (root writes anything)"
    where = pick([scene.shared, scene.replicas / scene.victim])
    for inner in [where, *where.rglob("*")] if real_folder(scene, where) else []:
        if not inner.is_symlink():
            os.chmod(inner, 0o555 if inner.is_dir() else 0o444)
    return f"{where.name} made read-only"


DAMAGES: list[Callable[[Scene, Pick], str]] = [
    truncate_mid_line,
    truncate_to_zero,
    flip_bytes,
    append_garbage,
    *(replace_with(kind) for kind in ("folder", "link-to-zero", "link-outside", "link-loop", "fifo", "huge")),
    unreadable,
    renumbered,
    moved_to_another_folder,
    duplicated,
    squatted_next_number,
    bad_replica_json,
    bad_team_files,
    odd_names,
    stray_files,
    replica_folder_replaced,
    layout_replaced,
    emptied_shared_folder,
    shared_folder_gone,
    read_only,
]


__all__ = ["DAMAGES", "Scene", "restore"]
