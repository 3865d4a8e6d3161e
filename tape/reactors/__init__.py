"""The reactor passes, as plain functions over a :class:`tape.Journal`.

Each pass claims the rows it works on by compare-and-swap, so running it twice at the same
moment (two beats, a redelivered tick, two CLI loops) does no double work. Celery tasks in
:mod:`tape.tasks` call them; so do the CLIs (``python -m tape.reactors.outbox --once``).
"""
