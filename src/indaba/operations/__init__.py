"""Operator tasks that only the `indaba` command runs (backup and restore)."""
