"""Adapters that make agents written for other frameworks durable on tape.

:mod:`tape.integrations.core` is the seam they all stand on (decisions and tool calls by
position); each framework's adapter is a sub-package, installed with its extra.
"""
