"""The parts of scripts/sdk_parity.py: the scripted upstream, the dispatchers, the scenarios."""
