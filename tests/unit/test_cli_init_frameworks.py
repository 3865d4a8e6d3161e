"""``tape init --framework``: the LangGraph and Pydantic AI scaffolds (issue 10).

What the scaffolds do under ``tape dev --kill-resume-demo`` (a real SIGKILL mid-wire, one wire)
is checked by ``make demo-frameworks`` (about a minute per framework, so not in the default
suite); the adapters themselves by tests/acceptance/test_framework_adapters.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

from tape import cli

CASES = {
    "langgraph": ("tape[langgraph]", "TapeMiddleware()"),
    "pydantic-ai": ("tape[pydantic-ai]", "TapeDurability()"),
}


@pytest.fixture(autouse=True)
def _cwd(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("framework", sorted(CASES))
def test_init_scaffolds_a_framework_agent(tmp_path: Path, framework: str) -> None:
    requirement, durable = CASES[framework]

    result = CliRunner().invoke(cli.tape, ["init", "treasury", "--framework", framework])

    assert result.exit_code == 0, result.output
    root = tmp_path / "treasury"
    assert f'dependencies = ["{requirement}"]' in (root / "pyproject.toml").read_text()
    agent = (root / "treasury" / "agent.py").read_text()
    ast.parse(agent)
    assert durable in agent
    assert "def wire_money" in agent and '"non_idempotent"' in agent
    assert '@tape.agent(name="pay_invoice"' in agent
    for name in ("tape.yaml", "treasury/__init__.py", "README.md"):
        assert (root / name).is_file(), name


def test_init_without_a_framework_is_tapes_own_loop(tmp_path: Path) -> None:
    assert CliRunner().invoke(cli.tape, ["init", "plain"]).exit_code == 0
    assert 'dependencies = ["tape"]' in (tmp_path / "plain" / "pyproject.toml").read_text()
    assert "ctx.decide(" in (tmp_path / "plain" / "plain" / "agent.py").read_text()


def test_init_refuses_an_unknown_framework(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.tape, ["init", "x", "--framework", "crewai"])

    assert result.exit_code == 2
    assert "crewai" in result.output
    assert not (tmp_path / "x").exists()
