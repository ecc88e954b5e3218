from __future__ import annotations

from pathlib import Path

from bench.profiles import summarise_profile


def shares(lines: list[str]) -> dict[str, str]:
    return {line.split("%", 1)[1].strip(): line.split("%", 1)[0].strip() for line in lines}


def test_a_profile_counts_each_frame_once_per_stack_and_ranks_the_hottest(tmp_path: Path) -> None:
    stacks = tmp_path / "accept.txt"
    stacks.write_text(
        "run (uvicorn/main.py:1);accept (service/orders/endpoints.py:52);"
        "send (psycopg/cursor.py:10) 6\n"
        "run (uvicorn/main.py:1);accept (service/orders/endpoints.py:60);"
        "accept (service/orders/endpoints.py:52) 3\n"
        "run (uvicorn/main.py:1);select (asyncio/base_events.py:5) 1\n"
        "a line py-spy did not write\n"
    )
    lines = summarise_profile(stacks).splitlines()
    assert lines[0] == "10 samples; inclusive, our code:"
    split = lines.index("self (top of the stack):")
    # Line numbers are dropped, and a recursive frame counts once per stack: 9 of 10.
    assert shares(lines[1:split]) == {"accept (service/orders/endpoints.py)": "90.0"}
    assert shares(lines[split + 1 :]) == {
        "send (psycopg/cursor.py)": "60.0",
        "accept (service/orders/endpoints.py)": "30.0",
        "select (asyncio/base_events.py)": "10.0",
    }
    assert lines[split + 1].endswith("send (psycopg/cursor.py)")  # the hottest first


def test_an_empty_profile_says_so(tmp_path: Path) -> None:
    stacks = tmp_path / "empty.txt"
    stacks.write_text("")
    assert summarise_profile(stacks) == "(no samples)"
