from enum import StrEnum


class TriggerBodyVideoStatusType0(StrEnum):
    PRIVATE = "private"
    REMOVED = "removed"

    def __str__(self) -> str:
        return str(self.value)
