"""Device keys: one Ed25519 key pair per device, the private half never leaving the home.

A key proves which device wrote a segment or granted an invitation. The private key
is created with mode 0600 next to the config; the public key is published in the
replica's `replica.json`. PyNaCl does the cryptography: nothing here is hand-written.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BatonError
from ..regular_file import NotAFile, read_settings

if TYPE_CHECKING:  # PyNaCl loads when a key is made, read or a signature checked, not with a fingerprint
    from nacl.signing import SigningKey


class DeviceKeyError(BatonError):
    """The device key is missing, unreadable or damaged."""


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def fingerprint(public_key: str) -> str:
    """A short, comparable form of a public key, read aloud to check it out of band."""
    digest = hashlib.sha256(public_key.encode("ascii")).hexdigest()[:20]
    return ":".join(digest[i : i + 4] for i in range(0, 20, 4))


def verify(public_key: str, message: bytes, signature: str) -> bool:
    """True when `signature` is `public_key`'s signature of `message`; False for anything else."""
    from nacl.exceptions import BadSignatureError, CryptoError
    from nacl.signing import VerifyKey

    try:
        VerifyKey(_unb64(public_key)).verify(message, _unb64(signature))
    except (BadSignatureError, CryptoError, ValueError, TypeError):
        return False
    return True


@dataclass(frozen=True)
class DeviceKey:
    """This device's signing key."""

    signing: SigningKey

    @classmethod
    def generate(cls) -> DeviceKey:
        from nacl.signing import SigningKey

        return cls(SigningKey.generate())

    @property
    def public(self) -> str:
        """The public key, URL-safe base64 without padding (43 characters)."""
        return _b64(bytes(self.signing.verify_key))

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public)

    def sign(self, message: bytes) -> str:
        """A detached signature of `message`, URL-safe base64."""
        return _b64(self.signing.sign(message).signature)

    def save(self, path: Path) -> None:
        """Write the private key with mode 0600, atomically; never overwrites an existing key.

        The key is put in place with a hard link, which fails if the name exists: of two
        baton processes making a home's first key at once, exactly one wins and the other
        gets DeviceKeyError (and loads the winner's), so no segment is ever signed with a
        key that is not the one on disk.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{secrets.token_hex(6)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            try:
                os.write(fd, (_b64(bytes(self.signing)) + "\n").encode("ascii"))
                os.fsync(fd)
            finally:
                os.close(fd)
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise DeviceKeyError(f"{path} already holds a device key: refusing to replace it") from None
            except OSError:  # a file system without hard links
                if path.exists():
                    raise DeviceKeyError(f"{path} already holds a device key: refusing to replace it") from None
                os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)

    @classmethod
    def load(cls, path: Path) -> DeviceKey:
        """The key in `path`; one clear line when it is missing, unreadable, too open or damaged."""
        try:
            mode = path.stat().st_mode
            text = read_settings(path, 4096).strip()  # a FIFO or a link to /dev/zero: one line, not a hang
        except FileNotFoundError:
            raise DeviceKeyError(f"no device key at {path}: this home was made before keys existed") from None
        except (OSError, UnicodeDecodeError, NotAFile) as exc:
            raise DeviceKeyError(f"cannot read the device key {path}: {exc}") from None
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise DeviceKeyError(f"the device key {path} is readable by others: run `chmod 600 {path}`")
        from nacl.exceptions import CryptoError
        from nacl.signing import SigningKey

        try:
            raw = _unb64(text)
            if len(raw) != 32:
                raise ValueError("wrong length")
            return cls(SigningKey(raw))
        except (ValueError, TypeError, CryptoError):
            raise DeviceKeyError(f"the device key {path} is damaged") from None
