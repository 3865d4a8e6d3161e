"""The storage layer: every SQL statement tape runs lives in this package.

One module per ledger; each transition is one transaction holding a conditional UPDATE (or
INSERT ... ON CONFLICT DO NOTHING) with ``RETURNING`` and its journal row. Nothing above this
package builds SQL or holds a connection.
"""
