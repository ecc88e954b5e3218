"""Conditional requests (RFC 9110): ETags from versions, If-Match, If-None-Match, and the
`Prefer: wait=N` hint for long polls (RFC 7240)."""

from __future__ import annotations

import re

from service.problems import ProblemError

MAX_WAIT_SECONDS = 30
_WAIT = re.compile(r"(?:^|[,;\s])wait\s*=\s*(\d{1,6})(?:$|[,;\s])")


class PreconditionFailed(ProblemError):
    code = "version_conflict"


def etag(version: int) -> str:
    return f'"v{version}"'


def _tags(header: str, weak: bool) -> set[str]:
    tags = {tag.strip() for tag in header.split(",") if tag.strip()}
    return {tag.removeprefix("W/") for tag in tags} if weak else tags


def matches(header: str | None, current: str) -> bool:
    """If-None-Match: whether the header names the current ETag (or `*`), compared weakly."""
    if header is None:
        return False
    if header == current:  # what a poll sends, nearly always
        return True
    tags = _tags(header, weak=True)
    return "*" in tags or current in tags


def matches_strongly(header: str, current: str) -> bool:
    """If-Match: the strong comparison of RFC 9110 §13.1.1, so a weak tag (`W/"v3"`)
    never matches."""
    tags = _tags(header, weak=False)
    return "*" in tags or current in tags


def require_match(header: str | None, version: int) -> None:
    """If-Match: act only on that version (412 otherwise); no header, no condition."""
    if header is not None and not matches_strongly(header, etag(version)):
        raise PreconditionFailed(
            f"the object is at version {version}; fetch it again and retry",
            current_version=version,
        )


def wait_seconds(prefer: str | None) -> int:
    """`Prefer: wait=N`, capped at 30 seconds; 0 when absent."""
    found = _WAIT.search(prefer or "")
    return min(int(found.group(1)), MAX_WAIT_SECONDS) if found else 0
