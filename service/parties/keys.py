"""API keys: random, shown once, stored as SHA-256 (they carry 256 bits, so no slow hash)."""

from __future__ import annotations

import hashlib
import secrets

KEY_PREFIX = "xt_"


def generate_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def bearer_token(authorization: str) -> str | None:
    """The key of an `Authorization: Bearer <key>` header (the scheme in any case), or None."""
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def fingerprint(key: str) -> str:
    """What a key record shows to tell keys apart: the first 12 hex digits of the key's
    SHA-256, never characters of the secret (`printf %s KEY | sha256sum | cut -c1-12`)."""
    return hash_key(key)[:12]
