"""Message screening: off-platform contact and payment details are found, briefs pass."""

from __future__ import annotations

import pytest

from service.messages.screening import Finding, luhn_valid, normalise, screen

MOBILE, WECHAT, QQ, EMAIL = "mobile_number", "wechat_id", "qq_number", "email"
PAYMENT, CHAT, CARD = "payment_link", "chat_link", "bank_card"
PHONE, APP, INTENT = "phone_number", "chat_app_id", "off_platform_intent"

# Card numbers used below; each is checked against an independent Luhn implementation.
UNIONPAY = "6222 0202 0011 2233 446"  # 6222 0202 0011 2233 445 fails Luhn
VISA = "4539-1488-0343-6467"
MASTERCARD = "5555 5555 5555 4444"
AMEX = "3782 822463 10005"
NO_PREFIX_19 = "1234 5678 9012 3456 785"  # no issuer prefix: a card only after 卡号/card/...
NO_PREFIX_16 = "8888 8888 8888 8888"
# Douyin video ids that pass Luhn: only the issuer-prefix rule keeps them from being cards.
VIDEO_ID_LUHN_7 = "7301234567890123459"
VIDEO_ID_LUHN_6 = "6812345678901234566"

LEGITIMATE = [
    ("price-yuan-cn", "预算¥5,000，交付后7天内结算，欢迎报价。"),
    ("price-en", "Budget is ¥5,000 per video, paid through the platform after acceptance."),
    ("price-yuan-suffix", "报价5000元，含1次修改，脚本确认后48小时内开拍。"),
    ("price-wan", "我们总预算3.5万，希望3月5日前发布，最晚不超过3月12日。"),
    ("date-time-en", "Please publish on 2026-03-05 between 19:00 and 21:00 Beijing time."),
    ("followers-cn", "达人要求12万粉丝以上，近30天平均播放10万+，完播率不低于35%。"),
    ("followers-en", "Looking for creators with 1,200,000 followers or more and 3.5% engagement."),
    (
        "douyin-url-cn",
        "参考视频：https://www.douyin.com/@lily/video/7301234567890123456 ，风格类似即可。",
    ),
    ("douyin-url-en", f"Reference: https://www.douyin.com/video/{VIDEO_ID_LUHN_7} (2.3M views)."),
    ("video-id-cn", "视频ID 7301234567890123456 的数据很好，播放量120万，点赞8.6万。"),
    ("video-id-luhn-7", f"Your video {VIDEO_ID_LUHN_7} was accepted, payout in 7 days."),
    ("video-id-luhn-6", f"Last year's video {VIDEO_ID_LUHN_6} did well, can we do a sequel?"),
    ("ixigua-url", "西瓜视频 https://www.ixigua.com/7301234567890123456 也请同步发布。"),
    ("huoshan-url", "火山版链接 https://www.huoshan.com/share/video/7301234567890123456/ 已收到。"),
    ("douyin-short-url", "合作达人 @lily.tea 的作品 https://v.douyin.com/iRkNcL1h/ 表现很好。"),
    ("order-id-cn", "订单 ord_01M8EV6P5Z1Z0F0AG1HM037S3D 已付款，请在15天内交付。"),
    ("order-id-en", "Order ord_01M8EV6P5Z1Z0F0AG1HM037S3D: deadline 2026-03-20, 15 days from now."),
    ("duration-cn", "视频时长30秒，前3秒必须出现产品，1:30 处插入口播。"),
    ("hashtags", "Duration 30s-60s, hashtags #SpringSale #2026新品 #护肤 #好物推荐"),
    ("model-iphone", "产品是iPhone 15 Pro Max 256GB，请突出拍照功能和1TB存储。"),
    ("model-sku", "SKU A1234-56, colour rose gold, 2 pieces per video, ship by 3/5."),
    ("short-phone-like-cn", "工单号 138-0013-800，客服会在24小时内跟进。"),
    ("short-phone-like-en", "Ticket 1380 0138 00 was closed on 2026-03-02."),
    ("percentages", "佣金比例10%，平台服务费5%，到账金额95,000分。"),
    ("chinese-numerals-words", "第一条视频3月5日发布，一共拍三条，每条一分钟左右，九宫格封面。"),
    ("price-discount-en", "Price: $1,299.00; code SPRING15 gives 15% off until 3/31/2026."),
    ("timeline-slashes", "Timeline: 2026/03/05 - 2026/03/15, 2 revisions, 48 hours review."),
    ("douyin-handle", "抖音号：lily_2024，请确认是你本人的账号。"),
    ("no-wechat-en", "Please keep all communication here, no WeChat or QQ contact needed."),
    ("no-wechat-cn", "不要加微信，所有沟通都在平台内完成，谢谢配合。"),
    ("no-transfer-cn", "我们会通过平台支付，不要转账到个人账户。"),
    ("transfer-date-cn", "平台会在验收后转账到 2026-03-05 前结算的钱包，无需私下付款。"),
    ("targets-en", "Views target: 500k in 7 days, likes 20k, comments 1k, shares 2,000."),
    ("contract-no", "客户联系人 Lily，品牌方：花西子，合作编号 2026-0305-01。"),
    ("rate-card", "Rate card: 1 video ¥8,000, 3 videos ¥21,000, 5 videos ¥32,000."),
    ("audience-cn", "粉丝画像：18-24岁占45%，25-30岁占30%，女性占比72%。"),
    ("decimal-date", "Batch of 13.5万 units shipped on 2026.03.05, arrives within 3 days."),
    ("pronoun-i", "I have 2 questions about the brief: the 3 scenes, and 1 voice-over."),
    ("account-near-video", f"Account lily_official posted video {VIDEO_ID_LUHN_7} yesterday."),
    ("wechat-moments", "Please repost on WeChat Moments after 2026-03-10, tag @brand."),
    ("wechat-friendly", "We need a WeChat-friendly vertical cut, 9:16, 1080x1920."),
    ("live-stream", "直播时间 20:00-22:00，预计在线人数 5000+，坑位费2.8万。"),
    ("qq-music", "QQ音乐同步发布，背景音乐时长3分15秒。"),
    ("verified-v", "加V认证的达人优先，VIP客户专享价 ¥1,999。"),
    ("date-range-tilde", "档期 2026-03-05 ~ 2026-03-15，共10天，拍摄2条。"),
    ("count-before-wechat", "粉丝 1200000 微信 扫码领取"),
    ("count-before-channels", "粉丝：1200000（微信视频号）"),
    ("instagram-style", "We need your Instagram-style filter, but post only on Douyin."),
    ("scan-to-buy", "扫码购买的二维码我们会在直播间挂出来。"),
    ("model-v", "型号 V123456，颜色黑色。"),
    ("order-number-en", "order number 2026030512 is paid"),
    ("tracking", "中通快递 78912345678901 已签收"),
    ("number-words", "One or two videos, three to five days each, seven takes at most."),
    ("model-wx", "Can you include the wax melt demo at 0:20? It's SKU WX-2026-118."),
    ("compound-ins", "The ins-and-outs of the brief are in the PDF attached to the order."),
    ("model-vx", "The VX-300 vacuum is the hero product; the V15 is last year's."),
]

EVASIONS = [
    # mobile numbers
    ("mobile-plain", "我的电话 13800138000，有事打给我", MOBILE),
    ("mobile-spaced-groups", "call me 138 0013 8000 after 6pm", MOBILE),
    ("mobile-dashed", "手机：138-0013-8000", MOBILE),
    ("mobile-plus86", "+86 138 0013 8000 联系我", MOBILE),
    ("mobile-0086", "0086-13800138000", MOBILE),
    ("mobile-86-glued", "电话8613800138000", MOBILE),
    ("mobile-fullwidth", "打我电话 ８６１３８００１３８０００", MOBILE),
    ("mobile-chinese-numerals", "电话一三八零零一三八零零零", MOBILE),
    ("mobile-daxie-numerals", "号码 壹叁捌 零零壹叁 捌零零零", MOBILE),
    ("mobile-single-spaced", "1 3 8 0 0 1 3 8 0 0 0", MOBILE),
    ("mobile-zero-width", "电话 138\u200b0013\u200b8000", MOBILE),
    ("mobile-emoji", "call 138😀0013😀8000", MOBILE),
    ("mobile-keycap-emoji", "1️⃣3️⃣8️⃣0️⃣0️⃣1️⃣3️⃣8️⃣0️⃣0️⃣0️⃣", MOBILE),
    ("mobile-circled", "①③⑧⓪⓪①③⑧⓪⓪⓪", MOBILE),
    ("mobile-lookalikes", "text me l38OOl38OOO", MOBILE),
    ("mobile-after-date", "2026-03-05 15912345678 call me", MOBILE),
    ("mobile-ideographic-space", "电话１３８\u30000013\u30008000", MOBILE),
    # WeChat ids
    ("wechat-vx-colon", "vx: lily_2024", WECHAT),
    ("wechat-v-xin", "V信 lily-tea88", WECHAT),
    ("wechat-wei-xin-hao", "薇信号：abc12345", WECHAT),
    ("wechat-letters-only", "加我微信 lilytea 聊", WECHAT),
    ("wechat-id-en", "WeChat ID: LilyTea", WECHAT),
    ("wechat-arrow", "wx→lily2024", WECHAT),
    ("wechat-fullwidth", "ｖｘ：ｌｉｌｙ＿２０２４", WECHAT),
    ("wechat-jia-v", "加V: tea_lily", WECHAT),
    ("wechat-weixin", "weixin lily_2024", WECHAT),
    ("wechat-weixin-shi", "我的威信是 Lily_Tea_01", WECHAT),
    ("wechat-phone", "威信 138 0013 8000", {MOBILE, WECHAT}),
    # QQ numbers
    ("qq-plain", "QQ 12345678", QQ),
    ("qq-koukou", "扣扣：123456789", QQ),
    ("qq-penguin-spaced", "企鹅号 8 7 6 5 4 3 2 1", QQ),
    ("qq-chinese-numerals", "Q号：一二三四五六七八", QQ),
    ("qq-group", "qq群 123456", QQ),
    # e-mail
    ("email-plain", "send it to lily.tea@gmail.com please", EMAIL),
    ("email-at-dot-words", "lily at gmail dot com", EMAIL),
    ("email-bracket-at", "lily[at]163.com", EMAIL),
    ("email-paren-at", "lily(at)qq.com", EMAIL),
    ("email-fullwidth-at", "邮箱 lily＠qq.com", EMAIL),
    ("email-hash", "lily#163.com", EMAIL),
    ("email-chinese", "lily2024 艾特 qq 点 com", EMAIL),
    ("email-mixed", "contact: LILY (at) Outlook [dot] com", EMAIL),
    # payment
    ("pay-alipay-qr", "扫码付款 https://qr.alipay.com/fkx19319abcdefgh", PAYMENT),
    ("pay-alipay-render", "render.alipay.com/p/f/fd-abc123", PAYMENT),
    ("pay-wxp", "wxp://f2f0abcdefg123456", PAYMENT),
    ("pay-weixin-wxpay", "weixin://wxpay/bizpayurl?pr=abc123", PAYMENT),
    ("pay-weixin-host", "https://pay.weixin.qq.com/index.php/public/qrcode?id=88", PAYMENT),
    ("pay-paypal", "pay here: paypal.me/lilytea/500", PAYMENT),
    ("pay-alipay-account", "支付宝账号：lily_pay88", PAYMENT),
    ("pay-transfer", "直接转账到 6217 0000 1234 5678 90 就行", PAYMENT),
    # chat links
    ("chat-telegram", "t.me/lilytea", CHAT),
    ("chat-u-wechat", "https://u.wechat.com/MFzabc", CHAT),
    ("chat-qm-qq", "qm.qq.com/cgi-bin/qm/qr?k=abc", CHAT),
    ("chat-whatsapp", "wa.me/8613800138000", CHAT),
    ("chat-discord", "join discord.gg/abcd", CHAT),
    ("chat-weixin-scheme", "weixin://dl/chat?lily", CHAT),
    ("chat-line", "https://line.me/ti/p/abc", CHAT),
    ("chat-work-weixin", "企业微信 https://work.weixin.qq.com/ca/cawcde123", CHAT),
    # bank cards
    ("card-unionpay-spaced", f"打款到这张卡 {UNIONPAY}", CARD),
    ("card-visa-dashed", f"Visa {VISA}", CARD),
    ("card-mastercard", f"mastercard {MASTERCARD}", CARD),
    ("card-amex-15", f"amex {AMEX}", CARD),
    ("card-fullwidth", "６２２２０２０２００１１２２３３４４６", CARD),
    ("card-keyword-cn", f"卡号 {NO_PREFIX_19}", CARD),
    ("card-keyword-en", f"account: {NO_PREFIX_16}", CARD),
    ("card-after-date", "2026-03-05 4111 1111 1111 1111", CARD),
    # details named after the number, English fillers, other apps, talk
    ("qq-before-keyword", "2845671930（QQ）", QQ),
    ("wechat-id-before", "lily_2024 是我的微信", WECHAT),
    ("wechat-is", "wechat id is lilytea2024", WECHAT),
    ("phone-my-number", "my number is 415 555 0132", PHONE),
    ("app-fb", "FB: lily.tea2024", APP),
    ("app-telegram-handle", "TG：@mia_0101", APP),
    ("intl-plus", "WhatsApp +852 9123 4567", {PHONE, APP}),
    ("intent-private-deal", "我们私下交易吧，省掉平台手续费", INTENT),
    ("spelled-pinyin", "yao san ba ling ling yao san ba ling ling ling", MOBILE),
    ("spelled-english", "one three eight zero zero one three eight zero zero zero", MOBILE),
    ("wechat-hyphen", "wx-lily2024", WECHAT),
    ("qq-hyphen", "QQ-12345678", QQ),
    ("wechat-x-in", "vx ina00", WECHAT),
]


@pytest.mark.parametrize("message", [pytest.param(text, id=name) for name, text in LEGITIMATE])
def test_legitimate_brief_passes(message: str) -> None:
    assert screen(message) == []


@pytest.mark.parametrize(
    ("message", "kinds"),
    [
        pytest.param(text, {kind} if isinstance(kind, str) else kind, id=name)
        for name, text, kind in EVASIONS
    ],
)
def test_evasion_is_found(message: str, kinds: set[str]) -> None:
    found = {finding.kind for finding in screen(message)}
    assert found & kinds, f"expected one of {kinds}, found {found or 'nothing'}"


def test_corpus_is_large_enough_and_covers_every_kind() -> None:
    assert len(LEGITIMATE) >= 30
    assert len(EVASIONS) >= 30
    covered = {kind for _, _, kind in EVASIONS if isinstance(kind, str)}
    assert covered == {MOBILE, WECHAT, QQ, EMAIL, PAYMENT, CHAT, CARD, PHONE, APP, INTENT}


def _reference_luhn(number: str) -> bool:
    digits = [int(char) for char in number if char.isdigit()]
    checksum = sum(digits[-1::-2]) + sum(sum(divmod(2 * d, 10)) for d in digits[-2::-2])
    return checksum % 10 == 0


@pytest.mark.parametrize(
    "number",
    [
        UNIONPAY,
        VISA,
        MASTERCARD,
        AMEX,
        NO_PREFIX_19,
        NO_PREFIX_16,
        VIDEO_ID_LUHN_7,
        VIDEO_ID_LUHN_6,
    ],
)
def test_test_numbers_pass_luhn(number: str) -> None:
    digits = "".join(char for char in number if char.isdigit())
    assert _reference_luhn(digits)
    assert luhn_valid(digits)


@pytest.mark.parametrize(
    ("number", "valid"),
    [("79927398713", True), ("79927398710", False), ("6222020200112233445", False)],
)
def test_luhn_known_answers(number: str, valid: bool) -> None:
    assert luhn_valid(number) is valid


def test_luhn_invalid_card_is_not_a_card() -> None:
    assert screen("6222 0202 0011 2233 445") == []


def test_normalise_maps_fullwidth_drops_zero_width_and_keeps_origins() -> None:
    normal, origin = normalise("ＶＸ：１\u200b２😀")
    assert normal == "vx：1 2 "  # Chinese punctuation is kept: the patterns accept it
    assert origin == [0, 1, 2, 3, 4, 5, 6]
    normal, origin = normalise("⑽号")  # an expansion: origins still point at the source
    assert normal == "(10)号"
    assert origin == [0, 0, 0, 0, 1]


def test_match_quotes_the_wechat_id() -> None:
    assert screen("加我 vx: lily_2024 谢谢") == [Finding(WECHAT, "lily_2024")]


def test_match_quotes_the_original_spaced_number() -> None:
    assert screen("电话 138 0013 8000。") == [Finding(MOBILE, "138 0013 8000")]


def test_match_keeps_original_characters_and_country_code() -> None:
    assert screen("打 +86 １３８\u200b0013\u200b8000") == [
        Finding(MOBILE, "86 １３８\u200b0013\u200b8000")
    ]


def test_match_of_link_drops_trailing_punctuation() -> None:
    findings = screen("付款码 https://qr.alipay.com/fkx123abc, 谢谢")
    assert findings == [Finding(PAYMENT, "https://qr.alipay.com/fkx123abc")]


def test_card_is_one_finding_not_also_a_mobile() -> None:
    assert screen(f"卡 {UNIONPAY}") == [Finding(CARD, UNIONPAY)]


def test_several_details_in_one_message_are_all_found() -> None:
    kinds = [f.kind for f in screen("vx: lily_2024 或 QQ 12345678，邮箱 lily@qq.com")]
    assert kinds == [WECHAT, QQ, EMAIL]


def test_longer_digit_strings_are_not_mobiles() -> None:
    assert screen("编号 138001380001 和 1380013800012345") == []
