from enum import StrEnum


class MessageStatus(StrEnum):
    DELIVERED = "delivered"
    HELD = "held"
    REFUSED = "refused"

    def __str__(self) -> str:
        return str(self.value)
