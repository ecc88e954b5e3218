from enum import StrEnum


class Stage(StrEnum):
    AWAITING_SCRIPT = "awaiting_script"
    AWAITING_VIDEO = "awaiting_video"
    READY_TO_PUBLISH = "ready_to_publish"
    SCRIPT_IN_REVIEW = "script_in_review"
    VIDEO_IN_REVIEW = "video_in_review"

    def __str__(self) -> str:
        return str(self.value)
