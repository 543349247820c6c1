"""What the signing tests sign with: one key, one moment, one request."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEY = Ed25519PrivateKey.generate()
NOW = 1_800_000_000
PATH, QUERY = "/federation/v1/changes", "since=&limit=5"
