"""The soak: many non-idempotent effects through a faulty bank while processes die around them.

``make soak`` (``N=`` effects, default 10,000) runs ``python -m soak`` with ``bench/`` on the
path. What happens:

1. Services of its own: a fresh Postgres database (created, migrated, dropped at the end; no
   other database is touched) and, by default, its own ``redis-server`` on a free port (the
   shared one on 6379 has no persistence and other people's tests on it; it is never
   restarted). ``--redis-url`` uses an existing Redis instead, under a key prefix of its own,
   and then Redis restarts are skipped.
2. Real ``celery -A tape worker`` (2 workers x 2 prefork children, importing
   :mod:`soak.connector` and :mod:`soak.agents`) and ``celery -A tape beat``
   processes (:mod:`tests.support.celery_procs`), dispatching through an ``HTTPConnector`` to a
   :class:`tape.testing.FakeUpstream` that has an observe endpoint (``/wires/lookup``).
3. Effects are enqueued in runs of ``--chunk`` with ``tape.enqueue_many``; before each chunk
   is enqueued, some of its effects get an upstream fault for their first request
   (:mod:`soak.upstream`): lost acks (booked, then the reply comes after the client's
   timeout, or the socket is reset), slow replies, 503s with and without booking, 400s.
4. Meanwhile :mod:`soak.chaos` SIGKILLs worker children, worker main processes, beat and
   ``tape server`` (and restarts what died, as a supervisor would), terminates the soak
   database's Postgres backends, restarts its Redis, and with ``SOAK_RESTART_POSTGRES=1``
   restarts the local Postgres cluster (which disturbs everyone using it: only with that
   flag).
5. Beside the effects, under the same faults, every other surface (:mod:`soak.surfaces`):
   ``max(24, N/20)`` agent runs on the same workers (a tape-native, a Pydantic AI and a
   LangGraph agent, :mod:`soak.agents`), each with a gate answered by ``tape signal``, an
   inline effect, a NON_IDEMPOTENT wire through the faulty bank and, one run in four, a
   refusal after the wire that undoes the run; a TASK reaction on every confirmed effect; and
   ``max(30, N/20)`` NON_IDEMPOTENT effects of a connector only ``python -m
   tape.reactors.outbox --url tape://...`` registers (:mod:`soak.remote`), drained through a
   ``tape server`` the chaos SIGKILLs (``kill-server``) and the supervisor restarts on the same
   port.
6. Then nothing is done for the system: it has to settle by itself. :mod:`soak.verdict`
   checks one booked wire per CONFIRMED effect, none per FAILED, nothing PENDING, UNKNOWN only
   when stuck, and how long after the last fault the last effect settled, and prints one
   summary line (exit 1 when a check fails); :mod:`soak.surface_verdict` checks the other
   surfaces (every run TERMINAL, or FAILED when refused, none waiting on a satisfied gate or
   running on an expired lease; one wire per business key; the model asked once per decision
   unless a call was lost; one DONE task per confirmed row; an obligation COMPENSATED exactly
   when its inverse ran) and prints a second line.
"""
