"""Persistence: a DuckDB file of deduplicated articles and analyzed documents, and its export."""

from .migrations import SCHEMA_VERSION, StoreError
from .store import TABLES, AddResult, Store

__all__ = ["SCHEMA_VERSION", "TABLES", "AddResult", "Store", "StoreError"]
