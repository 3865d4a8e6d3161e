"""The ``readme`` scenario: README.md's "Dispatchers in other languages" lines, run as written.

The block after ``<!-- run-by: scripts/sdk_parity.py -->`` holds one command per language (the
seed's command lines). Each runs with bash from the repository's root, with one change: the
address ``tape://localhost:7878`` becomes the harness's server. What the reader would have is
set up around it: this venv's ``python`` and a ``tape-outbox-ts`` (sdk/typescript's bin, as
``npm install -g`` puts it) first on ``PATH``, and a module ``my_app.connectors.bank`` on
``PYTHONPATH`` that registers ``bank.wire`` as an HTTPConnector to the upstream's /ok.

A line with ``--once`` must exit 0 having dispatched a waiting ``log`` effect; a line without it
is a daemon: it runs until a ``bank.wire`` effect is CONFIRMED (Python, whose ``--load``
registers it) or, when nothing registers ``bank.wire`` (Go's plain binary), until it has made a
pass that left that effect untouched; then it is stopped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from parity import dispatchers
from parity.dispatchers import REPO, TS_BINARY, Running
from parity.scenarios import Context, Failed, check, expect, pending
from tape import EffectStatus

README = REPO / "README.md"
MARK = "<!-- run-by: scripts/sdk_parity.py -->"
ADDRESS = "tape://localhost:7878"
#: Go's first `go run` compiles; Java's line runs Maven twice.
DAEMON_SECONDS = 300

BANK_MODULE = '''\
"""The reader's connector module: registers bank.wire (made by scripts/parity/readme.py)."""
import tape.connectors
from tape.connectors.http import HTTPConnector

tape.connectors.register(HTTPConnector(name="bank.wire", endpoint={endpoint!r}))
'''


def commands() -> dict[str, str]:
    """language -> its command line in README.md (continuations joined)."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(MARK) + 2  # the mark, then the opening fence
    block = lines[start : lines.index("```", start)]
    joined = re.sub(r"\\\n\s*", "", "\n".join(block))
    found: dict[str, str] = {}
    for line in joined.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        head = line.split()[0] if not line.startswith("cd ") else line.split()[1]
        language = {
            "python": "python",
            "tape-outbox-ts": "typescript",
            "sdk/go": "go",
            "sdk/java": "java",
        }.get(head)
        if language is None:
            raise Failed(f"README.md: a line for no known language: {line[:80]!r}")
        found[language] = line
    return found


def missing(language: str) -> str:
    """What this machine lacks to run the README's line for ``language``; "" if nothing."""
    needs = {
        "python": [],
        "typescript": ["node"],
        "go": ["go"],
        "java": ["mvn", "java"],
    }[language]
    absent = [tool for tool in needs if shutil.which(tool) is None]
    if absent:
        target = {"go": "make toolchain-go", "java": "make toolchain-java"}.get(language, "")
        return f"{' and '.join(absent)} not on PATH" + (f" (`{target}`)" if target else "")
    if language == "typescript" and not (TS_BINARY.parents[1] / "node_modules").is_dir():
        return "sdk/typescript/node_modules missing (`make test-ts` installs it)"
    return ""


def readme(ctx: Context, language: str) -> str:
    line = commands().get(language)
    check(line is not None, f"README.md shows no {language} line")
    assert line is not None
    check(ADDRESS in line, f"the {language} line does not name {ADDRESS}")
    env = _reader_env(ctx)
    command = line.replace(ADDRESS, ctx.url)
    if "--once" in line:
        effect = pending(ctx, "log")
        done = subprocess.run(
            ["bash", "-c", command],
            capture_output=True, text=True, cwd=REPO, env=env, timeout=DAEMON_SECONDS,
        )  # fmt: skip
        result = dispatchers.Finished(done.returncode, done.stdout, done.stderr, 0.0)
        check(done.returncode == 0, f"{line[:60]}...: {result.describe()}")
        expect(ctx, effect, EffectStatus.CONFIRMED, 1)
        return "--once: exit 0, log effect CONFIRMED"
    effect = pending(ctx, "bank.wire")
    registers = "--load" in line
    running = Running.spawn(["bash", "-c", command], env)
    try:
        deadline = time.monotonic() + DAEMON_SECONDS
        while time.monotonic() < deadline and running.process.poll() is None:
            current = ctx.journal.get_effect(
                run_id=effect.run_id, idempotency_key=effect.idempotency_key
            )
            if registers and current is not None and current.status != EffectStatus.PENDING:
                break
            if not registers and running.passes:
                break
            time.sleep(0.1)
        check(
            running.process.poll() is None,
            f"exited {running.process.returncode}: {dispatchers.error_line(running.errors)!r}",
        )
    finally:
        running.stop()
    if registers:
        expect(ctx, effect, EffectStatus.CONFIRMED, 1)
        check(ctx.upstream.count(effect.idempotency_key) == 1, "bank.wire: not one upstream call")
        return "daemon: --load registered bank.wire, effect CONFIRMED by one POST"
    why = dispatchers.error_line(running.errors)
    check(running.passes, f"no pass line within {DAEMON_SECONDS} s: {why!r}")
    expect(ctx, effect, EffectStatus.PENDING, 0)
    return "daemon: passes made; bank.wire (registered by nobody) untouched"


def _reader_env(ctx: Context) -> dict[str, str]:
    home = ctx.work / "reader"
    package = home / "app" / "my_app" / "connectors"
    if not package.is_dir():
        package.mkdir(parents=True)
        (package.parent / "__init__.py").write_text("")
        (package / "__init__.py").write_text("")
        (package / "bank.py").write_text(BANK_MODULE.format(endpoint=ctx.upstream.url("/ok")))
        bin_dir = home / "bin"
        bin_dir.mkdir()
        (bin_dir / "tape-outbox-ts").symlink_to(TS_BINARY)
    env = dispatchers.environment(ctx.url)
    env["PATH"] = (
        f"{home / 'bin'}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    )
    env["PYTHONPATH"] = str(home / "app")
    return env
