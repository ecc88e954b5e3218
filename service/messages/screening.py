"""Screening of order messages for off-platform contact and payment details.

Brand and creator talk only through the platform (product.md §11). One entry point, `judge`,
takes a text and returns a `Verdict`: the findings, a score in [0, 1] and an outcome. A score
at or above the *refuse* threshold refuses the message; at or above the *hold* threshold holds
it for ops review; below, it is clean. `screen` keeps the older shape: the findings only.

How it reads a message:

1. **Normalise**, one character for one character wherever possible (so a finding quotes the
   original text): NFKC (full-width forms, circled and mathematical digits, ligatures),
   lower case, accents dropped (pinyin tone marks), Cyrillic and Greek look-alike letters as
   Latin, zero-width and other format characters, variation selectors, keycap marks and emoji
   as separators, except the few emoji people use as words (hearts for 心 in 微❤, 🐧 for QQ, 📞
   and 📱 for a phone, ✉ for mail, ✈ for Telegram's 飞机, 💚 for 绿 in 绿泡泡).
2. **Hear** Chinese: each character's reading comes from pypinyin's table. In the patterns,
   each character of a keyword people write with homophones (微信, 企鹅, 扣扣, 钉钉, 飞机,
   微博, 泡泡 ...) stands for every character read like it, so 薇信, 威信, 维芯, 围脖 and 叩叩
   are the keywords they imitate; pinyin written in Latin letters (weixin, wei xin, kou kou)
   is in the keyword lists. Characters read like a digit (腰, 伞, 溜, 酒 ...) are *heard*
   digits, next to Chinese and financial numerals (一, 壹, 幺, 两) and look-alike letters
   (`l38OO`); digits spelled in pinyin or English words count too.
3. **Find**: digit runs (groups of digits joined by separators, a number being whole adjacent
   groups, so a 19-digit video id never holds a mobile number), mainland mobiles, international
   and landline numbers, bank cards (Luhn), e-mail addresses with spelled-out at/dot, payment
   and chat links, and any id or run of digits right after (or named just before) a keyword of
   a chat app (WeChat and its nicknames, QQ, DingTalk, Telegram, WhatsApp, Line, ...), of a
   phone or of mail. Talk of dealing outside the platform: plain proposals are refused, softer
   ones held. docs/screening.md tells the whole story, with the corpus and the benchmark.

Legitimate numbers (prices, dates, follower counts, 19-digit Douyin video ids and video links,
order ids, model numbers) pass. Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from pypinyin.pinyin_dict import pinyin_dict

MOBILE, WECHAT, QQ, EMAIL = "mobile_number", "wechat_id", "qq_number", "email"
PAYMENT, CHAT, CARD = "payment_link", "chat_link", "bank_card"
PHONE, APP, INTENT = "phone_number", "chat_app_id", "off_platform_intent"
CONTACT = "contact_id"  # an id or number after "add me", "联系我"

# Default thresholds (the service reads its own from settings).
REFUSE_AT, HOLD_AT = 0.8, 0.5
SURE, LIKELY, UNSURE = 1.0, 0.9, 0.6


class Outcome(StrEnum):
    CLEAN = "clean"
    HELD = "held"
    REFUSED = "refused"


@dataclass(frozen=True)
class Finding:
    kind: str  # one of the kinds above
    match: str  # the offending text as it appeared in the message, trimmed
    score: float = field(default=SURE, compare=False)  # how sure the screen is, 0-1


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    score: float  # the highest score of a finding, 0 when there is none
    findings: list[Finding]


# --- normalisation ------------------------------------------------------------------------------

_SEPARATOR_CATEGORIES = {"Cf", "Cc", "Mn", "Me", "So", "Sk", "Zs", "Zl", "Zp", "Co", "Cn"}
_LOOKALIKE_LETTERS = dict(
    zip(
        "аеорсухіјѕԁһԛԝвмнкт" + "αεορυχικντ",
        "aeopcyxijsdhqwbmhkt" + "aeopuxikvt",
        strict=True,
    )
)
# Emoji people write for a word; every other symbol is a separator. Private-use stand-ins.
PHONE_SIGN, MAIL_SIGN, QQ_SIGN, PLANE_SIGN = "\ue001", "\ue002", "\ue003", "\ue004"
_EMOJI_WORDS = {
    **dict.fromkeys("❤♥💗💕💖💓💘💝💞💟🧡💛💙💜🖤🤍🤎❣", "心"),
    **dict.fromkeys("📞☎📱📲☏", PHONE_SIGN),
    **dict.fromkeys("✉📧📩📨📮", MAIL_SIGN),
    "🐧": QQ_SIGN,
    **dict.fromkeys("✈🛩🛫", PLANE_SIGN),
    **dict.fromkeys("💚🟢🍏", "绿"),
    "🫧": "泡",
    "➕": "+",
}


def _base(char: str) -> str:
    """What one character reads as: usually one character, more only for expansions (⑽)."""
    if char in _EMOJI_WORDS:
        return _EMOJI_WORDS[char]
    piece = unicodedata.normalize("NFKC", char)
    if len(piece) != 1:
        return "".join(_base(part) for part in piece) if piece else " "
    category = unicodedata.category(piece)
    if category == "Nd":
        return str(unicodedata.decimal(piece))
    if category == "No" and unicodedata.digit(piece, None) is not None:
        return str(unicodedata.digit(piece))  # ❶ ➀ ⓵: no NFKC decomposition
    if category in _SEPARATOR_CATEGORIES:
        return " "
    lower = piece.lower()
    piece = lower if len(lower) == 1 else piece
    if piece in _LOOKALIKE_LETTERS:
        return _LOOKALIKE_LETTERS[piece]
    if "LATIN" in unicodedata.name(piece, "") and not piece.isascii():
        stripped = unicodedata.normalize("NFD", piece)[0]  # ā -> a, ü -> u
        return stripped if stripped.isascii() else piece
    return piece


class _Table(dict[int, str]):
    """A `str.translate` table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _base(chr(code))
        return value


_BASE = _Table()


# Characters `_base` leaves as they are: most of a message, skipped at the engine's speed;
# so is the full-width punctuation of Chinese text (，：！？；), which the patterns accept.
_UNCHANGED = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fffa-z0-9 ,.!?;:'\"()/%#@_+=~&*，：！？；-]+")


def _changed(found: re.Match[str]) -> str:
    return found.group().translate(_BASE)


def normalise(text: str) -> tuple[str, list[int]]:
    """The text as the screen reads it, and for each of its characters the index in `text` it
    came from, so findings can quote the original message."""
    normal = _UNCHANGED.sub(_changed, text)
    if len(normal) == len(text):
        return normal, list(range(len(text)))
    origin: list[int] = []
    for index, char in enumerate(text):
        origin.extend([index] * len(char.translate(_BASE)))
    return normal, origin


# --- sounds: pypinyin's readings ----------------------------------------------------------------


def _syllable(reading: str) -> str:
    """A pinyin reading without its tone mark: `wēi` -> `wei`, `lǜ` -> `lv`."""
    plain = unicodedata.normalize("NFD", reading.replace("ü", "v"))
    return "".join(char for char in plain if not unicodedata.combining(char))


@cache
def _readings() -> dict[str, str]:
    """Each Chinese character of the basic plane and the toneless syllable of its first (most
    common) reading."""
    return {
        chr(code): _syllable(value.split(",")[0])
        for code, value in pinyin_dict.items()
        if code <= 0xFFFF  # the basic plane: a character class the engine can index
    }


# Words whose homophones people write instead of them.
HOMOPHONE_WORDS = ("微信", "企鹅", "扣扣", "秋秋", "钉钉", "飞机", "电报", "微博", "泡泡", "绿")
_LITERAL = "薇"  # alone a nickname of WeChat; its homophones alone (为, 位) are everyday words
_DIGIT_SYLLABLES = {
    "ling": "0", "yao": "1", "yi": "1", "er": "2", "liang": "2", "san": "3", "si": "4",
    "wu": "5", "liu": "6", "qi": "7", "ba": "8", "jiu": "9",
}  # fmt: skip
_NUMERALS = {
    **dict(zip("〇零洞幺一二两三四五六七拐八九勾", "0001122345677899", strict=True)),
    **dict(zip("壹贰貳叁參肆伍陆陸柒捌玖", "122334566789", strict=True)),
}


def _class(chars: set[str]) -> str:
    return "[" + "".join(re.escape(char) for char in sorted(chars)) + "]"


_SEPARATORS = (
    " -._/·・*~+|\\,，、()[]{}<>【】「」'\"=\t\n\r\u3000\u2010\u2011\u2012\u2013\u2014\u2015"
)


def _build_sounds() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """(homophones, digits): for each character of a homophone word, a character class of every
    character read like it; for each character read like a digit (or written as one), the digit
    and its kind: `a` ASCII, `n` numeral, `h` heard."""
    readings = _readings()
    by_syllable: dict[str, set[str]] = {}
    for char, syllable in readings.items():
        by_syllable.setdefault(syllable, set()).add(char)
    homophones = {
        char: _class(by_syllable[readings[char]] - set(_NUMERALS) - set(_LITERAL) | {char})
        for word in HOMOPHONE_WORDS
        for char in word
    }
    digits: dict[str, tuple[str, str]] = {
        char: (_DIGIT_SYLLABLES[syllable], "h")
        for char, syllable in readings.items()
        if syllable in _DIGIT_SYLLABLES
    }
    digits.update({char: (digit, "n") for char, digit in _NUMERALS.items()})
    digits.update({char: (char, "a") for char in "0123456789"})
    return homophones, digits


_HOMOPHONES, _DIGITS = _build_sounds()
_DIGIT = _class(set(_DIGITS))
# Five or more digit-like characters, separators between them: shorter runs are no number.
_RUN = re.compile(rf"{_DIGIT}(?:{_class(set(_SEPARATORS))}*{_DIGIT}){{4,}}")
_LOOKALIKE_WORD = re.compile(r"(?<![a-z])[oli]+(?![a-z])")
_KIND_TABLE = str.maketrans({char: kind for char, (_, kind) in _DIGITS.items()})
_DIGIT_TABLE = str.maketrans({char: digit for char, (digit, _) in _DIGITS.items()})
_GROUPS = re.compile(r"a+|n+|h+")
_LOOKALIKE_NEXT_TO_DIGIT = re.compile(r"[0-9][oli]|[oli][0-9]")
_LOOKALIKE_DIGITS = str.maketrans("oli", "011")


def warm_up() -> None:
    """Fill the normalisation table with the characters of ordinary text."""
    judge("微信 13800138000，ＱＱ：１２３４５６ 😀 Ⓐ ① 壹")


# --- patterns -----------------------------------------------------------------------------------
#
# The regular-expression engine scans a set of first characters fast and a complex pattern
# slowly, so every pattern is tried only where one of its first characters (or a literal host
# name) occurs. That keeps a 2,000-character message well under 2 ms.

_S = r"[\s\-_.·,~*|/\\'\"()\[\]{}<>【】「」]{0,3}"  # what people put inside a keyword


_JOINT = "\x01"  # in a keyword made of two parts (wei|xin): separators only there


def _spaced(word: str) -> str:
    """A keyword with up to three separators allowed between its characters (between its
    parts only, for a keyword of two parts: `vx in…` is vx, not vxin), each character standing
    for all its homophones."""
    if _JOINT in word:
        return _S.join(_literal(part) for part in word.split(_JOINT))
    return _S.join(_HOMOPHONES.get(char, re.escape(char)) for char in word)


def _literal(part: str) -> str:
    return "".join(_HOMOPHONES.get(char, re.escape(char)) for char in part)


class _Scanner:
    """`pattern` tried at every occurrence of one of `words`' first characters (as heard)."""

    def __init__(self, pattern: str, words: list[str], latin_start: bool = True) -> None:
        self.pattern = re.compile(pattern)
        first = {word[0] for word in words}
        first.update(char for word in words for char in _HOMOPHONES.get(word[0], "")[1:-1])
        self.starts = re.compile(_class(first - {"\\"}))
        self.latin_start = latin_start  # a Latin word starts the match, not its middle

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        position = 0
        search, match = self.starts.search, self.pattern.match
        while (candidate := search(text, position)) is not None:
            start = candidate.start()
            position = start + 1
            latin = "a" <= text[start] <= "z"
            if self.latin_start and latin and start and "a" <= text[start - 1] <= "z":
                continue
            found = match(text, start)
            if found is not None and found.end() > start:
                yield found  # and go on from the next character: keywords may overlap


def _by_first_character(words: list[str]) -> str:
    """The words' alternatives grouped by first character (`c(?:all|ell)|…`): the engine then
    tries one group where a word may start rather than every word."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word)
    parts = []
    for first, group in groups.items():
        rests = [
            ("" if _JOINT in word else _S) + _spaced(word[1:]) for word in group if len(word) > 1
        ]
        rests += [""] * any(len(word) == 1 for word in group)  # the shortest, tried last
        parts.append(re.escape(first) + "(?:" + "|".join(rests) + ")")
    return "(?:" + "|".join(parts) + ")"


def _alternatives(words: list[str]) -> str:
    return "(?:" + "|".join(_spaced(word) for word in words) + ")"


# Keywords announcing a contact, by the kind of finding they lead to; the first kind whose
# words match wins (微博 is an app, not 微 + 博).
_WEI, _XIN = (
    ("微", "徽", "薇", "wei", "vei", "v", "w"),
    ("信", "心", "xin", "x"),
)  # 徽 looks like 微
_KEYWORD_WORDS: dict[str, list[str]] = {
    APP: [
        "钉钉", "dingtalk", "dingding", "telegram", "tg", "纸飞机", "飞机", "电报",
        "whatsapp", "line", "skype", "signal", "kakaotalk", "kakao", "facebook", "messenger",
        "instagram", "ins", "微博", "weibo", "陌陌", "飞书", "lark", "小红书", "xhs", "discord",
        "viber", "snapchat", "ig", "fb", "twitter", "推特", "脸书",
        PLANE_SIGN,
    ],
    QQ: ["qq", "企鹅", "扣扣", "秋秋", "q号", "q群", "koukou", "qiuqiu", QQ_SIGN],
    PHONE: [
        "电话", "手机号", "手机", "号码", "电联", "联系方式", "联系电话", "座机", "tel", "phone",
        "mobile", "call me", "call", "cell", "sms", "短信", "打我", "text me", "my number",
        PHONE_SIGN,
    ],
    EMAIL: [
        "qq邮箱", "163邮箱", "邮箱", "email", "e-mail", "gmail", "outlook", "hotmail", "mail",
        "邮件", MAIL_SIGN,
    ],
    CONTACT: ["加我", "联系我", "找我", "add me", "contact me", "reach me", "dm me", "私聊"],
    WECHAT: [
        *(wei + _JOINT + xin for wei in _WEI for xin in _XIN),
        "wechat", "weixin", "vchat", "weichat", "绿色泡泡", "绿泡泡", "绿泡", "泡泡", "卫星",
        "加v", "+v", "加微", "+微", "加个微", "加个v", "v我", "薇", "v",
    ],
}  # fmt: skip
_KEYWORD_KINDS = [
    (kind, re.compile(_alternatives(words))) for kind, words in _KEYWORD_WORDS.items()
]
# Between a keyword and what it announces.
_FILLER = (
    r"(?:[\s:：=>→\-~#@*.(（是为号码账户群]|(?:id|is|at|on|to|hao|ma)(?![a-z])|邮箱|搜索?|吧|哈|呀|啊|上"
    r"|找我?|同号)*"
)
_EXPLICIT = re.compile(r"[:：=>→#@是为号码账户群]|id|is")  # "wechat: x", not "instagram-style"
_ALL_WORDS = [word for words in _KEYWORD_WORDS.values() for word in words]
# Words that start with a character of fixed spelling, which the engine finds by itself ...
_KEYWORDS_LITERAL = re.compile(
    _by_first_character([word for word in _ALL_WORDS if word[0] not in _HOMOPHONES])
    + rf"(?P<end>){_FILLER}"
)
# ... and those whose first character stands for its homophones.
_HEARD_WORDS = [word for word in _ALL_WORDS if word[0] in _HOMOPHONES]
_KEYWORDS_HEARD = _Scanner(
    _alternatives(_HEARD_WORDS) + rf"(?P<end>){_FILLER}",
    _HEARD_WORDS,
)


def _keywords(normal: str) -> list[re.Match[str]]:
    found = list(_KEYWORDS_HEARD.finditer(normal))
    position = 0
    while (keyword := _KEYWORDS_LITERAL.search(normal, position)) is not None:
        start = position = keyword.start()
        position += 1  # keywords may overlap: 加个卫星
        if not (start and "a" <= normal[start] <= "z" and "a" <= normal[start - 1] <= "z"):
            found.append(keyword)
    return found


_ID = re.compile(r"(?:live:)?[a-z][a-z0-9_\-.]{3,29}(?<![.\-])(?![a-z0-9_\-])")
# English words that follow a keyword in ordinary talk ("微信 moments", "QQ music").
_ORDINARY_WORDS = frozenset(
    (
        "moments",
        "official",
        "account",
        "group",
        "groups",
        "friendly",
        "friends",
        "music",
        "video",
        "videos",
        "channel",
        "store",
        "mini",
        "program",
        "pay",
        "payment",
        "live",
        "shop",
        "mall",
        "space",
        "browser",
        "mail",
        "anymore",
        "either",
        "please",
    )
)

# E-mail addresses: an at sign, written or spelled out, then a domain and a dot.
_AT = re.compile(
    r"@|\((?:at|a|艾特)\)|\[(?:at|a|艾特)\]|\{at\}|<at>|【at】|「at」|\( at \)|\[ at \]"
    r"| at |#|艾特|圈a|a圈"
)
_DOT = r"(?:\.|[\(\[\{<【「]\s*(?:dot|点|\.)\s*[\)\]\}>】」]|\s+dot\s+|\s*点\s*|\s*。\s*)"
_TLD = r"(?:com|net|cn|org|io|co|me|hk|tw|jp|uk|de)"
_LOCAL_PART = re.compile(r"(?<![a-z0-9._%+\-])[a-z0-9][a-z0-9._%+\-]*\s*$")
_PLAIN_DOMAIN = re.compile(r"[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}")
_SPELLED_DOMAIN = re.compile(
    rf"\s*[a-z0-9\-]{{2,}}(?:\s*{_DOT}\s*[a-z0-9\-]{{2,}})*?\s*{_DOT}\s*{_TLD}(?![a-z])"
)

# Links: a host name found as a literal, then widened to its subdomains, scheme and path.
_URL_TAIL = re.compile(r"[a-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")
_VIDEO_PATH = re.compile(r"(?:/[a-z0-9\-._~/@%]*)?")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.")
_VIDEO_HOSTS = re.compile(r"(?:douyin|iesdouyin|ixigua|huoshan)\.com(?![a-z0-9\-])")
_PAYMENT_HOSTS = re.compile(
    r"(?:alipay\.com|pay\.weixin\.qq\.com|paypal\.(?:me|com)|wise\.com/pay)(?![a-z0-9\-])"
)
_CHAT_HOSTS = re.compile(
    r"(?:u\.wechat\.com|work\.weixin\.qq\.com|weixin\.qq\.com/[rg]/|qm\.qq\.com|jq\.qq\.com"
    r"|t\.me|telegram\.me|wa\.me|whatsapp\.com|line\.me|discord\.gg|discord\.com/invite"
    r"|qr\.dingtalk\.com|applink\.feishu\.cn|m\.me)(?![a-z0-9\-])"
)
_SCHEMES = re.compile(r"alipays?://|wxp://|weixin://")


def _links(normal: str, hosts: re.Pattern[str], tail: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """Spans of links to one of `hosts`, from the scheme or first subdomain to the path's end."""
    for host in hosts.finditer(normal):
        start = host.start()
        if start and normal[start - 1] in _HOST_CHARS and normal[start - 1] != ".":
            continue  # the middle of another name: `chat.me`
        while start and normal[start - 1] in _HOST_CHARS:
            start -= 1
        for scheme in ("https://", "http://"):
            if normal.endswith(scheme, 0, start):
                start -= len(scheme)
        path = tail.match(normal, host.end())
        yield start, path.end() if path else host.end()


_PAY_WORDS = ["支付宝", "zfb", "支付包", "吱付宝", "alipay", "转账", "打款", "汇款"]
_PAY_ACCOUNT = _Scanner(
    rf"(?:{_alternatives(_PAY_WORDS[:5])}(?:账号|账户|号)?|转账(?:到|至|给)|打款(?:到|至)"
    r"|汇款(?:到|至))[\s:：是为]*(?P<hit>[a-z][a-z0-9_.@\-]{4,}|\d(?:[\s\-]?\d){8,})",
    _PAY_WORDS,
)

# Talk of dealing outside the platform: plain enough to refuse, or only suspicious (held).
_NEGATION = re.compile(
    r"不要|不能|不得|禁止|请勿|切勿|勿|别|不|严禁|不会|没有|无需|不用|避免|拒绝|don'?t|never|no "
)
_CLAUSE = re.compile(r"[,.;!?。，；！？\n]")
_STRONG_INTENT = (
    r"(?:私下|线下|场外|平台外|站外|私人)\s*(?:交易|合作|结算|付款|付钱|打款|转账|对接|成交)"
    r"|(?:不走|别走|绕过|绕开|避开|跳过|脱离)\s*(?:平台|官方)"
    r"|(?:微信|支付宝)\s*(?:转账|转我|转给|付款|红包)|收款码"
    r"|(?:省|免)(?:掉|去|了)?\s*(?:平台)?\s*(?:的)?\s*(?:手续费|服务费|抽成|佣金|中间费)"
    r"|(?:off|outside)[\s\-](?:of\s)?(?:the\s)?platform|(?:skip|avoid|save|bypass)\s(?:the\s)?"
    r"(?:platform(?:'s)?\s)?(?:fee|commission|platform)"
)
_WEAK_INTENT = (
    r"(?:私下|线下|私人)\s*(?:联系|沟通|聊|谈|加)"
    r"|(?:加个?|留个?|给个|换个?|发个?|发我|给我)\s*(?:好友|联系方式|私人联系|别的联系)"
    r"|扫(?:我|一下我)的?\s*(?:二维码|码)|扫码加|付款码"
    r"|pay\s(?:you|me)\s(?:directly|privately)|deal\sdirectly|direct\sdeal"
    r"|(?:去|到|换个地方|在)?(?:外面|站外|场外|私下)聊|平台(?:抽成|抽佣|收费|手续费)太(?:高|贵)"
    r"|(?:talk|chat|continue|move|switch)\s(?:on|to|over)\s(?:whatsapp|wechat|telegram|line|"
    r"signal|skype|weixin)"
)
_INTENTS = re.compile(f"(?:{_STRONG_INTENT})|(?:{_WEAK_INTENT})")
# Where an intent can start: literal pairs, which the engine finds fast.
_INTENT_PAIRS = (
    "外面", "站外", "去外", "到外", "换个", "在外", "平台", "talk", "chat", "continue", "move",
    "switch",
    "私下", "线下", "场外", "平台", "站外", "私人", "不走", "别走", "绕过",
    "绕开", "避开", "跳过", "脱离", "微信", "支付", "收款", "省掉", "省去",
    "省了", "省平", "省手", "省服", "省抽", "省佣", "省中", "省的", "免掉",
    "免去", "免了", "免平", "免手", "免服", "免抽", "免佣", "免中", "免的",
    "加个", "加好", "加联", "加私", "加别", "留个", "留好", "留联", "留私",
    "留别", "给个", "换个", "换好", "换联", "换私", "换别", "发个", "发我",
    "给我", "扫我", "扫一", "扫下", "扫的", "扫二", "扫码", "付款", "off",
    "outside", "skip", "avoid", "save", "bypass", "pay", "deal", "direct",
)  # fmt: skip
_INTENT_STARTS = re.compile(
    "|".join(
        re.escape(first)
        + "(?:"
        + "|".join(re.escape(pair[1:]) for pair in _INTENT_PAIRS if pair[0] == first)
        + ")"
        for first in dict.fromkeys(pair[0] for pair in _INTENT_PAIRS)
    )
)
_STRONG = re.compile(_STRONG_INTENT)


_CARD_KEYWORD = re.compile(
    r"(?:卡号|银行卡|账号|账户|card|account)(?:\s*(?:number|no\.?|num|#))?[^0-9]{0,6}$"
)
_CARD_NAMED = re.compile(r"(?:卡号|银行卡|card\s*(?:number|no\.?))[\s:：是为]*$")
_MOBILE_DIGITS = re.compile(r"(?:0086|86)?1[3-9]\d{9}")
_CARD_DIGITS = re.compile(r"(?:62|4|5[1-5]|35)\d{14,17}|3[47]\d{13,17}")
_LANDLINE = re.compile(r"0[1-9]\d{1,2}")
_TRAILING = ".,;:!?)]}'\"。，；：！？）】 "


# --- digit runs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Group:
    start: int
    end: int
    digits: str
    weak: int  # digits heard in other characters (腰 for 1)


def _as_digits(word: re.Match[str]) -> str:
    return word.group().translate(_LOOKALIKE_DIGITS)


def _digit_runs(normal: str) -> list[list[_Group]]:
    """Runs of digit groups; a group is one kind of digit (ASCII or look-alike letters, numerals,
    heard), so a 19-digit video id followed by 一 is still one whole id. A run only heard is
    kept when it is as long as a mobile number (a keyword before it is looked at apart)."""
    if _LOOKALIKE_NEXT_TO_DIGIT.search(normal):
        normal = _LOOKALIKE_WORD.sub(_as_digits, normal)
    runs: list[list[_Group]] = []
    for run in _RUN.finditer(normal):
        groups = _groups(run)
        if len(run.group()) >= 11 or any(not group.weak for group in groups):
            runs.append(groups)
    return runs


def _groups(run: re.Match[str]) -> list[_Group]:
    text, offset = run.group(), run.start()
    kinds = text.translate(_KIND_TABLE)
    digits = text.translate(_DIGIT_TABLE)
    return [
        _Group(
            offset + group.start(),
            offset + group.end(),
            digits[group.start() : group.end()],
            group.end() - group.start() if kinds[group.start()] == "h" else 0,
        )
        for group in _GROUPS.finditer(kinds)
    ]


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check every payment card number passes."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _numbers(run: list[_Group], longest: int) -> Iterator[tuple[int, int, str, int]]:
    """Every span `run[first:last]` of adjacent whole groups with at most `longest` digits."""
    for first in range(len(run)):
        digits, weak = "", 0
        for last in range(first, len(run)):
            digits += run[last].digits
            weak += run[last].weak
            if len(digits) > longest:
                break
            yield first, last + 1, digits, weak


Span = tuple[int, int, str, float]


def _number_findings(normal: str, run: list[_Group]) -> list[Span]:
    """Bank cards first, then mobile and international numbers; longest spans win."""
    candidates: list[tuple[int, int, int, str, float]] = []  # (priority, first, last, kind)
    before = normal[max(0, run[0].start - 3) : run[0].start].rstrip()
    plus = before.endswith("+")
    before_run = normal[max(0, run[0].start - 8) : run[0].start]
    total = sum(len(group.digits) for group in run)
    if total < 8 or (total < 10 and not plus):
        return []  # shorter than any number looked for here: a price, a count, a date
    for first, last, digits, weak in _numbers(run, 19):
        if weak == len(digits) and weak < 11:
            continue  # heard, not written: whole homophone numbers only when long enough
        score = SURE if weak <= 3 else UNSURE + 0.1 * (len(digits) >= 11)
        if weak == 0 and _is_card(normal, run[first].start, digits):
            candidates.append((-100 - len(digits), first, last, CARD, SURE))
        elif weak == 0 and len(digits) >= 15 and first == 0 and _CARD_NAMED.search(before_run):
            candidates.append((-100 - len(digits), first, last, CARD, LIKELY))
        if _MOBILE_DIGITS.fullmatch(digits):
            candidates.append((-len(digits), first, last, MOBILE, score))
        elif first == 0 and weak == 0 and not digits.startswith(("86", "0086")):
            if (plus and 8 <= len(digits) <= 15 and digits[0] != "0") or (
                digits.startswith("00") and 10 <= len(digits) <= 17 and digits[2] != "0"
            ):
                candidates.append((-len(digits), first, last, PHONE, SURE))
        elif (
            weak == 0
            and last - first == 2
            and _LANDLINE.fullmatch(run[first].digits)
            and len(run[first + 1].digits) in (7, 8)
            and run[first + 1].digits[0] != "0"
        ):
            candidates.append((-len(digits), first, last, PHONE, LIKELY))
    taken = bytearray(len(run))
    spans: list[Span] = []
    for _, first, last, kind, score in sorted(candidates, key=lambda c: c[:3]):
        if not any(taken[first:last]):
            taken[first:last] = b"\x01" * (last - first)
            start = run[first].start
            if kind == PHONE and first == 0 and plus:
                start = normal.rindex("+", 0, start)
            spans.append((start, run[last - 1].end, kind, score))
    return spans


def _is_card(normal: str, start: int, digits: str) -> bool:
    """Luhn-valid, and a card issuer's prefix or a card/account keyword just before it."""
    if len(digits) < 15:
        return False
    issuer = _CARD_DIGITS.fullmatch(digits) is not None
    keyword = len(digits) >= 16 and _CARD_KEYWORD.search(normal[max(0, start - 30) : start])
    return bool(issuer or keyword) and luhn_valid(digits)


def _run_at(normal: str, by_start: dict[int, list[_Group]], start: int) -> list[_Group] | None:
    """The run of digits starting at `start`, even one only heard (企鹅 腰伞漆八酒)."""
    run = by_start.get(start)
    if run is None and (heard := _RUN.match(normal, start)) is not None:
        run = _groups(heard)
    return run


_GAP_BEFORE = re.compile(r"[\s(:\-]{0,3}(?:是我的|是|我的)?[\s(]{0,2}$")
_GAP_MARK = re.compile(r"[(:]|是")
_ID_BEFORE = re.compile(r"(?<![a-z0-9_\-.])[a-z][a-z0-9_\-.]{3,29}$")
_KEYWORD_ENDS = frozenset(" \t\n)）号,，.。:：;；!！?？")


def _before_keyword(
    kind: str, normal: str, start: int, word_end: int, by_end: dict[int, list[_Group]]
) -> Iterator[Span]:
    """A number or an id just before a keyword that ends its phrase: `2845671930（QQ）`,
    `lily_2024 是我的微信`; not `123456 微信视频号`."""
    if word_end < len(normal) and normal[word_end] not in _KEYWORD_ENDS:
        return
    gap = _GAP_BEFORE.search(normal, max(0, start - 8), start)
    if gap is None or not _GAP_MARK.search(gap.group()):
        return  # `粉丝 1200000 微信…` is a count: only `(QQ)`, `是我的微信` name what precedes
    position = gap.start()
    run = by_end.get(position)
    if run is not None:
        digits = "".join(group.digits for group in run)
        weak = sum(group.weak for group in run)
        if 7 <= len(digits) <= 15 and weak <= 3 and not _is_date(run):
            yield run[0].start, run[-1].end, kind if kind != EMAIL else QQ, SURE
        return
    ident = _ID_BEFORE.search(normal, max(0, position - 30), position)
    if ident and kind != PHONE and any(not char.isalpha() for char in ident.group()):
        yield ident.start(), ident.end(), kind, SURE


_ASCII_DIGIT = re.compile("[0-9]")
_SENTENCE_END = re.compile(r"[。\n!?！？;；]")


def _split_mobile(normal: str, start: int) -> Iterator[Span]:
    """A mobile number cut into pieces within the phrase after a keyword: 号码前三位153，
    后八位12345678. Only unsure: held for ops."""
    window = _SENTENCE_END.split(normal[start : start + 28], 1)[0]
    places = [index for index, char in enumerate(window) if "0" <= char <= "9"]
    digits = "".join(window[index] for index in places)
    if len(digits) == 11 and _MOBILE_DIGITS.fullmatch(digits):
        yield start + places[0], start + places[-1] + 1, MOBILE, UNSURE + 0.1


def _keyword_findings(normal: str, runs: list[list[_Group]]) -> Iterator[Span]:
    """What follows a keyword: a run of digits, or an id."""
    by_start = {run[0].start: run for run in runs}
    by_end = {run[-1].end: run for run in runs}
    for keyword in _keywords(normal):
        word_end = keyword.end("end")
        if "a" <= normal[word_end - 1] <= "z" and "a" <= normal[word_end : word_end + 1] <= "z":
            continue  # the start of a longer word: `ignore` is not `ig`
        end = keyword.end()
        after = normal[end : end + 1]
        named_before = word_end == len(normal) or normal[word_end] in _KEYWORD_ENDS
        if not (
            named_before
            or after in _DIGITS
            or "a" <= after <= "z"
            or any(normal[position] in _DIGITS for position in range(word_end, end))
            or _ASCII_DIGIT.search(normal, end, end + 28)
        ):
            continue  # nothing after it, nothing it names before it: most keywords in a text
        kind = next(kind for kind, words in _KEYWORD_KINDS if words.match(normal, keyword.start()))
        if named_before:
            yield from _before_keyword(kind, normal, keyword.start(), word_end, by_end)
        filler = normal[word_end:end].strip()
        latin = normal[keyword.start() : word_end].isascii()
        # WX-2026-118 is a model, ins-and-outs a compound word; wx-lily2024 and QQ-12345678 not
        attached = latin and filler and not filler.strip("-_.") and normal[word_end] in "-_."
        bare_v = normal[keyword.start() : word_end] == "v" and not filler
        run = None if bare_v else _run_at(normal, by_start, end)  # V12345 is a model
        for position in range(word_end, end):  # 吧 in the filler may be the first digit (8)
            if run is None and normal[position] in _DIGITS:
                run = _run_at(normal, by_start, position)
        if run is not None:
            if not attached or (len(run) == 1 and len(run[0].digits) >= 7):
                yield from _digits_after(kind, run)
            continue
        if kind != EMAIL:
            yield from _split_mobile(normal, end)
        word = _ID.match(normal, end)
        if word is None or kind == PHONE:
            continue
        ident = word.group()
        explicit = (
            bool(_EXPLICIT.search(filler)) or not normal[keyword.start() : word_end].isascii()
        )
        has_digit = any(char.isdigit() or char == "_" for char in ident)
        if attached and not (has_digit and sum(char.isalpha() for char in ident) >= 4):
            continue
        if has_digit and (len(ident) >= 5 or explicit):
            yield word.start(), word.end(), kind, SURE
        elif explicit and ident not in _ORDINARY_WORDS and kind != EMAIL:
            yield word.start(), word.end(), kind, SURE if len(ident) >= 6 else UNSURE


def _emails(normal: str) -> Iterator[Span]:
    for at in _AT.finditer(normal):
        local = _LOCAL_PART.search(normal, max(0, at.start() - 64), at.start())
        if local is None:
            continue
        plain = at.group() == "@" and local.group()[-1] != " "
        domain = (_PLAIN_DOMAIN if plain else _SPELLED_DOMAIN).match(normal, at.end())
        if domain is None and plain:
            domain = _SPELLED_DOMAIN.match(normal, at.end())
        if domain is not None:
            yield local.start(), domain.end(), EMAIL, SURE


def _link_findings(normal: str) -> Iterator[Span]:
    for start, end in _links(normal, _PAYMENT_HOSTS, _URL_TAIL):
        yield start, end, PAYMENT, SURE
    for start, end in _links(normal, _CHAT_HOSTS, _URL_TAIL):
        yield start, end, CHAT, SURE
    if "://" in normal:
        for scheme in _SCHEMES.finditer(normal):
            if scheme.start() and "a" <= normal[scheme.start() - 1] <= "z":
                continue
            tail = _URL_TAIL.match(normal, scheme.end())
            end = tail.end() if tail else scheme.end()
            payment = scheme.group() != "weixin://" or normal.startswith("wxpay", scheme.end())
            yield scheme.start(), end, PAYMENT if payment else CHAT, SURE
    for found in _PAY_ACCOUNT.finditer(normal):
        yield found.start("hit"), found.end("hit"), PAYMENT, SURE


# How many digits make an id or a number after a keyword of each kind.
_DIGITS_AFTER = {PHONE: (7, 13), QQ: (5, 11), EMAIL: (5, 11), WECHAT: (5, 15)}
_DATE = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")


def _is_date(run: list[_Group]) -> bool:
    """The run is dates and nothing else: 2026-03-05, 2026.3.5, 20260305, or a range of them;
    `2005 3 1 0000` (a QQ number) is not."""
    if all(len(group.digits) == 8 for group in run):
        return all(_DATE.fullmatch(group.digits) for group in run)
    if len(run) % 3:
        return False
    return all(
        len(year.digits) == 4
        and year.digits[:2] in ("19", "20")
        and all(1 <= len(part.digits) <= 2 and not part.weak for part in (month, day))
        and 1 <= int(month.digits) <= 12
        and 1 <= int(day.digits) <= 31
        for year, month, day in zip(run[0::3], run[1::3], run[2::3], strict=True)
    )


def _digits_after(kind: str, run: list[_Group]) -> Iterator[Span]:
    """The leading groups of a run after a keyword that make an id or a number."""
    fewest, most = _DIGITS_AFTER.get(kind, (5, 15))
    end, count, weak, digits = -1, 0, 0, ""
    for group in run:
        if count + len(group.digits) > most:
            break
        count += len(group.digits)
        weak += group.weak
        digits += group.digits
        if count >= fewest:
            end = group.end
    if end < 0 or _is_date(run):
        return
    sure = weak < count and (weak <= 3 or count >= 7)
    yield run[0].start, end, kind if kind != EMAIL else QQ, SURE if sure else UNSURE


# --- screening ----------------------------------------------------------------------------------


def _intents(normal: str) -> Iterator[re.Match[str]]:
    position = 0
    while (candidate := _INTENT_STARTS.search(normal, position)) is not None:
        found = _INTENTS.match(normal, candidate.start())
        position = found.end() if found else candidate.start() + 1
        if found:
            yield found


# Digits spelled out in pinyin or English words: "yao san ba ...", "one three eight ...".
_DIGIT_WORDS = {
    **_DIGIT_SYLLABLES, "dong": "0", "guai": "7", "gou": "9",
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
_DIGIT_WORD = "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True))
_SPELLED_NUMBER = re.compile(rf"(?:{_DIGIT_WORD})(?:[\s\-_.,/]*(?:{_DIGIT_WORD})){{6,}}(?![a-z])")
_SPELLED_PART = re.compile(_DIGIT_WORD)


def _spelled_numbers(normal: str) -> Iterator[Span]:
    """Seven or more digits spelled as words: no ordinary sentence is made of them."""
    for found in _SPELLED_NUMBER.finditer(normal):
        if found.start() and "a" <= normal[found.start() - 1] <= "z":
            continue  # inside a word
        digits = "".join(_DIGIT_WORDS[part] for part in _SPELLED_PART.findall(found.group()))
        kind = MOBILE if _MOBILE_DIGITS.fullmatch(digits) else PHONE
        yield found.start(), found.end(), kind, SURE


def _spans(text: str) -> tuple[list[Span], list[int]]:
    normal, origin = normalise(text)
    if "douyin" in normal or "ixigua" in normal or "huoshan" in normal:
        links = list(_links(normal, _VIDEO_HOSTS, _VIDEO_PATH))
        for start, end in reversed(links):  # creators deliver through these: not screened
            normal = normal[:start] + "\x00" * (end - start) + normal[end:]
    spans: list[Span] = []
    spans.extend(_emails(normal))
    spans.extend(_link_findings(normal))
    runs = _digit_runs(normal)
    for run in runs:
        spans.extend(_number_findings(normal, run))
    spans.extend(_keyword_findings(normal, runs))
    spans.extend(_spelled_numbers(normal))
    for found in _intents(normal):
        clause = _CLAUSE.split(normal[max(0, found.start() - 20) : found.start()])[-1]
        if not _NEGATION.search(clause):
            strong = _STRONG.match(normal, found.start()) is not None
            spans.append((found.start(), found.end(), INTENT, LIKELY - 0.05 if strong else UNSURE))
    return spans, origin


def judge(text: str, refuse_at: float = REFUSE_AT, hold_at: float = HOLD_AT) -> Verdict:
    """The screen's verdict on one message: refused, held for ops, or clean."""
    spans, origin = _spans(text)
    best: dict[tuple[int, int, str], float] = {}
    for start, end, kind, score in spans:
        while end > start and text[origin[end - 1]] in _TRAILING:
            end -= 1
        if end > start:
            key = (start, end, kind)
            best[key] = max(score, best.get(key, 0.0))
    findings: dict[Finding, float] = {}  # ordered and without duplicates
    covered: list[tuple[int, int, float]] = []
    for (start, end, kind), score in sorted(
        best.items(), key=lambda item: (item[0][0], -item[0][1])
    ):
        if any(s <= start and end <= e and score <= sc for s, e, sc in covered):
            continue  # inside a finding already made (the digits of an e-mail address)
        covered.append((start, end, score))
        finding = Finding(kind, text[origin[start] : origin[end - 1] + 1].strip(), score)
        findings[finding] = max(score, findings.get(finding, 0.0))
    kept = [Finding(f.kind, f.match, score) for f, score in findings.items() if score >= hold_at]
    top = max((f.score for f in kept), default=0.0)
    if any(f.kind != INTENT and f.score >= refuse_at for f in kept):
        kept = [f for f in kept if f.kind != INTENT]  # talk adds nothing to a contact detail
    outcome = (
        Outcome.REFUSED if top >= refuse_at else Outcome.HELD if top >= hold_at else Outcome.CLEAN
    )
    return Verdict(outcome, top, kept)


def screen(text: str) -> list[Finding]:
    """Every off-platform contact or payment detail found in `text` (refused or held); empty
    when clean."""
    return judge(text).findings
