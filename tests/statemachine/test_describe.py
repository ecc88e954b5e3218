"""The machine described: data, Mermaid diagram and the shared `transitions` Machine."""

from __future__ import annotations

import re

import pytest

from statemachine import ORDER_MACHINE
from statemachine.describe import as_data, as_mermaid
from statemachine.machine import NEW
from tests.statemachine.spec import EDGES, FINAL, SPEC, STATES, TRIGGERS

EDGE_LINE = re.compile(r"^\s*(\w+) --> (\w+): (\w+)\b")


def test_as_data_lists_every_state_and_trigger() -> None:
    data = as_data(ORDER_MACHINE)
    assert sorted(data["states"]) == sorted(STATES)
    assert data["initial"] == "requested"
    assert sorted(data["final"]) == sorted(FINAL)
    triggers = [row["trigger"] for row in data["transitions"]]
    assert sorted(triggers) == sorted([*TRIGGERS, "create"])


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_as_data_rows_match_the_spec(trigger: str) -> None:
    (row,) = [r for r in as_data(ORDER_MACHINE)["transitions"] if r["trigger"] == trigger]
    sources, dest, _ = SPEC[trigger]
    assert sorted(row["sources"]) == sorted(sources)
    assert row["dest"] == dest


def test_as_data_create_row() -> None:
    (row,) = [r for r in as_data(ORDER_MACHINE)["transitions"] if r["trigger"] == "create"]
    assert (row["sources"], row["dest"], row["actors"]) == ([], "requested", ["brand"])


def test_as_data_names_what_callers_must_send() -> None:
    rows = {r["trigger"]: r for r in as_data(ORDER_MACHINE)["transitions"]}
    assert "evidence" in rows["flag_fake_traffic"]["requires"]
    assert "reason" in rows["refund"]["requires"]
    assert "video_url" in rows["publish"]["requires"]


def test_mermaid_has_one_line_per_spec_edge() -> None:
    diagram = as_mermaid(ORDER_MACHINE)
    lines = diagram.splitlines()
    assert lines[0].strip() == "stateDiagram-v2"
    assert any(line.strip().startswith("[*] --> requested") for line in lines)
    edges = [m.groups() for line in lines if (m := EDGE_LINE.match(line))]
    assert len(edges) == len(EDGES)
    assert {(src, trig, dest) for src, dest, trig in edges} == EDGES


@pytest.mark.parametrize("state", sorted(FINAL))
def test_mermaid_marks_the_final_states(state: str) -> None:
    assert f"{state} --> [*]" in as_mermaid(ORDER_MACHINE)


def test_mermaid_has_no_edge_out_of_a_final_state() -> None:
    for line in as_mermaid(ORDER_MACHINE).splitlines():
        if m := EDGE_LINE.match(line):
            assert m.group(1) not in FINAL, line


MACHINE = ORDER_MACHINE.machine  # the `transitions` Machine


def test_machine_has_exactly_the_spec_triggers_as_events() -> None:
    assert sorted(MACHINE.events) == sorted([*TRIGGERS, "create"])
    assert not [name for name in MACHINE.events if name.startswith("to_")]
    assert MACHINE.auto_transitions is False


def test_machine_states_are_the_spec_states() -> None:
    assert sorted(MACHINE.states) == sorted([*STATES, NEW])


def test_machine_edges_are_the_spec_edges() -> None:
    edges = {
        (source, name, transition.dest)
        for name, event in MACHINE.events.items()
        for source, transitions in event.transitions.items()
        for transition in transitions
    }
    assert edges == {*EDGES, (NEW, "create", "requested")}
