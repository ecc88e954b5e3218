"""Benchmark 5, the message screen: `.venv/bin/python -m bench.screening`.

On the labelled corpus (`tests/service/messages/screen_corpus.jsonl`: ordinary messages
between brands and creators, and attempts to move the deal off the platform) it prints
precision, recall (an evasion counts as caught when it is refused or held), the ordinary
messages refused and the held rate. Then the cost of screening one 2,000-character message,
p50 and p99 over many messages made of the corpus' ordinary lines (each message's best of
`--rounds` turns; the p99 of every single time is shown too) (and, apart, of its
evasions, the worst case: many findings), measured in turns with the screen as it was
before (`bench/screen_before.py`), which found fewer evasions and held nothing.

Targets (issue 22): recall >= 99 %, no ordinary message refused, held <= 2 %, p99 <= 2 ms.
No database, a few seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import screen_before
from bench.report import Row, table, verdict
from service.messages.screening import Outcome, judge, warm_up

CORPUS = Path(__file__).resolve().parents[1] / "tests/service/messages/screen_corpus.jsonl"
LENGTH = 2_000  # characters: the longest message the API takes
RECALL_TARGET, HELD_TARGET, P99_TARGET_MS = 0.99, 0.02, 2.0


@dataclass(frozen=True)
class Scores:
    messages: int
    evasions: int
    caught: int  # evasions refused or held
    refused_ordinary: int
    held_ordinary: int
    held: int
    flagged: int  # every message refused or held

    @property
    def recall(self) -> float:
        return self.caught / self.evasions

    @property
    def precision(self) -> float:
        return self.caught / self.flagged if self.flagged else 1.0

    @property
    def held_rate(self) -> float:
        return self.held / self.messages


def load(path: Path = CORPUS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def score(corpus: list[dict[str, Any]]) -> tuple[Scores, list[str]]:
    """The screen's scores on a labelled corpus, and a line for every message it got wrong."""
    caught = refused_ordinary = held_ordinary = held = flagged = evasions = 0
    wrong: list[str] = []
    for item in corpus:
        outcome = judge(item["text"]).outcome
        held += outcome is Outcome.HELD
        flagged += outcome is not Outcome.CLEAN
        if item["label"] == "evasion":
            evasions += 1
            caught += outcome is not Outcome.CLEAN
            if outcome is not Outcome.REFUSED:
                wrong.append(f"{outcome.value:>7}  evasion   {item['technique']}: {item['text']}")
        else:
            refused_ordinary += outcome is Outcome.REFUSED
            held_ordinary += outcome is Outcome.HELD
            if outcome is not Outcome.CLEAN:
                wrong.append(f"{outcome.value:>7}  ordinary  {item['text']}")
    scores = Scores(len(corpus), evasions, caught, refused_ordinary, held_ordinary, held, flagged)
    return scores, wrong


def long_messages(texts: list[str], count: int, seed: int) -> list[str]:
    """`count` messages of exactly LENGTH characters, corpus lines one after another."""
    rng = random.Random(seed)
    messages = []
    for _ in range(count):
        text = ""
        while len(text) < LENGTH:
            text += rng.choice(texts) + " "
        messages.append(text[:LENGTH])
    return messages


def percentiles(
    screens: dict[str, Callable[[str], object]], messages: list[str], rounds: int
) -> dict[str, tuple[float, float, float]]:
    """Per screen, in milliseconds: p50 and p99 over the messages of each message's best time
    in `rounds` turns (what screening costs; the machine is shared, and a process that waits
    for a core would otherwise show up as a slow screen), and the p99 of every single time."""
    times: dict[str, list[list[float]]] = {name: [[] for _ in messages] for name in screens}
    for _ in range(rounds):
        for name, screen in screens.items():
            for index, message in enumerate(messages):
                started = time.perf_counter()
                screen(message)
                times[name][index].append((time.perf_counter() - started) * 1000)
    result = {}
    for name, found in times.items():
        best = sorted(min(each) for each in found)
        every = sorted(t for each in found for t in each)
        result[name] = (
            best[len(best) // 2],
            best[int(len(best) * 0.99)],
            every[int(len(every) * 0.99)],
        )
    return result


def main(argv: list[str] | None = None) -> list[Row]:
    options = argparse.ArgumentParser(prog="python -m bench.screening", description=__doc__)
    options.add_argument("--messages", type=int, default=300, help="2,000-character messages")
    options.add_argument("--rounds", type=int, default=5)
    options.add_argument("--wrong", action="store_true", help="list what the screen got wrong")
    args = options.parse_args(argv)
    corpus = load()
    warm_up()
    scores, wrong = score(corpus)
    ordinary = [item["text"] for item in corpus if item["label"] == "ordinary"]
    evasive = [item["text"] for item in corpus if item["label"] == "evasion"]
    screens: dict[str, Callable[[str], object]] = {"now": judge, "before": screen_before.screen}
    typical = percentiles(screens, long_messages(ordinary, args.messages, 1), args.rounds)
    dense = percentiles(screens, long_messages(evasive, args.messages // 3, 2), args.rounds)
    ordinary_count = len(ordinary)
    rows = [
        Row(
            f"corpus: {scores.messages} messages, {scores.evasions} evasions",
            f"recall {scores.recall:.1%}",
            "",
            "",
            f">= {RECALL_TARGET:.0%}",
            verdict(scores.recall >= RECALL_TARGET),
        ),
        Row("precision (refused or held that were evasions)", f"{scores.precision:.1%}"),
        Row(
            f"ordinary messages refused (of {ordinary_count})",
            str(scores.refused_ordinary),
            "",
            "",
            "0",
            verdict(scores.refused_ordinary == 0),
        ),
        Row(
            "held rate (all messages)",
            f"{scores.held_rate:.1%} ({scores.held}; ordinary {scores.held_ordinary})",
            "",
            "",
            f"<= {HELD_TARGET:.0%}",
            verdict(scores.held_rate <= HELD_TARGET),
        ),
        Row(
            "screen a 2,000-char message, ordinary text: p99",
            f"{typical['now'][1]:.2f} ms",
            f"before {typical['before'][1]:.2f} ms",
            f"{typical['now'][1] / typical['before'][1]:.2f}x",
            f"<= {P99_TARGET_MS:.0f} ms",
            verdict(typical["now"][1] <= P99_TARGET_MS),
        ),
        Row(
            "  the same, p50",
            f"{typical['now'][0]:.2f} ms",
            f"before {typical['before'][0]:.2f} ms",
            f"{typical['now'][0] / typical['before'][0]:.2f}x",
        ),
        Row(
            "  the same, p99 of every single time",
            f"{typical['now'][2]:.2f} ms",
            f"before {typical['before'][2]:.2f} ms",
            f"{typical['now'][2] / typical['before'][2]:.2f}x",
        ),
        Row(
            "  2,000 chars of nothing but evasions: p50, p99",
            f"{dense['now'][0]:.2f}, {dense['now'][1]:.2f} ms",
            f"before {dense['before'][0]:.2f}, {dense['before'][1]:.2f} ms",
            f"{dense['now'][1] / dense['before'][1]:.2f}x",
        ),
    ]
    print(table(rows))
    if args.wrong and wrong:
        print("\nNot refused outright:\n" + "\n".join(wrong))
    return rows


if __name__ == "__main__":
    main()
