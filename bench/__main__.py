"""Every benchmark in one go: `.venv/bin/python -m bench` (or `make bench`).

1. transitions (`bench.transitions`): accept and cancel over HTTP against a raw handler and
   pgbench;
2. polling (`bench.polling`): 304 against a constant, 200 against a raw SQL GET;
3. timers (`bench.timers`, with its quick-look flags);
3b. projects (`bench.projects`): a project summary over 10,000 orders × 30 snapshots, and a
   brand's list of projects at 10,000 against 1,000,000 orders;
4. order lives (`bench.lives`): create to publish with the review of drafts, against lives
   without review, in turns;
5. screening (`bench.screening`): the message screen on its labelled corpus, and the cost
   of screening a 2,000-character message against the screen as it was before;
6. console (`bench.console`): the console's order page against GET /v1/orders/{id}, in
   process, in turns;
7. memory (`bench.memory`): RSS of one API process before and after the transitions, last,
   bounded by what is left of `--budget-minutes`. When the bound stops it before its
   100,000 transitions, its table says how many it did; `python -m bench.memory` alone
   runs all of them.

Each prints its table as it finishes; a summary of every target follows at the end. Each
benchmark creates its own throw-away database and drops it; everything runs on loopback.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import time
from pathlib import Path
from typing import TextIO

from bench import console, lives, memory, polling, projects, screening, timers, transitions
from bench.load import check_tools
from bench.report import Row, load_average, log, table

TIMERS_QUICK = ["--orders", "1000", "--pass-orders", "500", "--big", "200000"]
MEMORY_SETUP_SECONDS = 120.0  # seeding 100,000 orders, the warm-up, start and stop


class Tee:
    """Writes to the terminal and keeps a copy."""

    def __init__(self, out: TextIO) -> None:
        self.out, self.copy = out, io.StringIO()

    def write(self, text: str) -> int:
        self.copy.write(text)
        return self.out.write(text)

    def flush(self) -> None:
        self.out.flush()


def heading(text: str) -> None:
    print(f"\n{'=' * 100}\n{text}\n{'=' * 100}", flush=True)


def summary(results: dict[str, list[Row]], timer_lines: list[str]) -> str:
    rows = [
        Row(
            f"{name}: {row.metric.strip()}",
            row.value,
            row.baseline,
            row.ratio,
            row.target,
            row.verdict,
        )
        for name, found in results.items()
        for row in found
        if row.verdict
    ]
    text = table(rows)
    if timer_lines:
        text += "\n\ntimers (bench.timers, quick-look flags):\n" + "\n".join(timer_lines)
    return text


def main(argv: list[str] | None = None) -> None:
    options = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    options.add_argument(
        "--budget-minutes", type=float, default=15.0, help="the memory run gets what is left"
    )
    options.add_argument("--profile", type=Path, help="py-spy profiles of ours into this folder")
    args = options.parse_args(argv)
    check_tools("wrk", "pgbench")
    started = time.perf_counter()
    load = load_average()
    profile = ["--profile", str(args.profile)] if args.profile else []
    results: dict[str, list[Row]] = {}

    heading("1. transitions: POST /v1/orders/{id}/accept and /cancel")
    results["transitions"] = transitions.main(profile)
    heading("2. polling: GET /v1/orders/{id}, 304 and 200")
    results["polling"] = polling.main(profile)
    heading("3. timers (python -m bench.timers " + " ".join(TIMERS_QUICK) + ")")
    tee = Tee(sys.stdout)
    with contextlib.redirect_stdout(tee):  # type: ignore[type-var]
        timers.main(TIMERS_QUICK)
    timer_lines = [line for line in tee.copy.getvalue().splitlines() if "target " in line]
    heading("3b. projects: GET /v1/projects/{id}/summary and GET /v1/projects")
    results["projects"] = projects.main([])
    heading("4. order lives: create to publish, with and without review")
    results["lives"] = lives.main([])
    heading("5. screening: the message screen's corpus scores and its cost")
    results["screening"] = screening.main([])
    heading("6. console: the order page of an order with 50 history rows and 100 checks")
    results["console"] = console.main([])

    left = args.budget_minutes * 60 - (time.perf_counter() - started) - MEMORY_SETUP_SECONDS
    bound = max(60.0, left)
    log(f"{time.perf_counter() - started:.0f} s so far; the memory run gets {bound:.0f} s")
    heading("7. memory: RSS of one API process before and after the transitions")
    results["memory"] = memory.main(["--max-seconds", f"{bound:.0f}"])

    heading("Summary: every target")
    print(summary(results, timer_lines))
    print(
        f"\n(python -m bench: {time.perf_counter() - started:.0f} s; load average "
        f"{load} before, {load_average()} after; 2 cores, PostgreSQL on loopback)"
    )


if __name__ == "__main__":
    main()
