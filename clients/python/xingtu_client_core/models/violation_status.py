from enum import StrEnum


class ViolationStatus(StrEnum):
    ACTIVE = "active"
    APPEALED = "appealed"
    REVOKED = "revoked"
    UPHELD = "upheld"

    def __str__(self) -> str:
        return str(self.value)
