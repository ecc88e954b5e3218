from enum import StrEnum


class State(StrEnum):
    ACCEPTED = "accepted"
    CLOSED = "closed"
    PUBLISHED = "published"
    REFUNDED = "refunded"
    REQUESTED = "requested"
    RETAINED = "retained"

    def __str__(self) -> str:
        return str(self.value)
