"""The reports folder and the knowledge-base file built from it: ingest, its plan, the write lock, uploads."""
