from enum import StrEnum


class VideoStatus(StrEnum):
    LIVE = "live"
    PRIVATE = "private"
    REMOVED = "removed"

    def __str__(self) -> str:
        return str(self.value)
