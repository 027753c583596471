"""Device keys: created private, signatures that verify only for the exact bytes and key."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baton.core.team.keys import DeviceKey, DeviceKeyError, fingerprint, verify


def test_a_saved_key_is_private_and_loads_back(tmp_path):
    key = DeviceKey.generate()
    path = tmp_path / "device.key"
    key.save(path)
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert DeviceKey.load(path).public == key.public


def test_an_existing_key_is_never_replaced(tmp_path):
    path = tmp_path / "device.key"
    first = DeviceKey.generate()
    first.save(path)
    with pytest.raises(DeviceKeyError, match="already holds"):
        DeviceKey.generate().save(path)
    assert DeviceKey.load(path).public == first.public


@pytest.mark.parametrize(
    ("content", "mode", "words"),
    [
        (None, 0o600, "no device key"),
        ("not base64 at all!!", 0o600, "damaged"),
        ("c2hvcnQ", 0o600, "damaged"),
        (None, 0o644, "readable by others"),
    ],
)
def test_a_bad_key_file_says_so_in_one_line(tmp_path, content, mode, words):
    path = tmp_path / "device.key"
    if mode == 0o644:
        DeviceKey.generate().save(path)
        os.chmod(path, mode)
    elif content is not None:
        path.write_text(content)
        os.chmod(path, mode)
    with pytest.raises(DeviceKeyError, match=words) as caught:
        DeviceKey.load(path)
    assert "\n" not in str(caught.value)


@given(st.binary(max_size=200), st.binary(min_size=1, max_size=20))
def test_a_signature_holds_only_for_its_message_and_key(message, tweak):
    key, other = DeviceKey.generate(), DeviceKey.generate()
    signature = key.sign(message)
    assert verify(key.public, message, signature)
    assert not verify(other.public, message, signature)
    assert not verify(key.public, message + tweak, signature)


@pytest.mark.parametrize("junk", ["", "x", "!!!!", "A" * 200])
def test_garbage_keys_and_signatures_never_raise(junk):
    key = DeviceKey.generate()
    assert not verify(junk, b"m", key.sign(b"m"))
    assert not verify(key.public, b"m", junk)


def test_fingerprints_are_short_and_tell_keys_apart():
    a, b = DeviceKey.generate(), DeviceKey.generate()
    assert len(fingerprint(a.public)) == 24
    assert a.fingerprint != b.fingerprint
