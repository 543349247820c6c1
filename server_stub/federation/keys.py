"""The server's Ed25519 signing key: made once at init, kept in DATA_DIR/signing_key.pem.

The private key never leaves that file (mode 0600) and is never logged or printed;
peers know the server by its public key, shown as base64 of the raw 32 bytes.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

KEY_FILE = "signing_key.pem"


class KeyFileError(Exception):
    """The key file or a peer key is unusable; the message says why."""


def key_path(data_dir: Path) -> Path:
    return data_dir / KEY_FILE


def create_signing_key(data_dir: Path) -> Ed25519PrivateKey:
    """Make the key pair; refuses to overwrite an existing key (peers trust it)."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(key_path(data_dir), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return key


def load_signing_key(data_dir: Path) -> Ed25519PrivateKey:
    path = key_path(data_dir)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise KeyFileError(f"{path} is missing (kontor-server init makes it).") from None
    except ValueError:
        raise KeyFileError(f"{path} is not a readable PEM private key.") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path} does not hold an Ed25519 key.")
    return key


def ensure_signing_key(data_dir: Path) -> Ed25519PrivateKey:
    """The existing key, or a new one for a data directory made before federation."""
    if key_path(data_dir).exists():
        return load_signing_key(data_dir)
    try:
        return create_signing_key(data_dir)
    except FileExistsError:  # made meanwhile by another process
        return load_signing_key(data_dir)


def public_key_text(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def parse_public_key(text: str) -> Ed25519PublicKey:
    """A peer's key as given by its `kontor-server key show`: base64 of 32 raw bytes."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyFileError("The public key is not base64.") from None
    if len(raw) != 32:
        raise KeyFileError("An Ed25519 public key has 32 bytes.")
    return Ed25519PublicKey.from_public_bytes(raw)
