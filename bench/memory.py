"""Benchmark 3, memory of one API process: `.venv/bin/python -m bench.memory`.

Creates a throw-away database, seeds `requested` orders (32 brands, each with a creator and
an API key), starts one uvicorn process of ours and reads its VmRSS (/proc/PID/status):

1. at start, idle;
2. "before": after a warm-up of `--warm-up` accepts (2,000 by default: connections, caches,
   prepared statements, lazily imported code), one second after they end;
3. during the run: every `--sample-seconds`, with the number of transitions committed so far
   (counted in the database), so that the samples show whether it still grows;
4. "after": one second after `--transitions` more accepts (100,000 by default; each to an
   order of its own, with an Idempotency-Key of its own), or after `--max-seconds`,
   whichever comes first. The table says how many transitions were done.

Targets: RSS growth from before to after < 10%, RSS < 200 MB throughout. A straight line
fitted to the samples of the second half of the run gives the growth per 10,000
transitions, and the growth that line predicts at 100,000 when the time bound stopped the
run earlier.
"""

from __future__ import annotations

import argparse
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from bench.load import check_tools, run_wrk
from bench.report import Row, log, table, timed, verdict
from bench.seeding import database, request_file, seed, workspace
from bench.servers import Server, our_server, rss_kib
from tests.service.timers.bulk import psycopg_url

GROWTH_TARGET = 0.10
RSS_TARGET_MB = 200.0
ASKED = 100_000


@dataclass
class Sample:
    seconds: float
    transitions: int
    rss_kib: int


def _accepted(url: str) -> int:
    with psycopg.connect(psycopg_url(url)) as conn:
        row = conn.execute("SELECT count(*) FROM orders WHERE state = 'accepted'").fetchone()
    return int(row[0]) if row else 0


class Sampler(threading.Thread):
    """RSS and transitions done, every few seconds, until stopped."""

    def __init__(self, url: str, server: Server, every: float, offset: int) -> None:
        super().__init__(daemon=True)
        self.url, self.server, self.every, self.offset = url, server, every, offset
        self.samples: list[Sample] = []
        self.stopped = threading.Event()
        self.started = time.perf_counter()

    def sample(self) -> Sample:
        found = Sample(
            time.perf_counter() - self.started,
            _accepted(self.url) - self.offset,
            rss_kib(self.server.pid),
        )
        self.samples.append(found)
        return found

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            found = self.sample()
            log(f"{found.transitions:,} transitions, RSS {found.rss_kib / 1024:.1f} MB")


def _slope(samples: list[Sample]) -> float:
    """KiB per transition, least squares over the samples."""
    if len(samples) < 2:
        return 0.0
    xs = [s.transitions for s in samples]
    ys = [s.rss_kib for s in samples]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else 0.0


def mb(kib: float) -> str:
    return f"{kib / 1024:,.1f}"


def measure(url: str, folder: Path, args: argparse.Namespace) -> list[Row]:
    slack = args.connections
    slots = seed(url, args.warm_up + args.transitions + 2 * slack)
    lines = [(f"/v1/orders/{s.order_id}/accept", s.creator_key, "") for s in slots]
    warm = request_file(folder, "memory-warm-up", lines[: args.warm_up + slack])
    main = request_file(folder, "memory", lines[args.warm_up + slack :])
    with our_server(url, folder) as ours:
        time.sleep(1.0)
        start = rss_kib(ours.pid)
        run_wrk("memory warm-up", ours, warm, method="POST", seconds=args.max_seconds,
                limit=args.warm_up, connections=args.connections)  # fmt: skip
        time.sleep(1.0)
        before, offset = rss_kib(ours.pid), _accepted(url)
        log(f"RSS at start {mb(start)} MB, after {offset:,} warm-up accepts {mb(before)} MB")
        sampler = Sampler(url, ours, args.sample_seconds, offset)
        sampler.samples.append(Sample(0.0, 0, before))
        sampler.start()
        try:
            run = run_wrk("memory", ours, main, method="POST", seconds=args.max_seconds,
                          limit=args.transitions, connections=args.connections)  # fmt: skip
        finally:
            sampler.stopped.set()
            sampler.join()
        time.sleep(1.0)
        last = sampler.sample()
    done, after = last.transitions, last.rss_kib
    peak = max(s.rss_kib for s in sampler.samples)
    growth = (after - before) / before
    # The line over the second half of the run: the first minutes after the warm-up still
    # fill caches, which a line through every sample would read as a leak.
    later = [s for s in sampler.samples if s.transitions >= done / 2]
    slope = _slope(later)
    per_10k, predicted = slope * 10_000, slope * ASKED / before
    # wrk ends after sending the last request: one or two in flight may not commit.
    bound = run.seconds >= args.max_seconds - 1
    stopped = f", stopped by the {args.max_seconds:.0f} s bound" if bound else ""
    asked = f"{args.transitions:,} asked{stopped}"
    rows = [
        Row("RSS at start, idle (MB)", mb(start)),
        Row(f"RSS before: after {args.warm_up:,} warm-up accepts (MB)", mb(before)),
        Row(
            f"RSS after {done:,} more accepts (MB; {asked})",
            mb(after),
            f"{mb(before)} before",
            f"{after / before:.2f}",
            f"< {RSS_TARGET_MB:.0f} MB",
            verdict(after / 1024 < RSS_TARGET_MB),
        ),
        Row(
            "  highest sample (MB)",
            mb(peak),
            "",
            "",
            f"< {RSS_TARGET_MB:.0f} MB",
            verdict(peak / 1024 < RSS_TARGET_MB),
        ),
        Row(
            f"RSS growth over {done:,} transitions",
            f"{growth:+.1%}",
            f"{mb(before)} MB before",
            f"{after / before:.3f}",
            f"< {GROWTH_TARGET:.0%}",
            verdict(growth < GROWTH_TARGET),
        ),
        Row(
            "  growth per 10,000 transitions (line fitted to the second half, MB)",
            f"{per_10k / 1024:+.2f}",
        ),
    ]
    if done < ASKED:
        rows.append(
            Row(
                f"  growth the line predicts at {ASKED:,} transitions",
                f"{predicted:+.1%}",
                "",
                "",
                f"< {GROWTH_TARGET:.0%}",
                verdict(predicted < GROWTH_TARGET),
            )
        )
    print(
        f"\nMemory: 1 uvicorn process of ours, POST /v1/orders/{{id}}/accept with an "
        f"Idempotency-Key each, wrk -t1 -c{args.connections}; 'before' is measured after "
        f"{args.warm_up:,} warm-up accepts"
    )
    print(table(rows))
    print("  samples (transitions: MB): " + ", ".join(
        f"{s.transitions:,}: {mb(s.rss_kib)}" for s in sampler.samples
    ))  # fmt: skip
    return rows


def parser() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__)
    options.add_argument("--transitions", type=int, default=ASKED, help="after the warm-up")
    options.add_argument("--warm-up", type=int, default=2_000, help="accepts before 'before'")
    options.add_argument(
        "--max-seconds", type=float, default=3_600, help="bound on the measured run"
    )
    options.add_argument("--sample-seconds", type=float, default=15.0)
    options.add_argument("--connections", type=int, default=16, help="wrk connections")
    return options


def main(argv: list[str] | None = None) -> list[Row]:
    args = parser().parse_args(argv)
    check_tools("wrk")

    def run() -> list[Row]:
        with database("memory") as url, workspace() as folder:
            return measure(url, folder, args)

    return timed("memory", run)


if __name__ == "__main__":
    main()
