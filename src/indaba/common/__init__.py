"""Helpers every Django app may use (no models, no views): database paths, public
addresses, typed domain errors. Imports only Django and the sync engine's plain types."""
