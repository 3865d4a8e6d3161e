"""``python -m tape.reactors.outbox``: ``tape outbox``, under the name it had first.

A program entry, not part of the pass: nothing imports this module, so starting the command
from here makes no import cycle (pyproject.toml's layer contract names it as its one exception).
"""

from __future__ import annotations

from tape.cli.outbox import outbox_command
from tape.observability import logs

# The process entry decides the rendering, as `tape outbox` does (TAPE_LOG_FORMAT=json: every
# log line on stderr is JSON, the connectors' dispatch lines included).
logs.configure_from_env()
outbox_command(prog_name="python -m tape.reactors.outbox")
