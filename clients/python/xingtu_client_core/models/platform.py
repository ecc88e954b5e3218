from enum import StrEnum


class Platform(StrEnum):
    DOUYIN = "douyin"
    HUOSHAN = "huoshan"
    XIGUA = "xigua"

    def __str__(self) -> str:
        return str(self.value)
