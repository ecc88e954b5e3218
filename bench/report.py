"""How every benchmark reports: progress lines on stderr, the result table with its
ratios and verdicts, the load of the machine, and the frame of a benchmark's `main`."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def log(message: str) -> None:
    """A progress line (`  … `) on stderr; the tables go to stdout."""
    print(f"  … {message}", file=sys.stderr, flush=True)


@dataclass
class Row:
    metric: str
    value: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    verdict: str = ""


def verdict(met: bool) -> str:
    return "target met" if met else "target missed"


def table(rows: list[Row]) -> str:
    header = Row("metric", "measured", "baseline", "ratio", "target", "")
    cells = [[r.metric, r.value, r.baseline, r.ratio, r.target, r.verdict] for r in [header, *rows]]
    widths = [max(len(c[i]) for c in cells) for i in range(6)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def timed(name: str, measure: Callable[[], T]) -> T:
    """Run one benchmark with the load of the machine before and after, and its duration."""
    started = time.perf_counter()
    log(f"load average before: {load_average()}")
    result = measure()
    print(
        f"({name} bench {time.perf_counter() - started:.0f} s; load average after: "
        f"{load_average()}; its database is dropped)"
    )
    return result
