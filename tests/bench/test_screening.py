"""The screen benchmark's arithmetic: what counts as caught, refused and held."""

from __future__ import annotations

from bench.screening import LENGTH, long_messages, score


def test_scores_count_held_evasions_as_caught_and_held_ordinary_as_held() -> None:
    corpus = [
        {"label": "evasion", "technique": "t", "text": "加我微信 lily_tea88"},  # refused
        {"label": "evasion", "technique": "t", "text": "加个好友吧，以后直接找我"},  # held
        {"label": "evasion", "technique": "t", "text": "你好"},  # missed
        {"label": "ordinary", "text": "报价5000元，3月5日发布"},
    ]
    scores, wrong = score(corpus)
    assert (scores.evasions, scores.caught, scores.held, scores.flagged) == (3, 2, 1, 2)
    assert scores.refused_ordinary == 0 and scores.held_ordinary == 0
    assert round(scores.recall, 3) == 0.667 and scores.precision == 1.0
    assert [line.split()[0] for line in wrong] == ["held", "clean"]


def test_long_messages_are_exactly_the_length_asked() -> None:
    messages = long_messages(["短句", "a longer English sentence"], 5, seed=1)
    assert len(messages) == 5 and {len(m) for m in messages} == {LENGTH}
