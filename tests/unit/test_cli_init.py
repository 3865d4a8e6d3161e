"""``tape init``: the scaffold, and refusing to overwrite."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tape import cli


@pytest.fixture(autouse=True)
def _cwd(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)


def test_init_scaffolds_a_project(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.tape, ["init", "treasury"])

    assert result.exit_code == 0, result.output
    root = tmp_path / "treasury"
    config = yaml.safe_load((root / "tape.yaml").read_text())
    assert config["apiVersion"] == "tape.dev/v1" and config["kind"] == "TapeProject"
    assert config["project"]["module"] == "treasury"  # the package is named after the project
    assert config["agent"]["entrypoint"] == "treasury.agent:pay_invoice"
    assert config["tape"]["database_url"] == "sqlite:///.tape/dev.db"
    assert '"tape"' in (root / "pyproject.toml").read_text()
    assert 'packages = ["treasury"]' in (root / "pyproject.toml").read_text()
    agent = (root / "treasury" / "agent.py").read_text()
    ast.parse(agent)
    assert "def wire_money" in agent and 'connector="bank.wire"' in agent
    assert '"non_idempotent"' in agent
    init = (root / "treasury" / "__init__.py").read_text()
    ast.parse(init)
    assert "from treasury import agent" in init
    readme = (root / "README.md").read_text()
    assert "](https://github.com/)" not in readme and "tape run pay_invoice" in readme
    assert not (root / "app").exists()


def test_the_package_name_follows_the_project_name(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.tape, ["init", "Acme-Pay.v2"])

    assert result.exit_code == 0, result.output
    root = tmp_path / "Acme-Pay.v2"
    assert (root / "acme_pay_v2" / "agent.py").is_file()
    assert yaml.safe_load((root / "tape.yaml").read_text())["project"]["module"] == "acme_pay_v2"


def test_a_name_that_would_shadow_tape_is_refused() -> None:
    result = CliRunner().invoke(cli.tape, ["init", "tape"])

    assert result.exit_code == 2
    assert "shadows" in result.stderr


def test_init_refuses_a_non_empty_dir_without_force(tmp_path: Path) -> None:
    (tmp_path / "treasury").mkdir()
    (tmp_path / "treasury" / "keep.txt").write_text("mine")

    refused = CliRunner().invoke(cli.tape, ["init", "treasury"])
    forced = CliRunner().invoke(cli.tape, ["init", "treasury", "--force"])

    assert refused.exit_code == 2
    assert "not empty" in refused.stderr and "--force" in refused.stderr
    assert forced.exit_code == 0
    assert (tmp_path / "treasury" / "keep.txt").read_text() == "mine"
    assert (tmp_path / "treasury" / "tape.yaml").is_file()


def test_init_into_an_empty_existing_dir(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()

    assert CliRunner().invoke(cli.tape, ["init", "empty"]).exit_code == 0


def test_init_framework_adk_scaffolds_an_adk_agent(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.tape, ["init", "treasury", "--framework", "adk"])

    assert result.exit_code == 0, result.output
    root = tmp_path / "treasury"
    config = yaml.safe_load((root / "tape.yaml").read_text())
    assert config["agent"]["entrypoint"] == "treasury.agent:runner"
    assert set(config["agent"]["demo_inputs"]) == {"user_id", "session_id", "message"}
    assert '"tape[adk]"' in (root / "pyproject.toml").read_text()
    agent = (root / "treasury" / "agent.py").read_text()
    ast.parse(agent)
    assert "LlmAgent(" in agent and "durable_app(" in agent and "ScriptedLlm(" in agent
    assert 'semantics="non_idempotent"' in agent and "GOOGLE_API_KEY" in agent


def test_init_names_the_frameworks_it_knows(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.tape, ["init", "treasury", "--framework", "nope"])

    assert result.exit_code == 2
    assert "'adk'" in result.output and "'tape'" in result.output
    assert not (tmp_path / "treasury").exists()


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("import", "a Python keyword"),
        ("class", "a Python keyword"),
        ("os", "shadows a module it imports"),
        ("sys", "shadows a module it imports"),
        ("json", "shadows a module it imports"),
        ("Celery", "shadows a module it imports"),  # the package is lower-cased: celery
        ("agents", "shadows a module it imports"),  # openai-agents' package
        ("123bad", "does not start with a letter"),
        ("a" * 300, "longer than 64 characters"),
        ("", "give a project name"),
        ("   ", "give a project name"),
        ("bad name!", "not a usable project name"),
    ],
)
def test_a_name_that_cannot_be_a_project_is_refused_in_one_line(
    tmp_path: Path, name: str, says: str
) -> None:
    result = CliRunner().invoke(cli.tape, ["init", name])

    assert result.exit_code == 2, result.output
    assert says in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("tape: error: ")
    assert isinstance(result.exception, SystemExit)  # an exit, not an exception escaping
    assert list(tmp_path.iterdir()) == []  # nothing created


def test_the_longest_name_allowed_is_scaffolded(tmp_path: Path) -> None:
    name = "p" + "x" * 63

    result = CliRunner().invoke(cli.tape, ["init", name])

    assert result.exit_code == 0, result.output
    assert (tmp_path / name / name / "agent.py").is_file()
