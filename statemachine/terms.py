"""Order terms a brand sets at creation (product.md §4), and the fixed windows of the machine."""

from __future__ import annotations

from datetime import timedelta

ACCEPT_WINDOW = timedelta(hours=24)

RETENTION_DAYS_MIN, RETENTION_DAYS_MAX, RETENTION_DAYS_DEFAULT = 1, 365, 30
PUBLISH_DAYS_MIN, PUBLISH_DAYS_MAX, PUBLISH_DAYS_DEFAULT = 1, 60, 7
PRICE_FEN_MIN, PRICE_FEN_MAX = 100, 100_000_000
BRIEF_MAX_CHARS = 5_000
