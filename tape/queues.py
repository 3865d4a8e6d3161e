"""The names tape's messages travel under: its queues and the tasks sent by name.

One place for them: the Celery configuration (:mod:`tape.broker`), the beat schedule, the
tasks and the SDK's transport all read these. A worker started with no ``-Q`` consumes every
queue.
"""

from __future__ import annotations

#: Dispatch hints: "this outbox effect is ready" (:mod:`tape.hints`).
DISPATCH_QUEUE = "tape.dispatch"
#: The beat-ticked passes (:mod:`tape.passes`).
REACTORS_QUEUE = "tape.reactors"
#: Agent runs (``tape.agents.<name>``).
AGENTS_QUEUE = "tape.agents"
#: The event bus's TASK and PUBLISH reactions (``tape.reactions.work``).
REACTIONS_QUEUE = "tape.reactions"

ALL = (DISPATCH_QUEUE, REACTORS_QUEUE, AGENTS_QUEUE, REACTIONS_QUEUE)

#: The per-effect dispatch hint's task.
DISPATCH_TASK = "tape.outbox.dispatch"
#: An agent's task is this prefix and the agent's name.
AGENT_TASK_PREFIX = "tape.agents."
#: Runs due tasks of one reaction.
REACTION_WORK_TASK = "tape.reactions.work"
#: A pass's task is this prefix and the pass's name (``tape.reactors.outbox``).
PASS_TASK_PREFIX = "tape.reactors."
