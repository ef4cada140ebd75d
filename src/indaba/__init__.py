"""Indaba: a self-hosted workspace for hybrid Communities of Practice."""

__version__ = "0.1.0"
