"""API keys: random, shown once, stored as SHA-256 (they carry 256 bits, so no slow hash)."""

from __future__ import annotations

import hashlib
import secrets

KEY_PREFIX = "xt_"


def generate_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def display_prefix(key: str) -> str:
    return key[:10]
