"""Evidence for executives: indicators of the value a community creates, grouped by the
Wenger-Trayner value-creation cycles, with small-cell suppression applied to every output
(page, PDF, CSV, JSON)."""
