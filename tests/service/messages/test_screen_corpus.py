"""The screen on its labelled corpus, and obfuscations composed on known contact details.

The corpus (`screen_corpus.jsonl`, described in docs/screening.md) holds ordinary messages
between brands and creators and attempts to move the deal off the platform. The property
tests build evasions the way people do, by stacking tricks on a contact detail, and require
every one to be caught (refused), while ordinary numbers composed the same way pass.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from service.messages.screening import Outcome, judge

CORPUS = Path(__file__).with_name("screen_corpus.jsonl")
ITEMS = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]


def test_corpus_is_large_and_half_evasions() -> None:
    evasions = [item for item in ITEMS if item["label"] == "evasion"]
    assert len(ITEMS) >= 400
    assert len(evasions) * 2 >= len(ITEMS)
    assert {item["label"] for item in ITEMS} == {"evasion", "ordinary"}


def test_no_ordinary_message_is_refused_and_few_are_held() -> None:
    outcomes = [judge(item["text"]).outcome for item in ITEMS if item["label"] == "ordinary"]
    refused = [item["text"] for item in ITEMS if item["label"] == "ordinary"
               and judge(item["text"]).outcome is Outcome.REFUSED]  # fmt: skip
    assert refused == []
    assert outcomes.count(Outcome.HELD) <= 0.02 * len(outcomes)


def test_recall_and_held_rate_on_the_corpus() -> None:
    outcomes = [(item["label"], judge(item["text"]).outcome) for item in ITEMS]
    evasions = [outcome for label, outcome in outcomes if label == "evasion"]
    caught = sum(outcome is not Outcome.CLEAN for outcome in evasions)
    assert caught / len(evasions) >= 0.99
    held = sum(outcome is Outcome.HELD for _, outcome in outcomes)
    assert held / len(outcomes) <= 0.02


# --- composed obfuscations ----------------------------------------------------------------------

CN = "零一二三四五六七八九"
FINANCIAL = "零壹贰叁肆伍陆柒捌玖"
CIRCLED = "⓪①②③④⑤⑥⑦⑧⑨"
DINGBAT = "⓿❶❷❸❹❺❻❼❽❾"
HEARD = "灵腰二伞寺无溜漆吧酒"  # read like the digits
SEPARATORS = [" ", "-", ".", "\u200b", "\u3000", "·", "😀", "🌸", "/", " - ", "\ufeff"]


def _digit(digit: str, style: str) -> str:
    index = int(digit)
    return {
        "ascii": digit,
        "fullwidth": chr(ord(digit) + 0xFEE0),
        "cn": CN[index],
        "financial": FINANCIAL[index],
        "circled": CIRCLED[index],
        "dingbat": DINGBAT[index],
        "keycap": digit + "\ufe0f\u20e3",
        "math": chr(0x1D7CE + index),  # 𝟎
    }[style]


DIGIT_STYLES = st.sampled_from(["ascii", "fullwidth", "cn", "financial", "circled", "dingbat",
                                "keycap", "math"])  # fmt: skip


@st.composite
def obfuscated_number(draw: st.DrawFn, number: str) -> str:
    """The number's digits in mixed styles, cut into groups by mixed separators, with a few
    digits heard rather than written."""
    out = []
    for index, digit in enumerate(number):
        if index and draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(SEPARATORS)))
        if draw(st.integers(0, 9)) == 0:
            out.append(HEARD[int(digit)])
        else:
            out.append(_digit(digit, draw(DIGIT_STYLES)))
    return "".join(out)


MOBILES = st.builds(
    lambda second, rest: "1" + second + rest,
    st.sampled_from("3456789"),
    st.text("0123456789", min_size=9, max_size=9),
)
FRAMES = st.sampled_from([
    "{c}", "有事打我 {c}", "报价细聊，{c}", "{c} 加我发你方案", "合同找我助理：{c}，备注品牌",
    "call me {c} after 6pm", "样品寄出前 {c} 确认下",
])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(MOBILES.flatmap(obfuscated_number), FRAMES)
def test_an_obfuscated_mobile_number_is_refused(number: str, frame: str) -> None:
    verdict = judge(frame.format(c=number))
    assert verdict.outcome is not Outcome.CLEAN, (number, verdict)


WECHAT_KEYWORDS = st.sampled_from([
    "微信", "薇信", "威信", "V信", "vx", "VX", "wx", "weixin", "wei xin", "微 信", "微.信",
    "微\u200b信",
    "ｖｘ", "𝐯𝐱", "微❤", "v❤️", "绿泡泡", "绿色泡泡", "加V", "➕V", "徽信", "wechat", "WeChat ID",
    "维心", "威芯", "V我",
])  # fmt: skip
IDS = st.builds(
    lambda head, tail, sep: head + sep + tail,
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8),
    st.text("0123456789", min_size=2, max_size=5),
    st.sampled_from(["", "_", "-"]),
)
FILLERS = st.sampled_from([" ", "：", ": ", "号 ", "号：", " 是 ", "→", " id: "])


@settings(max_examples=300, deadline=None)
@given(WECHAT_KEYWORDS, FILLERS, IDS, st.booleans(), FRAMES)
def test_a_wechat_id_after_any_spelling_of_wechat_is_refused(
    keyword: str, filler: str, ident: str, upper: bool, frame: str
) -> None:
    text = frame.format(c=keyword + filler + (ident.upper() if upper else ident))
    verdict = judge(text)
    assert verdict.outcome is Outcome.REFUSED, (text, verdict)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["QQ", "qq号", "企鹅", "扣扣", "🐧", "Q群", "ＱＱ", "q q"]),
    FILLERS,
    st.integers(10_000, 9_999_999_999).map(str).flatmap(obfuscated_number),
)
def test_a_qq_number_after_any_spelling_of_qq_is_caught(
    keyword: str, filler: str, number: str
) -> None:
    verdict = judge(keyword + filler + number)
    assert verdict.outcome is not Outcome.CLEAN, (keyword + filler + number, verdict)


@settings(max_examples=200, deadline=None)
@given(
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8),
    st.sampled_from(["@", "(at)", "[at]", " at ", "艾特", "＠", "【at】", " (at) "]),
    st.sampled_from(["163", "qq", "gmail", "outlook", "126", "foxmail", "sina"]),
    st.sampled_from([".", "(dot)", "[dot]", " dot ", "点", "．", " . "]),
    st.sampled_from(["com", "cn", "net"]),
)
def test_a_spelled_out_e_mail_address_is_refused(
    user: str, at: str, domain: str, dot: str, tld: str
) -> None:
    text = f"邮箱 {user}{at}{domain}{dot}{tld}"
    assert judge(text).outcome is Outcome.REFUSED, text


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["+852 ", "+44 ", "+1 ", "+65 ", "+81 ", "+886 ", "00852 ", "+61 "]),
    st.text("123456789", min_size=8, max_size=10),
    st.sampled_from(["WhatsApp ", "call ", "", "Line ", "电话 "]),
)
def test_an_international_number_is_refused(prefix: str, number: str, word: str) -> None:
    text = f"{word}{prefix}{number[:4]} {number[4:]}"
    assert judge(text).outcome is Outcome.REFUSED, text


# Ordinary numbers written the same ways pass: prices, dates, counts, video ids.
@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([
        "预算{n}元", "粉丝{n}万", "{n}次播放", "报价 ¥{n}", "视频ID 73{v}", "订单 2026-03-{d} 发布",
        "Budget {n} yuan", "第{n}条视频",
    ]),
    st.integers(1, 99_999),
    st.text("0123456789", min_size=17, max_size=17),
    st.integers(10, 28),
)  # fmt: skip
def test_ordinary_numbers_pass(frame: str, n: int, video: str, day: int) -> None:
    text = frame.format(n=n, v=video, d=day)
    assert judge(text).outcome is Outcome.CLEAN, (text, judge(text))
