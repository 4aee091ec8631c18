"""Where things live. The database path is the only setting so far."""

from __future__ import annotations

import os
from pathlib import Path

from ingest.seeds import SEEDS, read_seed

__all__ = ["DB_ENV", "DEFAULT_DB", "PROJECT_ROOT", "SEEDS", "database_path", "read_seed"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DB_ENV = "JIXIAO_DB"
DEFAULT_DB = PROJECT_ROOT / "warehouse" / "jixiao.duckdb"


def database_path(option: Path | None = None) -> Path:
    """``--db`` if given, else ``$JIXIAO_DB``, else ``warehouse/jixiao.duckdb`` in the project."""
    if option is not None:
        return option
    env = os.environ.get(DB_ENV)
    return Path(env) if env else DEFAULT_DB
