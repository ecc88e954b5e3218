from __future__ import annotations

import pytest

from bench.report import Row, table, timed, verdict


def test_the_table_puts_every_value_under_its_heading() -> None:
    text = table(
        [
            Row(
                "accept (transitions/s)", "251", "684 raw handler", "0.37", "≥ 1.0×", verdict(False)
            ),
            Row("RSS after", "108.1 MB", target="< 200 MB", verdict=verdict(True)),
        ]
    )
    header, rule, first, second = text.splitlines()
    column = {word: header.index(word) for word in ("measured", "baseline", "ratio", "target")}
    assert first[column["measured"] :].startswith("251 ")
    assert first[column["baseline"] :].startswith("684 raw handler ")
    assert first[column["ratio"] :].startswith("0.37 ")
    assert second[column["measured"] :].startswith("108.1 MB ")
    assert second[column["target"] :].startswith("< 200 MB ")
    assert second[column["baseline"] : column["target"]].strip() == ""
    assert first.endswith("target missed") and second.endswith("target met")
    assert set(rule) == {"-", " "} and len(rule) >= len(header)


def test_a_timed_run_reports_its_duration_and_the_load_and_returns_its_result(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert timed("polling", lambda: [Row("a", "1")]) == [Row("a", "1")]
    out, err = capsys.readouterr()
    assert "load average before: " in err
    assert out.startswith("(polling bench ") and "load average after: " in out
