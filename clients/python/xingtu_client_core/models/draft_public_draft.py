from enum import StrEnum


class DraftPublicDraft(StrEnum):
    SCRIPT = "script"
    VIDEO = "video"

    def __str__(self) -> str:
        return str(self.value)
