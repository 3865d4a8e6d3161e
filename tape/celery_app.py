"""The Celery application: ``celery -A tape worker`` and ``celery -A tape beat``.

This is the composition root of a Celery process: :func:`create_app` configures the app
(:mod:`tape.broker`), registers a task per pass (:mod:`tape.tasks`, from :data:`tape.passes.ALL`)
and every declared agent's task, ticks the passes from the beat schedule, installs the hint
publisher and recovery's re-drive; importing this module makes the app and installs it as the
SDK's transport (:mod:`tape.transport`), so ``agent.delay()`` in the worker sends on it.

Delivery is only a hint here: every task claims its rows in the journal by compare-and-swap
before acting, so a redelivered message (Redis visibility timeout, ``acks_late`` after a killed
child, a second beat) never causes a blind retry. Connection pools are dropped in each forked
child. The queues (:mod:`tape.queues`): ``tape.dispatch`` (dispatch hints), ``tape.reactors``
(beat-ticked passes), ``tape.agents`` (agent runs) and ``tape.reactions`` (the event bus's TASK
and PUBLISH reactions); a worker started with no ``-Q`` consumes them all.
"""

from __future__ import annotations

from typing import Any

from celery import Celery
from celery.signals import worker_process_init

from tape import agents, beat_schedule, broker, hints, passlog, queues, runtime, tasks, transport
from tape.broker import celery_config
from tape.config import Settings
from tape.observability import celery_signals

__all__ = ["app", "celery_config", "create_app"]

DISPATCH_QUEUE = queues.DISPATCH_QUEUE
REACTORS_QUEUE = queues.REACTORS_QUEUE
AGENTS_QUEUE = queues.AGENTS_QUEUE
REACTIONS_QUEUE = queues.REACTIONS_QUEUE
DISPATCH_TASK = queues.DISPATCH_TASK
OUTBOX_PASS_TASK = queues.PASS_TASK_PREFIX + "outbox"


def create_app(settings: Settings | None = None) -> Celery:
    """A configured Celery app with tape's tasks, agents and beat schedule registered."""
    settings = settings or runtime.settings()
    if not settings.pass_events:
        passlog.install()  # beat ticks stay below INFO in the worker and beat logs
    app = Celery("tape")
    app.conf.update(celery_config(settings))
    app.conf.beat_schedule = beat_schedule.build(settings)
    tasks.register(app)
    sender = broker.CeleryTransport(app)
    # Agents declared before the app existed; later ones register with the installed transport.
    agents.register_tasks(sender)
    agents.install_redrive()
    passlog.quiet_events(app, settings.pass_events)  # Flower lists the user's tasks
    if settings.dispatch_hints:
        hints.set_publisher(sender.publish_hint, sender.publish_drain, _run_publisher(sender))
    return app


def _run_publisher(sender: broker.CeleryTransport) -> hints.RunPublisher:
    def publish_run(app_name: str, run_id: str) -> None:
        sender.send_run(app_name, run_id, None, "")

    return publish_run


def _fresh_pool_in_child(**_: Any) -> None:
    # Never share a connection pool across fork: drop what the parent had, close nothing.
    runtime.journal().database.forget_engine()


worker_process_init.connect(_fresh_pool_in_child, weak=False)
# Trace context through messages, JSON logs when asked for, the opt-in metrics exporter.
celery_signals.connect(journal=runtime.journal)


app = create_app()
transport.install(broker.CeleryTransport(app))
