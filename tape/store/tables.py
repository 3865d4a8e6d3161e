"""The ``Table`` objects of the models, typed for Core statements."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table

from tape import models

runs = cast(Table, models.Run.__table__)
journal = cast(Table, models.JournalRow.__table__)
decisions = cast(Table, models.Decision.__table__)
effects = cast(Table, models.Effect.__table__)
obligations = cast(Table, models.Obligation.__table__)
budgets = cast(Table, models.Budget.__table__)
signals = cast(Table, models.Signal.__table__)
timers = cast(Table, models.Timer.__table__)
values = cast(Table, models.Value.__table__)
sessions = cast(Table, models.Session.__table__)
events = cast(Table, models.Event.__table__)
scoped_state = cast(Table, models.ScopedState.__table__)
reactions = cast(Table, models.Reaction.__table__)
reaction_cursors = cast(Table, models.ReactionCursor.__table__)
tasks = cast(Table, models.Task.__table__)
run_links = cast(Table, models.RunLink.__table__)
