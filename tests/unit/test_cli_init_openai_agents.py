"""``tape init --framework openai-agents``: the OpenAI Agents SDK scaffold (issue 10).

What the scaffold does under ``tape dev --kill-resume-demo`` (a real SIGKILL mid-wire, one
wire) is checked by ``make demo-frameworks`` (about a minute, so not in the default suite); the
adapter itself by tests/acceptance/test_openai_agents_celery.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

from tape import cli


@pytest.fixture(autouse=True)
def _cwd(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)


def test_init_scaffolds_an_openai_agents_sdk_agent(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.tape, ["init", "treasury", "--framework", "openai-agents"])

    assert result.exit_code == 0, result.output
    root = tmp_path / "treasury"
    assert 'dependencies = ["tape[openai-agents]"]' in (root / "pyproject.toml").read_text()
    agent = (root / "treasury" / "agent.py").read_text()
    ast.parse(agent)
    assert "tape_oai.run(" in agent and "tape_oai.function_tool(wire_money)" in agent
    assert "def wire_money" in agent and '"non_idempotent"' in agent
    assert '@tape.agent(name="pay_invoice"' in agent
    assert "openai_agents" not in (root / "tape.yaml").read_text()  # the shared project file
    for name in ("tape.yaml", "treasury/__init__.py", "README.md"):
        assert (root / name).is_file(), name
