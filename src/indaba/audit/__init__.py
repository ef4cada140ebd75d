"""The audit trail: an append-only, hash-chained log of security- and knowledge-relevant
events with personal data kept beside the chain (docs/audit.md)."""
