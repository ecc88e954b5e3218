from enum import StrEnum


class PartyKind(StrEnum):
    BRAND = "brand"
    CREATOR = "creator"
    MCN = "mcn"
    OPS = "ops"

    def __str__(self) -> str:
        return str(self.value)
