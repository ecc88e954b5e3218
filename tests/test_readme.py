"""The README's walkthrough, run as a reader would run it: the service started as `make run`
starts it (migrate, then serve, on SQLite, with the bootstrap ops key the README names),
and the walkthrough's shell block pasted into bash. Every `# <JSON value>` comment in the
block is the output the reader is told to expect, in order."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.databases import IN_CI
from tests.reliability.processes import ROOT, free_port, service_env

README = ROOT / "README.md"
OPS_KEY = "ops-secret-change-me"  # as the README starts the service


def walkthrough() -> str:
    text = README.read_text()
    start = text.index("XT_BOOTSTRAP_OPS_KEY=ops-secret-change-me make run")
    blocks = re.findall(r"```sh\n(.*?)```", text[start:], re.S)
    return next(block for block in blocks if block.startswith("API="))


def promised(block: str) -> list[object]:
    """The outputs the block's comments promise: each comment that is a JSON value."""
    found = []
    for comment in re.findall(r"#[ \t]*([^#\n]+)$", block, re.M):  # (the last # of a line)
        try:
            found.append(json.loads(comment))
        except json.JSONDecodeError:
            continue  # prose
    return found


def printed(output: str) -> list[object]:
    """The JSON values jq printed, in order."""
    decoder, values, at = json.JSONDecoder(), [], 0
    while (at := _skip_space(output, at)) < len(output):
        value, at = decoder.raw_decode(output, at)
        values.append(value)
    return values


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def test_the_walkthrough_promises_what_it_shows() -> None:
    expected = promised(walkthrough())
    assert expected[0] == 500000 and expected[-1][0] == "create", expected


def test_the_readme_walkthrough_works_when_pasted(tmp_path: Path) -> None:
    if not shutil.which("jq"):  # .ci/run installs it
        (pytest.fail if IN_CI else pytest.skip)("the walkthrough needs jq")
    port = free_port()
    env = service_env(
        f"sqlite:///{tmp_path / 'xingtu.db'}", XT_BOOTSTRAP_OPS_KEY=OPS_KEY, XT_PORT=str(port)
    )
    service = [sys.executable, "-m", "service"]
    subprocess.run([*service, "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
    with (tmp_path / "serve.log").open("wb") as log:
        server = subprocess.Popen([*service, "serve"], cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/health")
        script = walkthrough().replace("http://127.0.0.1:8000", base)
        ran = subprocess.run(
            ["bash", "-c", "set -euo pipefail\n" + script],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert ran.returncode == 0, ran.stderr
    values = printed(ran.stdout)
    shown = [v for v in values if not isinstance(v, dict)]
    assert shown == promised(walkthrough()), ran.stdout
    (order,) = [v for v in values if isinstance(v, dict)]
    assert order["state"] == "requested" and order["line_items"]["brand_total_fen"] == 105000


def _wait_for(url: str, within: float = 30) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {within} s")
