"""Every code block in README.md and docs/ runs (issue 28: a first agent from the docs alone).

Each page runs in a fresh folder whose default journal (``./.tape/dev.db``, SQLite) is
migrated, as after ``tape dev``, with no ``TAPE_*`` variable set and this venv's ``tape`` first
on ``PATH``. Its blocks run in the page's order:

- ``python``: executed in one interpreter per page (``tests/support/docs_runner.py``), so a
  block can use what an earlier block of the page defined. A block whose first line is a
  comment naming a file (``# shop/agent.py``) is written to that file first, as the reader is
  told to do.
- ``sh`` / ``bash`` / ``console``: run by bash with ``-e`` (for ``console``, the ``$ `` lines),
  each within a timeout, in the folder the previous shell block ended in (``cd`` carries over).
  The current folder is on ``PYTHONPATH``, standing in for ``pip install -e .``.
- ``yaml`` / ``toml`` / ``json`` / ``ini``: parsed.
- ``text``: a listing, not code; the folder listing of docs/design.md is checked against the
  repository.

A block that cannot run here says why in an HTML comment on the line before it, which the
reader sees in the page's source: ``<!-- not-run: REASON -->`` (skipped, counted) or
``<!-- background: REASON -->`` (started in the background, stopped when the page ends: servers
such as ``tape dev``; when the reason says it ``prints "TEXT"``, the next block waits for that).
A page walked through in order by its own test says so on each block: ``<!-- run-by: PATH -->``
(PATH is that test's file; docs/triage.md is run by tests/acceptance/test_triage_walkthrough.py).
"""

from __future__ import annotations

import configparser
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BIN = Path(sys.executable).parent
RUNNER = ROOT / "tests" / "support" / "docs_runner.py"
#: Seconds one shell or Python block may take.
BLOCK_TIMEOUT = 90

_FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>[\w+-]*)\s*$")
_NOTE = re.compile(r"^\s*<!--\s*(?P<kind>not-run|background|run-by):\s*(?P<reason>.*?)\s*-->\s*$")
#: A background block is waited for until it prints this (``... prints "TEXT" ...``).
_READY = re.compile(r'prints "(?P<text>[^"]+)"')
_FILE = re.compile(r"^# (?P<path>[\w./-]+\.py)\s*$")
SHELL = {"sh", "bash", "console", "shell"}
PARSED = {"yaml", "toml", "json", "ini"}
KNOWN = {"python", "text", *SHELL, *PARSED}


@dataclass(frozen=True)
class Block:
    page: str
    line: int  # of the opening fence, 1-based
    lang: str
    code: str
    note: str  # "", "not-run", "background" or "run-by"
    reason: str

    @property
    def name(self) -> str:
        return f"{self.page}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """The fenced code blocks of ``page``, with the annotation on the line before each."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent = len(opening["indent"])
        start = i
        i += 1
        body: list[str] = []
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i][indent:] if lines[i][:indent].strip() == "" else lines[i])
            i += 1
        previous = next((lines[j] for j in range(start - 1, -1, -1) if lines[j].strip()), "")
        note = _NOTE.match(previous)
        found.append(
            Block(
                page=str(page.relative_to(ROOT)),
                line=start + 1,
                lang=opening["lang"],
                code="\n".join(body) + "\n",
                note=note["kind"] if note else "",
                reason=note["reason"] if note else "",
            )
        )
        i += 1
    return found


def _console_commands(code: str) -> str:
    commands: list[str] = []
    continuing = False
    for line in code.splitlines():
        if line.startswith("$ ") or continuing:
            commands.append(line[2:] if line.startswith("$ ") and not continuing else line)
            continuing = line.rstrip().endswith("\\")
    return "\n".join(commands) + "\n"


class Page:
    """One page's run: its folder, its Python interpreter, its background processes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.cwd = folder
        self.python: subprocess.Popen[str] | None = None
        self.background: list[tuple[subprocess.Popen[bytes], Path]] = []

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TAPE_")}
        env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
        env["PYTHONPATH"] = str(self.cwd)
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def run(self, block: Block) -> None:
        if block.lang == "python":
            self._python(block)
        elif block.lang in SHELL:
            self._shell(block)
        elif block.lang in PARSED:
            _parse(block)
        elif block.lang == "text" and block.code.lstrip().startswith("tape/\n"):
            _check_listing(block)  # a folder listing of the package; other text is output

    def _python(self, block: Block) -> None:
        if self.python is None:
            self.python = subprocess.Popen(
                [sys.executable, str(RUNNER)],
                cwd=self.folder,
                env=self.env(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        assert self.python.stdin is not None and self.python.stdout is not None
        first = block.code.splitlines()[0] if block.code.strip() else ""
        named = _FILE.match(first)
        request = {
            "code": block.code,
            "cwd": str(self.cwd),
            "name": block.name,
            "path": named["path"] if named else "",
        }
        self.python.stdin.write(json.dumps(request) + "\n")
        self.python.stdin.flush()
        answer = _read_line(self.python.stdout, self.python, BLOCK_TIMEOUT)
        if answer is None:
            pytest.fail(f"{block.name}: the Python block did not finish\n{self._stderr()}")
        result = json.loads(answer)
        if not result["ok"]:
            pytest.fail(f"{block.name}: the Python block failed\n{result['error']}")

    def _stderr(self) -> str:
        if self.python is None:
            return ""
        self.python.kill()
        _, err = self.python.communicate(timeout=10)
        return err[-4000:]

    def _shell(self, block: Block) -> None:
        script = _console_commands(block.code) if block.lang == "console" else block.code
        if block.note == "background":
            log = self.folder / f".docs-background-{len(self.background)}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    ["bash", "-c", script],
                    cwd=self.cwd,
                    env=self.env(),
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            self.background.append((process, log))
            ready = _READY.search(block.reason)
            if ready:
                self._wait_for(ready["text"], process, log, block)
            return
        marker = self.folder / ".docs-cwd"
        result = subprocess.run(
            ["bash", "-e", "-c", f"{script}\npwd > {marker}"],
            cwd=self.cwd,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=BLOCK_TIMEOUT,
        )
        if result.returncode != 0:
            pytest.fail(
                f"{block.name}: exit {result.returncode}\n$ {script}\n{result.stdout}"
                f"{result.stderr}{self._background_logs()}"
            )
        self.cwd = Path(marker.read_text().strip())

    def _wait_for(
        self, text: str, process: subprocess.Popen[bytes], log: Path, block: Block
    ) -> None:
        deadline = time.monotonic() + BLOCK_TIMEOUT
        while text not in log.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{block.name}: never printed {text!r}{self._background_logs()}")
            time.sleep(0.2)

    def _background_logs(self) -> str:
        return "".join(
            f"\n--- background {i} ---\n{log.read_text(errors='replace')[-3000:]}"
            for i, (_, log) in enumerate(self.background)
            if log.exists()
        )

    def close(self) -> None:
        for process, _ in self.background:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)  # Ctrl-C, as the reader stops it
        for process, _ in self.background:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        if self.python is not None and self.python.poll() is None:
            assert self.python.stdin is not None
            self.python.stdin.close()
            try:
                self.python.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.python.kill()
                self.python.wait(timeout=10)


def _read_line(stream: IO[str], process: subprocess.Popen[str], timeout: float) -> str | None:
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if selector.select(timeout=1):
                line = stream.readline()
                return line or None
            if process.poll() is not None:
                return None
    return None


def _parse(block: Block) -> None:
    try:
        if block.lang == "yaml":
            yaml.safe_load(block.code)
        elif block.lang == "toml":
            tomllib.loads(block.code)
        elif block.lang == "json":
            json.loads(block.code)
        else:
            parser = configparser.ConfigParser(interpolation=None, strict=True)
            parser.optionxform = str  # type: ignore[assignment,method-assign]
            parser.read_string(block.code)
            assert parser.sections(), "no [section] in the ini block"
    except Exception as exc:
        pytest.fail(f"{block.name}: the {block.lang} block does not parse: {exc}")


def _check_listing(block: Block) -> None:
    """Each top-level entry of a folder listing (``name/`` or ``name.py``) exists."""
    parents: list[str] = []
    for line in block.code.splitlines():
        entry = re.match(r"^(?P<indent> *)(?P<name>[\w.-]+/?)(\s|$)", line)
        if not entry or not entry["name"].strip():
            continue
        depth = len(entry["indent"]) // 2
        if len(entry["indent"]) > 2 * len(parents):  # a continuation line of a description
            continue
        parents = [*parents[:depth], entry["name"].rstrip("/")]
        path = ROOT.joinpath(*parents)
        assert path.exists(), f"{block.name}: the listing names {path.relative_to(ROOT)}"


def _ids(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose default journal is migrated, copied for each page (one migration)."""
    folder = tmp_path_factory.mktemp("docs-journal")
    migrate = subprocess.run(
        [str(BIN / "tape"), "migrate"],
        cwd=folder,
        env={k: v for k, v in os.environ.items() if not k.startswith("TAPE_")},
        capture_output=True,
        text=True,
        timeout=BLOCK_TIMEOUT,
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    return folder / ".tape"


@pytest.mark.parametrize("page", PAGES, ids=_ids)
def test_code_blocks_of_the_page_run(page: Path, tmp_path: Path, migrated: Path) -> None:
    todo = [b for b in blocks(page) if b.note not in ("not-run", "run-by")]
    if not todo:
        return
    shutil.copytree(migrated, tmp_path / ".tape")
    run = Page(tmp_path)
    try:
        for block in todo:
            run.run(block)
    finally:
        run.close()


def test_every_block_runs_or_says_why_not() -> None:
    counts: Counter[str] = Counter()
    for page in PAGES:
        for block in blocks(page):
            assert block.lang in KNOWN, f"{block.name}: a block needs a known language tag"
            if block.note:
                assert block.reason, f"{block.name}: say why the block is {block.note}"
            if block.note == "run-by":
                # The reason names the test that runs the block (in its page's order).
                assert (ROOT / block.reason).is_file(), f"{block.name}: no test {block.reason}"
            counts[block.note or ("checked" if block.lang in {*PARSED, "text"} else "run")] += 1
    print(f"docs code blocks: {dict(counts)}")
    assert counts["run"] + counts["run-by"] > counts["not-run"], counts


def test_the_readmes_links_resolve() -> None:
    """mkdocs checks the links of docs/ (``make docs``, strict); this checks the README's."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", readme)
    local = [t for t in targets if not re.match(r"^[a-z]+:", t)]
    assert "docs/configuration.md" in local  # the pattern finds them
    missing = [t for t in local if not (ROOT / t).exists()]
    assert missing == [], f"README.md links to files that do not exist: {missing}"
