"""The four outbox dispatchers as the parity harness runs them (docs/dispatchers.md).

Each is a command line to which the harness appends the flags every language shares; a
dispatcher that is not built is still a :class:`Dispatcher`, whose :attr:`missing` says which
make target builds it, so its rows read FAILED with that hint (never skipped).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
LANGUAGES = ("python", "typescript", "go", "java")

GO_BINARY = REPO / "sdk" / "go" / "bin" / "tape-outbox"
JAVA_TARGET = REPO / "sdk" / "java" / "target"
TS_BINARY = REPO / "sdk" / "typescript" / "bin" / "tape-outbox-ts.js"


@dataclass(frozen=True)
class Dispatcher:
    language: str
    command: tuple[str, ...]
    #: Why it cannot run here and what builds it; "" when it can.
    missing: str = ""


def dispatcher(language: str) -> Dispatcher:
    """How to start ``language``'s dispatcher (docs/dispatchers.md, "make sdk-parity")."""
    if language == "python":
        return Dispatcher(language, (sys.executable, "-m", "tape.reactors.outbox"))
    if language == "typescript":
        command = ("node", str(TS_BINARY))
        if shutil.which("node") is None:
            return Dispatcher(language, command, "node is not on PATH (install Node 20.6+)")
        if not (TS_BINARY.parents[1] / "node_modules").is_dir():
            return Dispatcher(
                language,
                command,
                "sdk/typescript/node_modules missing (`make test-ts` installs it)",
            )
        return Dispatcher(language, command)
    if language == "go":
        binary = (str(GO_BINARY),)
        if not GO_BINARY.is_file():
            return Dispatcher(
                language,
                binary,
                "dispatcher not built: sdk/go/bin/tape-outbox missing (`make go` builds it)",
            )
        return Dispatcher(language, binary)
    if language == "java":
        classes, classpath = JAVA_TARGET / "classes", JAVA_TARGET / "cp.txt"
        if not classes.is_dir() or not classpath.is_file():
            why = (
                "dispatcher not built: sdk/java/target/classes or target/cp.txt missing "
                "(`make java` builds it)"
            )
            return Dispatcher(language, ("java",), why)
        if shutil.which("java") is None:
            return Dispatcher(language, ("java",), "java is not on PATH (`make toolchain-java`)")
        cp = f"{classpath.read_text().strip()}:{classes}"
        return Dispatcher(language, ("java", "-cp", cp, "dev.tape.cli.TapeOutbox"))
    raise ValueError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")


def environment(url: str) -> dict[str, str]:
    """The dispatchers' environment: this one, pointed at the harness's server, no token."""
    env = {k: v for k, v in os.environ.items() if k not in ("TAPE_TOKEN", "TAPE_DISPATCH_CLAIMER")}
    return {**env, "TAPE_URL": url}


def passes(stdout: str) -> list[list[dict[str, Any]]]:
    """The ``{"outbox": [...]}`` lines a dispatcher printed, one list per pass."""
    found = []
    for line in stdout.splitlines():
        try:
            parsed = json.loads(line)
        except ValueError:
            continue
        if isinstance(parsed, dict) and isinstance(parsed.get("outbox"), list):
            found.append(parsed["outbox"])
    return found


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def passes(self) -> list[list[dict[str, Any]]]:
        return passes(self.stdout)

    def describe(self) -> str:
        why = error_line(self.stderr.splitlines())
        return f"exit {self.returncode}, {len(self.passes)} pass line(s), stderr: {why!r}"


def error_line(lines: list[str]) -> str:
    """The line of a process's stderr that says what went wrong: the last naming an error
    (a stack trace ends with the runtime's version, not the error), else the last line."""
    lines = [line.strip() for line in lines if line.strip()]
    named = [line for line in lines if "error" in line.lower() or "exception" in line.lower()]
    return (named or lines or [""])[-1][:300]


def run(d: Dispatcher, url: str, flags: list[str], timeout: float = 120) -> Finished:
    """Run the dispatcher to its end (``--once`` runs)."""
    started = time.monotonic()
    proc = subprocess.run(
        [*d.command, "--url", url, *flags],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env=environment(url),
    )
    return Finished(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started)


@dataclass
class Running:
    """A dispatcher started in the background (no ``--once``); its stdout read as it comes."""

    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, d: Dispatcher, url: str, flags: list[str]) -> Running:
        return cls.spawn([*d.command, "--url", url, *flags], environment(url))

    @classmethod
    def spawn(cls, argv: list[str], env: dict[str, str]) -> Running:
        # Its own process group: a shell line (`cd sdk/go && go run ...`) stops with its child.
        process = subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env=env,
            start_new_session=True,
        )
        running = cls(process)
        for stream, into in ((process.stdout, running.lines), (process.stderr, running.errors)):
            threading.Thread(target=_drain, args=(stream, into), daemon=True).start()
        return running

    @property
    def passes(self) -> list[list[dict[str, Any]]]:
        return passes("\n".join(self.lines))

    def stop(self) -> int:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # the group this harness started
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.process.returncode


def _drain(stream: Any, into: list[str]) -> None:
    for line in stream:
        into.append(line.rstrip("\n"))
