"""The event bus's language: what a reaction is and what it may say, with no I/O.

- :mod:`tape.events.spec` — what a valid reaction is (subject patterns, handler, limits);
- :mod:`tape.events.predicates` — CEL predicates over a journal row's envelope, with their
  size limits (:mod:`tape.events.prescan`) and per-row cost budget (:mod:`tape.events.budget`);
- :mod:`tape.events.egress` (and :mod:`~tape.events.egress_http`) — which addresses a webhook
  sink may reach;
- :mod:`tape.events.records` — the records of reactions and their tasks.

The journal validates reactions with it and the store writes its records, so it sits below
both; the event bus itself (the matcher, dispatch, sinks, ``tape.on``) is :mod:`tape.reactions`.
"""
