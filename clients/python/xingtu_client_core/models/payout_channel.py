from enum import StrEnum


class PayoutChannel(StrEnum):
    ALIPAY = "alipay"
    BANK = "bank"
    WECHAT = "wechat"

    def __str__(self) -> str:
        return str(self.value)
