from enum import StrEnum


class Actor(StrEnum):
    BRAND = "brand"
    CREATOR = "creator"
    MCN = "mcn"
    OPS = "ops"
    SYSTEM = "system"

    def __str__(self) -> str:
        return str(self.value)
