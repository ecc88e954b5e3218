"""Object ids: a type prefix and a ULID (time-ordered, unguessable)."""

from __future__ import annotations

import os
import re
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
_ID = re.compile(r"[a-z]{2,5}_[0-9A-HJKMNP-TV-Z]{26}")  # whole strings only (fullmatch)


def new_id(prefix: str) -> str:
    value = (int(time.time() * 1000) << 80) | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(26):
        value, digit = divmod(value, 32)
        chars.append(_ALPHABET[digit])
    return f"{prefix}_{''.join(reversed(chars))}"


def looks_like_id(value: str, prefix: str) -> bool:
    return value.startswith(prefix + "_") and _ID.fullmatch(value) is not None
