from enum import StrEnum


class DraftPublicKind(StrEnum):
    FEEDBACK = "feedback"
    SCRIPT = "script"
    VIDEO = "video"

    def __str__(self) -> str:
        return str(self.value)
