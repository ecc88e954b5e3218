"""The service as production runs it: uvicorn API processes and `python -m service worker`
processes on loopback, each with its own log file, which a test may kill -9 and restart."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def service_env(database_url: str, **settings: str) -> dict[str, str]:
    """The environment without the caller's XT_ settings, plus the given ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XT_")}
    env.pop("DATABASE_URL", None)
    env["XT_DATABASE_URL"] = database_url
    env.update(settings)
    return env


class ServiceProcess:
    """One process; `start` again after `kill` restarts it with the same command line."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], logs: Path) -> None:
        self.name = name
        self.argv = argv
        self.env = env
        self.logs = logs
        self.starts = 0
        self.kills = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def log(self) -> Path:
        return self.logs / f"{self.name}-{self.starts}.log"

    def start(self) -> None:
        assert not self.alive, f"{self.name} is already running"
        self.starts += 1
        with self.log.open("wb") as sink:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                self.argv, cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL,
                stdout=sink, stderr=sink,
            )  # fmt: skip

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """kill -9, and wait for the process to be gone."""
        if self.alive:
            assert self.process is not None
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
            self.kills += 1

    async def stop(self, within: float = 30) -> int:
        """SIGTERM, then the exit code (SIGKILL after `within` seconds)."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + within
        while (code := self.process.poll()) is None:
            if time.monotonic() > deadline:
                self.process.kill()
                self.process.wait()
                raise AssertionError(f"{self.name} ignored SIGTERM:\n{self.output()[-3000:]}")
            await asyncio.sleep(0.05)
        return code

    def output(self, every_start: bool = False) -> str:
        runs = range(1, self.starts + 1) if every_start else [self.starts]
        parts = []
        for run in runs:
            path = self.logs / f"{self.name}-{run}.log"
            if path.exists():
                parts.append(path.read_text(errors="replace"))
        return "\n".join(parts)


class ApiServer(ServiceProcess):
    """`uvicorn service.app:create_app --factory` on a loopback port of its own."""

    def __init__(self, name: str, env: dict[str, str], logs: Path) -> None:
        self.port = free_port()
        argv = [
            sys.executable, "-m", "uvicorn", "service.app:create_app", "--factory",
            "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning",
            "--no-access-log",
        ]  # fmt: skip
        super().__init__(name, argv, env, logs)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def ready(self, within: float = 60) -> None:
        """Wait until GET /health answers 200."""
        deadline = time.monotonic() + within
        async with httpx.AsyncClient(base_url=self.url, timeout=2) as client:
            while True:
                assert self.alive, f"{self.name} exited:\n{self.output()[-3000:]}"
                try:
                    if (await client.get("/health")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, f"{self.name} not ready:\n{self.output()}"
                await asyncio.sleep(0.1)


def api_server(name: str, database_url: str, ops_key: str, logs: Path) -> ApiServer:
    env = service_env(
        database_url,
        XT_WORKER_IN_PROCESS="false",
        XT_BOOTSTRAP_OPS_KEY=ops_key,
        XT_DEV_MODE="true",
        # A review counts as stuck only after the review time: auto-approval decides every
        # review the load leaves alone (escalations come from rounds used up).
        XT_REVIEW_STUCK_HOURS="96",
    )
    return ApiServer(name, env, logs)


def worker(name: str, database_url: str, logs: Path) -> ServiceProcess:
    """A timer worker; in dev mode, so that it runs on the shared test clock."""
    env = service_env(database_url, XT_WORKER_POLL_SECONDS="0.2", XT_DEV_MODE="true")
    return ServiceProcess(name, [sys.executable, "-m", "service", "worker"], env, logs)
