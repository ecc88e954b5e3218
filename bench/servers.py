"""The servers a benchmark measures, started as uvicorn subprocesses on loopback (ours and
the raw baseline app: the same framework and server, one process each), and what /proc
says about a process: its resident memory and the CPU time it has used."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.report import log
from tests.service.timers.bulk import psycopg_url

ROOT = Path(__file__).resolve().parent.parent
OPS_KEY = "bench-ops-key-" + "x" * 16
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    name: str
    pid: int
    base: str  # http://127.0.0.1:PORT
    log_path: Path


def _wait_ready(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log_path.read_text()[-3000:]
            raise RuntimeError(f"the server exited with {process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {url} within 60 s")


@contextmanager
def _uvicorn(
    name: str, target: list[str], env: dict[str, str], ready_path: str, folder: Path
) -> Iterator[Server]:
    port = _free_port()
    log_path = folder / f"{name}.log"
    command = [
        sys.executable, "-m", "uvicorn", *target, "--no-access-log",
        "--host", "127.0.0.1", "--port", str(port),
    ]  # fmt: skip
    with log_path.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(process, base + ready_path, log_path)
        log(f"{name}: uvicorn pid {process.pid} on port {port}")
        yield Server(name, process.pid, base, log_path)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def our_server(url: str, folder: Path, name: str = "ours") -> Iterator[Server]:
    """`uvicorn service.app:create_app --factory`, one process, no worker inside."""
    env = {
        "XT_DATABASE_URL": url,
        "XT_WORKER_IN_PROCESS": "false",
        "XT_BOOTSTRAP_OPS_KEY": OPS_KEY,
    }
    with _uvicorn(name, ["service.app:create_app", "--factory"], env, "/health", folder) as s:
        yield s


@contextmanager
def raw_server(url: str, folder: Path, name: str = "raw") -> Iterator[Server]:
    """`uvicorn bench.raw_app:app`, one process: the same framework, bare SQL."""
    env = {"RAW_DATABASE_URL": psycopg_url(url)}
    with _uvicorn(name, ["bench.raw_app:app"], env, "/const", folder) as s:
        yield s


def rss_kib(pid: int) -> int:
    """VmRSS of a process, in KiB, from /proc/PID/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
