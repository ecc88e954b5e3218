from enum import StrEnum


class ProposalState(StrEnum):
    ACCEPTED = "accepted"
    LAPSED = "lapsed"
    PENDING = "pending"
    SUPERSEDED = "superseded"

    def __str__(self) -> str:
        return str(self.value)
