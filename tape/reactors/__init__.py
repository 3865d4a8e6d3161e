"""The reactor passes, as plain functions over a :class:`tape.Journal`.

Each pass claims the rows it works on by compare-and-swap, so running it twice at the same
moment (two beats, a redelivered tick, two CLI loops) does no double work. Celery tasks in
:mod:`tape.tasks` call them, as :mod:`tape.passes` declares them; so do the CLIs
(``tape pass NAME --once``, ``tape outbox``, ``python -m tape.reactors.outbox --once``).
A new pass is a module here and one entry in :data:`tape.passes.ALL`.
"""
