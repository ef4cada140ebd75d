"""Loaded with `-p` before pytest-django configures Django, so that Django's settings
(read once) point at a throwaway data directory and, for the PostgreSQL run, at the
test server. Nothing the suite does touches ./indaba-data."""

from __future__ import annotations

import os
import tempfile

os.environ["INDABA_DATA_DIR"] = tempfile.mkdtemp(prefix="indaba-test-data-")
os.environ["INDABA_SECRET_KEY"] = "test-secret-key-not-for-production"
_postgres = os.environ.get("INDABA_TEST_POSTGRES_URL", "")
if _postgres:
    # pytest-django creates and drops test_<name> on this server. Two checkouts testing on
    # one PostgreSQL server at once give each run its own name (INDABA_TEST_DB_NAME).
    _name = os.environ.get("INDABA_TEST_DB_NAME", "indaba")
    os.environ["INDABA_DATABASE_URL"] = _postgres.rsplit("/", 1)[0] + "/" + _name
else:
    os.environ.pop("INDABA_DATABASE_URL", None)
