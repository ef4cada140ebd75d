"""Privacy (POPIA): the retention policy applied, and what is held about one person,
exported or erased. Sits above every app whose records it reads (docs/privacy.md)."""
