from enum import StrEnum


class Review(StrEnum):
    NONE = "none"
    SCRIPT_AND_VIDEO = "script_and_video"
    VIDEO = "video"

    def __str__(self) -> str:
        return str(self.value)
