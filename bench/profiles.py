"""py-spy profiles of a server under load, and the hottest frames of one."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.report import log
from bench.servers import Server


def py_spy() -> str | None:
    found = shutil.which("py-spy")
    beside = Path(sys.executable).parent / "py-spy"
    return found or (str(beside) if beside.exists() else None)


@contextmanager
def profiled(server: Server, folder: Path | None, name: str) -> Iterator[None]:
    """py-spy samples the server while the block runs (when `folder` is set): the collapsed
    stacks go to FOLDER/NAME.txt (`flamegraph.pl` or speedscope draw them) and the hottest
    frames to FOLDER/NAME-top.txt, which is printed too."""
    if folder is None:
        yield
        return
    spy = py_spy()
    if spy is None:
        log("py-spy is not installed (`.venv/bin/pip install py-spy`): no profile")
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    stacks = folder / f"{name}.txt"
    command = [
        spy, "record", "--pid", str(server.pid), "--rate", "100", "--nonblocking",
        "--format", "raw", "--output", str(stacks),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(1.0)  # let it attach
    try:
        yield
    finally:
        process.send_signal(signal.SIGINT)
        _, complaints = process.communicate(timeout=60)
    if not stacks.exists():
        log(f"py-spy wrote no profile: {complaints.decode()[-500:]}")
        return
    summary = summarise_profile(stacks)
    (folder / f"{name}-top.txt").write_text(summary)
    print(f"\nprofile of {name} (py-spy, {stacks}):\n{summary}")


_LINE_NUMBER = re.compile(r":\d+\)$")


def summarise_profile(stacks: Path, top: int = 25) -> str:
    """The frames of our code and of the libraries with the most samples: inclusive (the
    frame anywhere on the stack) and self (the frame on top)."""
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    total = 0
    for line in stacks.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = [_LINE_NUMBER.sub(")", frame) for frame in stack.split(";")]
        samples = int(count)
        total += samples
        own[frames[-1]] = own.get(frames[-1], 0) + samples
        for frame in set(frames[1:]):
            inclusive[frame] = inclusive.get(frame, 0) + samples
    if not total:
        return "(no samples)"

    def lines(counts: dict[str, int], keep: Callable[[str], bool]) -> list[str]:
        ranked = sorted(((n, f) for f, n in counts.items() if keep(f)), reverse=True)
        return [f"  {n / total:6.1%}  {f}" for n, f in ranked[:top]]

    ours = lines(inclusive, lambda f: "(service/" in f or "(statemachine/" in f)
    hot = lines(own, lambda f: True)
    return "\n".join(
        [f"{total:,} samples; inclusive, our code:", *ours, "self (top of the stack):", *hot]
    )
