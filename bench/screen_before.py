"""The message screen as it was before held messages (kept as the baseline of bench.screening).

Brand and creator talk only through the platform: a message carrying a mobile number, a WeChat
or QQ id, an e-mail address, a payment or external chat link, or a bank card number is refused.
Evasions are expected (spaced or dashed digits, full-width characters, Chinese numerals,
look-alike letters, zero-width characters, emoji between digits), so the text is normalised
first. Legitimate numbers (prices, dates, follower counts, 19-digit Douyin video ids and video
links, order ids, model numbers) must pass. Pure: no I/O, standard library only.

Digits are read as *runs*: digit characters (ASCII after NFKC, Chinese numerals, look-alike
letters) in *groups*, groups joined by separators. A number is a whole group or several
adjacent groups of one run, so `2026-03-05 138 0013 8000` still yields the mobile number while
a 19-digit video id (one group) never contains one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

MOBILE, WECHAT, QQ, EMAIL = "mobile_number", "wechat_id", "qq_number", "email"
PAYMENT, CHAT, CARD = "payment_link", "chat_link", "bank_card"


@dataclass(frozen=True)
class Finding:
    kind: str  # one of the seven kinds above
    match: str  # the offending text as it appeared in the message, trimmed


# --- normalisation ------------------------------------------------------------------------------

_SYMBOLS = {"So", "Sk", "Mn", "Me"}  # emoji, skin tones, variation selectors: read as a space
_NUMERALS = dict(
    zip("〇零幺一二三四五六七八九壹贰叁肆伍陆柒捌玖", "001123456789123456789", strict=True)
)
_LOOKALIKES = {"O": "0", "o": "0", "l": "1", "I": "1"}
_SEPARATORS = set(" -._/·・*~+|\\")  # plus any whitespace and any dash (Unicode category Pd)
_MASK = "\x00"  # neither a digit nor a separator nor a letter: ends every run and pattern


def normalise(text: str) -> tuple[str, list[int]]:
    """NFKC character by character, every decimal digit as ASCII, zero-width (format) characters
    dropped, emoji and other symbols read as spaces. Also returns, for each character of the
    result, the index in `text` it came from, so findings can quote the original message."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in unicodedata.normalize("NFKC", char):
            category = unicodedata.category(piece)
            if category == "Cf":
                continue
            if category in _SYMBOLS:
                piece = " "
            elif category == "Nd":
                piece = str(unicodedata.decimal(piece))
            chars.append(piece)
            origin.append(index)
    return "".join(chars), origin


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check every payment card number passes."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


# --- patterns -----------------------------------------------------------------------------------

_URL_TAIL = r"[a-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*"
_HOST_START = r"(?<![a-z0-9.\-])(?:https?://)?(?:[a-z0-9\-]+\.)*"
_HOST_END = r"(?![a-z0-9\-])"
_SEP = r"[\s:=>→\-~是为]*"  # between a keyword and the id it announces (：→: after NFKC)
_WECHAT_ZH = r"(?:微信|威信|薇信|徽信|v信|加v(?![a-z]))"
_WECHAT_ANY = rf"(?<![a-z])(?:{_WECHAT_ZH}|vx|wx|weixin|wechat)(?:\s*(?:号码?|账号|id))?"
_WECHAT_ID = r"[a-z][a-z0-9_\-]{5,19}(?![a-z0-9_\-])"
_MAIL_DOMAIN = r"(?:qq|163|126|gmail|outlook|hotmail|sina|foxmail|yeah|icloud)"
_AT = r"(?:@|\[at\]|\(at\)|\{at\}|<at>|【at】|\sat\s|#|艾特)"
_DOT = r"(?:\.|\[dot\]|\(dot\)|\sdot\s|点)"

# Douyin / Xigua / Huoshan video links are how creators deliver: their paths are not screened.
_VIDEO_LINK = re.compile(
    rf"{_HOST_START}(?:douyin|iesdouyin|ixigua|huoshan)\.com{_HOST_END}(?:/[a-z0-9\-._~/@%]*)?",
    re.IGNORECASE,
)

# (kind, pattern); when a pattern has a group named "hit", that group is the finding.
_PATTERNS: list[tuple[str, str]] = [
    # A Chinese keyword or an explicit "：/是/号" makes any id-shaped word a WeChat id ...
    (
        WECHAT,
        rf"(?:(?<![a-z]){_WECHAT_ZH}(?:号码?|账号|id)?|{_WECHAT_ANY}\s*[:=>→是为号]){_SEP}"
        rf"(?P<hit>{_WECHAT_ID})",
    ),
    # ... after a bare English keyword the id must hold a digit, _ or - ("wechat anymore" passes).
    (WECHAT, rf"{_WECHAT_ANY}{_SEP}(?P<hit>(?=[a-z0-9_\-]*[0-9_\-]){_WECHAT_ID})"),
    (EMAIL, r"(?<![a-z0-9._%+\-])[a-z0-9][a-z0-9._%+\-]*@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}"),
    (
        EMAIL,
        rf"(?<![a-z0-9._%+\-])[a-z0-9][a-z0-9._%+\-]*\s*{_AT}\s*{_MAIL_DOMAIN}\s*{_DOT}\s*"
        r"(?:com|net|cn)(?![a-z])",
    ),
    (
        PAYMENT,
        rf"{_HOST_START}(?:alipay\.com|pay\.weixin\.qq\.com|paypal\.(?:me|com)){_HOST_END}"
        rf"{_URL_TAIL}",
    ),
    (PAYMENT, rf"(?<![a-z])(?:alipays?://|wxp://|weixin://wxpay){_URL_TAIL}"),
    (
        PAYMENT,
        r"(?:支付宝(?:账号|账户|号)?|转账(?:到|至|给)|打款(?:到|至))[\s:是为]*"
        r"(?P<hit>[a-z][a-z0-9_.@\-]{4,}|\d(?:[\s\-]?\d){8,})",
    ),
    (CHAT, rf"(?<![a-z])weixin://(?!wxpay){_URL_TAIL}"),
    (
        CHAT,
        rf"{_HOST_START}(?:u\.wechat\.com|work\.weixin\.qq\.com|qm\.qq\.com|jq\.qq\.com"
        rf"|t\.me|telegram\.me|wa\.me|whatsapp\.com|line\.me|discord\.gg|discord\.com/invite)"
        rf"{_HOST_END}{_URL_TAIL}",
    ),
]
_COMPILED = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _PATTERNS]

_QQ_KEYWORD = re.compile(rf"(?<![a-z])(?:qq|扣扣|企鹅|q号)(?:号码?|群|账号)?{_SEP}", re.IGNORECASE)
_CARD_KEYWORD = re.compile(
    r"(?:卡号|银行卡|账号|账户|card|account)(?:\s*(?:number|no\.?|num|#))?[^0-9]{0,6}$",
    re.IGNORECASE,
)
_MOBILE_DIGITS = re.compile(r"(?:0086|86)?1[3-9]\d{9}")
_CARD_DIGITS = re.compile(r"(?:62|4|5[1-5]|35)\d{14,17}|3[47]\d{13,17}")
_LOOKALIKE_WORD = re.compile(r"[A-Za-z]+")
_TRAILING = ".,;:!?)]}'\"" + _MASK


# --- digit runs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Group:
    start: int
    end: int
    digits: str


def _digit_runs(text: str) -> list[list[_Group]]:
    """Runs of digit groups. Look-alike letters count as digits only in a word made of nothing
    else (`lOl`, `OO`), so `hello` and `lily` stay letters."""
    alike = {
        index
        for word in _LOOKALIKE_WORD.finditer(text)
        if set(word.group()) <= _LOOKALIKES.keys()
        for index in range(word.start(), word.end())
    }
    runs: list[list[_Group]] = []
    groups: list[_Group] = []
    start, digits = -1, ""
    for index, char in enumerate(text + _MASK):
        digit = char if "0" <= char <= "9" else _NUMERALS.get(char)
        if digit is None and index in alike:
            digit = _LOOKALIKES[char]
        if digit is not None:
            start, digits = (index, digit) if start < 0 else (start, digits + digit)
            continue
        if start >= 0:
            groups.append(_Group(start, index, digits))
            start = -1
        if char in _SEPARATORS or char.isspace() or unicodedata.category(char) == "Pd":
            continue
        if groups:
            runs.append(groups)
            groups = []
    return runs


def _numbers(run: list[_Group], longest: int) -> Iterator[tuple[int, int, str]]:
    """Every span `run[first:last]` of adjacent whole groups with at most `longest` digits."""
    for first in range(len(run)):
        digits = ""
        for last in range(first, len(run)):
            digits += run[last].digits
            if len(digits) > longest:
                break
            yield first, last + 1, digits


def _number_findings(text: str, run: list[_Group]) -> list[tuple[int, int, str]]:
    """Bank cards first, then mobile numbers that are not part of a card; longest spans win."""
    candidates: list[tuple[int, int, int, str]] = []  # (priority, first, last, kind)
    for first, last, digits in _numbers(run, 19):
        if _is_card(text, run[first].start, digits):
            candidates.append((-100 - len(digits), first, last, CARD))
        if _MOBILE_DIGITS.fullmatch(digits):
            candidates.append((-len(digits), first, last, MOBILE))
    taken = bytearray(len(run))
    spans: list[tuple[int, int, str]] = []
    for _, first, last, kind in sorted(candidates):
        if not any(taken[first:last]):
            taken[first:last] = b"\x01" * (last - first)
            spans.append((run[first].start, run[last - 1].end, kind))
    return spans


def _is_card(text: str, start: int, digits: str) -> bool:
    """Luhn-valid, and a card issuer's prefix or a card/account keyword just before it."""
    if len(digits) < 15:
        return False
    issuer = _CARD_DIGITS.fullmatch(digits) is not None
    keyword = len(digits) >= 16 and _CARD_KEYWORD.search(text[max(0, start - 30) : start])
    return bool(issuer or keyword) and luhn_valid(digits)


def _qq_findings(text: str, runs: list[list[_Group]]) -> Iterator[tuple[int, int, str]]:
    """A QQ keyword directly followed by a run whose leading groups hold 5-11 digits."""
    by_start = {run[0].start: run for run in runs}
    for keyword in _QQ_KEYWORD.finditer(text):
        run = by_start.get(keyword.end(), [])
        end, digits = -1, ""
        for group in run:
            digits += group.digits
            if len(digits) > 11:
                break
            if len(digits) >= 5:
                end = group.end
        if end >= 0:
            yield run[0].start, end, QQ


# --- screening ----------------------------------------------------------------------------------


def screen(text: str) -> list[Finding]:
    """Every off-platform contact or payment detail found in `text`; empty when clean."""
    normal, origin = normalise(text)
    normal = _VIDEO_LINK.sub(lambda link: _MASK * len(link.group()), normal)
    spans: set[tuple[int, int, str]] = set()
    for kind, pattern in _COMPILED:
        for found in pattern.finditer(normal):
            start, end = found.span("hit" if "hit" in pattern.groupindex else 0)
            spans.add((start, end, kind))
    runs = _digit_runs(normal)
    for run in runs:
        spans.update(_number_findings(normal, run))
    spans.update(_qq_findings(normal, runs))
    findings: dict[Finding, None] = {}  # ordered and without duplicates
    for start, end, kind in sorted(spans):
        while end > start and normal[end - 1] in _TRAILING:
            end -= 1
        if end > start:
            findings[Finding(kind, text[origin[start] : origin[end - 1] + 1].strip())] = None
    return list(findings)
