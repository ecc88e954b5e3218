"""The video-platform port and its simulated adapter (no real platform is reachable here)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Protocol

from statemachine import Platform, VideoFacts, VideoStatus

_URL = re.compile(
    r"^https://(?:www\.)?(?P<host>douyin\.com|ixigua\.com|huoshan\.com)"
    r"/@(?P<handle>[A-Za-z0-9_.\-]{1,100})/video/(?P<video_id>[0-9]{1,30})/?$"
)
_HOSTS = {
    "douyin.com": Platform.DOUYIN,
    "ixigua.com": Platform.XIGUA,
    "huoshan.com": Platform.HUOSHAN,
}


class VideoPlatform(Protocol):
    async def get_video(self, video_url: str) -> VideoFacts | None:
        """The video's owner and status, or None when no platform knows the URL."""


class SimulatedVideoPlatform:
    """Understands URLs like https://www.douyin.com/@handle/video/123; every video is live
    until `set_status` removes or hides it."""

    def __init__(self) -> None:
        self._status: dict[str, VideoStatus] = {}

    @staticmethod
    def _parse(video_url: str) -> tuple[str, VideoFacts] | None:
        match = _URL.match(video_url)
        if match is None:
            return None
        key = f"{match['host']}/{match['handle']}/{match['video_id']}"
        return key, VideoFacts(_HOSTS[match["host"]], match["handle"], VideoStatus.LIVE)

    async def get_video(self, video_url: str) -> VideoFacts | None:
        parsed = self._parse(video_url)
        if parsed is None:
            return None
        key, video = parsed
        return replace(video, status=self._status.get(key, VideoStatus.LIVE))

    def set_status(self, video_url: str, status: VideoStatus) -> None:
        parsed = self._parse(video_url)
        if parsed is None:
            raise ValueError(f"not a video URL this platform knows: {video_url}")
        self._status[parsed[0]] = status
