"""Generated ``tape.v1`` stubs (``scripts/gen_proto.sh``; never edit by hand)."""
