"""How a simulated video's audience grows: a fast rise over its first day or two, then a
slow tail, the same every time for the same video (its parameters are drawn from its id),
so that a run on a test clock yields a series that looks like a real one. Pure."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

PPM = 1_000_000
TAIL_SHARE = 0.12  # of the reach, gained slowly over the tail
TAIL_DAYS = 90


@dataclass(frozen=True)
class Growth:
    reach: int  # the plays the video tends to
    rise_minutes: int  # the time constant of the first rise
    like_ppm: int  # likes, comments and shares per million plays
    comment_ppm: int
    share_ppm: int


@dataclass(frozen=True)
class Counts:
    plays: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.plays + other.plays,
            self.likes + other.likes,
            self.comments + other.comments,
            self.shares + other.shares,
        )


def draw(key: str, followers: int) -> Growth:
    """A video's growth, drawn from its key: most videos reach a fraction of the channel's
    followers, a few reach several times as many."""
    digest = hashlib.sha256(key.encode()).digest()
    u = [int.from_bytes(digest[i : i + 4], "big") / 2**32 for i in range(0, 20, 4)]
    return Growth(
        reach=int(max(followers, 1_000) * (0.15 + 2.85 * u[0] ** 3)),
        rise_minutes=int(6 * 60 + u[1] * 42 * 60),
        like_ppm=int(20_000 + u[2] * 60_000),
        comment_ppm=int(1_000 + u[3] * 7_000),
        share_ppm=int(500 + u[4] * 4_500),
    )


def counts_after(growth: Growth, minutes: float) -> Counts:
    """What the video shows `minutes` after it was posted; never decreasing in time."""
    if minutes <= 0:
        return Counts()
    rise = 1 - math.exp(-minutes / growth.rise_minutes)
    tail = min(1.0, math.log1p(minutes / 1440) / math.log1p(TAIL_DAYS))
    plays = int(growth.reach * ((1 - TAIL_SHARE) * rise + TAIL_SHARE * tail))
    return Counts(
        plays,
        plays * growth.like_ppm // PPM,
        plays * growth.comment_ppm // PPM,
        plays * growth.share_ppm // PPM,
    )
