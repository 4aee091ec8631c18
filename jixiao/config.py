"""Where things live. The database path is the only setting so far."""

from __future__ import annotations

import csv
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DB_ENV = "JIXIAO_DB"
DEFAULT_DB = PROJECT_ROOT / "warehouse" / "jixiao.duckdb"


def database_path(option: Path | None = None) -> Path:
    """``--db`` if given, else ``$JIXIAO_DB``, else ``warehouse/jixiao.duckdb`` in the project."""
    if option is not None:
        return option
    env = os.environ.get(DB_ENV)
    return Path(env) if env else DEFAULT_DB


SEEDS = PROJECT_ROOT / "seeds"


def read_seed(name: str) -> list[dict[str, str]]:
    """A dbt seed's rows: reference data shared by the warehouse and the Python that serves it."""
    with open(SEEDS / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))
